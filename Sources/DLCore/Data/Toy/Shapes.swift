import Foundation

/// The figures the `shapes` data set draws; a config's `kinds` lists its classes in order.
public enum ShapeKind: String, Codable, CaseIterable, Hashable, Sendable {
    case circle, square, triangle, cross, ring, star
}

/// A small procedurally generated image set for convolution studies: one filled figure per
/// image (circle, square, triangle, cross, ring, star) at a random position, size, rotation and
/// brightness, anti-aliased (4×4 supersampling), on a black background with Gaussian pixel
/// noise. Samples are `[1, size, size]`; sample `i` of each split has class `i % kinds.count`.
///
/// Difficulty at the defaults (6 classes, 5000 train / 1000 test, 16×16, noise 0.1), measured on
/// an export with small numpy models trained with Adam, batch 100, two seeds (test accuracy; train
/// accuracy in brackets) — a spread like MNIST-1D's 32 / 68 / 94 %:
/// - logistic regression on pixels, lr 1e-2, 8000 steps: 38 % (51 %);
/// - MLP 256–100–100–6 (ReLU), lr 1e-2, 8000 steps: 75–77 % (100 %);
/// - CNN conv3×3(16)–ReLU–maxpool2–conv3×3(32)–ReLU–maxpool2–linear, lr 1e-3, 3000 steps:
///   93 % (98 %).
/// Chance is 16.7 %. dlstudy's own models should land near these numbers.
public struct ShapesConfig: Codable, Hashable, Sendable {
    public var trainCount = 5000
    public var testCount = 1000
    /// Image height and width in pixels.
    public var size = 16
    /// The classes, in label order.
    public var kinds: [ShapeKind] = ShapeKind.allCases
    /// Circumradius as a fraction of `size`, uniform in this range.
    public var minRadius = 0.2
    public var maxRadius = 0.45
    /// Rotate each figure by a uniform random angle.
    public var rotate = true
    /// Std of the Gaussian noise added to every pixel.
    public var noise = 0.1
    public var seed: UInt64 = 0

    public init(
        trainCount: Int = 5000, testCount: Int = 1000, size: Int = 16,
        kinds: [ShapeKind] = ShapeKind.allCases,
        minRadius: Double = 0.2, maxRadius: Double = 0.45, rotate: Bool = true, noise: Double = 0.1,
        seed: UInt64 = 0
    ) {
        self.trainCount = trainCount
        self.testCount = testCount
        self.size = size
        self.kinds = kinds
        self.minRadius = minRadius
        self.maxRadius = maxRadius
        self.rotate = rotate
        self.noise = noise
        self.seed = seed
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ShapesConfig()
        trainCount = try c.decodeIfPresent(Int.self, forKey: .trainCount) ?? d.trainCount
        testCount = try c.decodeIfPresent(Int.self, forKey: .testCount) ?? d.testCount
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? d.size
        kinds = try c.decodeIfPresent([ShapeKind].self, forKey: .kinds) ?? d.kinds
        minRadius = try c.decodeIfPresent(Double.self, forKey: .minRadius) ?? d.minRadius
        maxRadius = try c.decodeIfPresent(Double.self, forKey: .maxRadius) ?? d.maxRadius
        rotate = try c.decodeIfPresent(Bool.self, forKey: .rotate) ?? d.rotate
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? d.noise
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }

    public func validate() throws {
        try Toy2D.check(trainCount: trainCount, testCount: testCount, noise: noise, name: "shapes")
        if size < 4 {
            throw DataError(
                .invalidConfig, problem: "shapes.size is \(size)", fix: "use at least 4 pixels")
        }
        if kinds.isEmpty || Set(kinds).count != kinds.count {
            throw DataError(
                .invalidConfig, problem: "shapes.kinds is \(kinds.map(\.rawValue))",
                fix:
                    "list distinct kinds from \(ShapeKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if !(minRadius > 0 && minRadius <= maxRadius && maxRadius <= 0.5) {
            throw DataError(
                .invalidConfig, problem: "shapes radius range \(minRadius)…\(maxRadius)",
                fix: "use 0 < minRadius ≤ maxRadius ≤ 0.5 (fractions of the image size)")
        }
    }
}

public enum Shapes {
    /// Train then test drawn from `RandomStream(seed: seed, stream: "shapes")`.
    public static func generate(_ c: ShapesConfig = ShapesConfig()) throws -> DataSplits {
        try c.validate()
        var g = RandomStream(seed: c.seed, stream: "shapes")
        func split(_ n: Int) -> Dataset {
            let pixels = c.size * c.size
            var x = [Float](repeating: 0, count: n * pixels)
            var y = [Int32](repeating: 0, count: n)
            x.withUnsafeMutableBufferPointer { buf in
                for i in 0..<n {
                    let k = i % c.kinds.count
                    y[i] = Int32(k)
                    draw(c.kinds[k], into: buf.baseAddress! + i * pixels, config: c, &g)
                }
            }
            return Dataset(
                inputs: x, labels: y, sampleShape: Shape(1, c.size, c.size), classes: c.kinds.count)
        }
        let train = split(c.trainCount)
        return DataSplits(train: train, test: split(c.testCount))
    }

    /// Draws one figure: radius, centre (keeping it inside the image), angle, brightness, then noise.
    static func draw(
        _ kind: ShapeKind, into img: UnsafeMutablePointer<Float>, config c: ShapesConfig,
        _ g: inout RandomStream
    ) {
        let s = Double(c.size)
        let radius = s * (c.minRadius + (c.maxRadius - c.minRadius) * g.nextDouble())
        let cx = radius + (s - 2 * radius) * g.nextDouble()
        let cy = radius + (s - 2 * radius) * g.nextDouble()
        let angle = c.rotate ? 2 * Double.pi * g.nextDouble() : 0
        let brightness = 0.6 + 0.4 * g.nextDouble()
        let hits = coverage(kind, size: c.size, radius: radius, centre: (cx, cy), angle: angle)
        for p in 0..<(c.size * c.size) {
            let value = brightness * Double(hits[p]) / Double(subsamples * subsamples) + c.noise * g.nextNormal()
            img[p] = Float(value)
        }
    }

    /// Sub-samples per pixel along each axis (4×4 supersampling for anti-aliasing).
    static let subsamples = 4

    /// For each pixel (row-major), how many of its `subsamples`² sample points fall inside the
    /// figure of circumradius `radius` (pixels) centred at `centre`, rotated by `angle`. Draws no
    /// random numbers.
    static func coverage(_ kind: ShapeKind, size: Int, radius: Double, centre: (x: Double, y: Double), angle: Double) -> [Int] {
        let (cosA, sinA) = (cos(angle), sin(angle))
        let sub = subsamples
        var hits = [Int](repeating: 0, count: size * size)
        for py in 0..<size {
            for px in 0..<size {
                var count = 0
                for sy in 0..<sub {
                    for sx in 0..<sub {
                        // Sample point relative to the centre, rotated into the figure's frame, in
                        // units of the radius.
                        let dx = Double(px) + (Double(sx) + 0.5) / Double(sub) - centre.x
                        let dy = Double(py) + (Double(sy) + 0.5) / Double(sub) - centre.y
                        let u = (cosA * dx + sinA * dy) / radius
                        let v = (-sinA * dx + cosA * dy) / radius
                        if inside(kind, u, v) { count += 1 }
                    }
                }
                hits[py * size + px] = count
            }
        }
        return hits
    }

    /// Whether `(u, v)` (in units of the circumradius, figure upright) is inside the figure.
    static func inside(_ kind: ShapeKind, _ u: Double, _ v: Double) -> Bool {
        switch kind {
        case .circle:
            return u * u + v * v <= 1
        case .square:
            return abs(u) <= 0.5.squareRoot() && abs(v) <= 0.5.squareRoot()
        case .triangle:
            // Equilateral, circumradius 1, apex up: inside the three half-planes at distance ½.
            // Vertex directions at 90°, 210°, 330°.
            let h = 0.75.squareRoot()
            return -v <= 0.5 && (h * u + 0.5 * v) <= 0.5 && (-h * u + 0.5 * v) <= 0.5
        case .cross:
            let w = 0.3
            return (abs(u) <= 1 && abs(v) <= w) || (abs(u) <= w && abs(v) <= 1)
        case .ring:
            let r2 = u * u + v * v
            return r2 <= 1 && r2 >= 0.55 * 0.55
        case .star:
            let r = (u * u + v * v).squareRoot()
            if r > 1 { return false }
            var phase = atan2(u, v) / (2 * Double.pi / 5)  // one spike straight up
            phase -= phase.rounded(.down)
            let toSpike = abs(phase - 0.5) * 2  // 1 at a spike, 0 halfway between
            return r <= 0.38 + 0.62 * toSpike
        }
    }
}
