import Foundation

/// The `shapes` figures in colour, so that a network has channels to mix: samples are
/// `[3, size, size]` (red, green, blue), each image a figure of one random colour on a background
/// of another, with Gaussian noise on every value. The class is the figure's kind, as in
/// `shapes`; the colours are nuisance. Two colours are drawn uniformly from the RGB cube until
/// they lie at least `minContrast` apart (Euclidean); in each channel the figure takes the larger
/// of the two values and the background the smaller. So every figure is lighter than its
/// background, but by an amount that differs per channel: in a channel where the two colours
/// nearly agree the figure vanishes, and only a mix of channels finds it in every image.
/// (With the polarity random as well, the small networks of the `conv1x1` study stayed at chance
/// for many epochs.)
public struct ColorShapesConfig: Codable, Hashable, Sendable {
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
    /// Std of the Gaussian noise added to every value of every channel.
    public var noise = 0.1
    /// The least Euclidean distance between figure and background colour in the unit RGB cube
    /// (at most √3).
    public var minContrast = 0.5
    public var seed: UInt64 = 0

    public init(
        trainCount: Int = 5000, testCount: Int = 1000, size: Int = 16,
        kinds: [ShapeKind] = ShapeKind.allCases, minRadius: Double = 0.2, maxRadius: Double = 0.45,
        rotate: Bool = true, noise: Double = 0.1, minContrast: Double = 0.5, seed: UInt64 = 0
    ) {
        self.trainCount = trainCount; self.testCount = testCount; self.size = size; self.kinds = kinds
        self.minRadius = minRadius; self.maxRadius = maxRadius; self.rotate = rotate; self.noise = noise
        self.minContrast = minContrast; self.seed = seed
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ColorShapesConfig()
        trainCount = try c.decodeIfPresent(Int.self, forKey: .trainCount) ?? d.trainCount
        testCount = try c.decodeIfPresent(Int.self, forKey: .testCount) ?? d.testCount
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? d.size
        kinds = try c.decodeIfPresent([ShapeKind].self, forKey: .kinds) ?? d.kinds
        minRadius = try c.decodeIfPresent(Double.self, forKey: .minRadius) ?? d.minRadius
        maxRadius = try c.decodeIfPresent(Double.self, forKey: .maxRadius) ?? d.maxRadius
        rotate = try c.decodeIfPresent(Bool.self, forKey: .rotate) ?? d.rotate
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? d.noise
        minContrast = try c.decodeIfPresent(Double.self, forKey: .minContrast) ?? d.minContrast
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }

    /// The same figures' knobs as a grey `shapes` config (for its checks).
    var figures: ShapesConfig {
        ShapesConfig(trainCount: trainCount, testCount: testCount, size: size, kinds: kinds, minRadius: minRadius,
                     maxRadius: maxRadius, rotate: rotate, noise: noise, seed: seed)
    }

    public func validate() throws {
        do { try figures.validate() } catch let e as DataError {
            throw DataError(e.kind, problem: e.problem.replacingOccurrences(of: "shapes", with: "colorshapes"), fix: e.fix)
        }
        if !(minContrast >= 0 && minContrast <= 1.5) {
            throw DataError(.invalidConfig, problem: "colorshapes.minContrast is \(minContrast)",
                            fix: "use a distance between 0 and 1.5 in the unit RGB cube (default 0.5)")
        }
    }
}

public enum ColorShapes {
    /// Train then test drawn from `RandomStream(seed: seed, stream: "colorshapes")`; sample `i`
    /// of each split has class `i % kinds.count`.
    public static func generate(_ c: ColorShapesConfig = ColorShapesConfig()) throws -> DataSplits {
        try c.validate()
        var g = RandomStream(seed: c.seed, stream: "colorshapes")
        func split(_ n: Int) -> Dataset {
            let values = 3 * c.size * c.size
            var x = [Float](repeating: 0, count: n * values)
            var y = [Int32](repeating: 0, count: n)
            x.withUnsafeMutableBufferPointer { buf in
                for i in 0..<n {
                    let k = i % c.kinds.count
                    y[i] = Int32(k)
                    draw(c.kinds[k], into: buf.baseAddress! + i * values, config: c, &g)
                }
            }
            return Dataset(inputs: x, labels: y, sampleShape: Shape(3, c.size, c.size), classes: c.kinds.count)
        }
        let train = split(c.trainCount)
        return DataSplits(train: train, test: split(c.testCount))
    }

    /// Draws one image: radius, centre, angle, the two colours, then noise channel by channel.
    static func draw(_ kind: ShapeKind, into img: UnsafeMutablePointer<Float>, config c: ColorShapesConfig, _ g: inout RandomStream) {
        let s = Double(c.size)
        let radius = s * (c.minRadius + (c.maxRadius - c.minRadius) * g.nextDouble())
        let cx = radius + (s - 2 * radius) * g.nextDouble()
        let cy = radius + (s - 2 * radius) * g.nextDouble()
        let angle = c.rotate ? 2 * Double.pi * g.nextDouble() : 0
        let (figure, background) = colours(minContrast: c.minContrast, &g)
        let hits = Shapes.coverage(kind, size: c.size, radius: radius, centre: (cx, cy), angle: angle)
        let pixels = c.size * c.size, full = Double(Shapes.subsamples * Shapes.subsamples)
        for channel in 0..<3 {
            let (f, b) = (figure[channel], background[channel])
            for p in 0..<pixels {
                let t = Double(hits[p]) / full
                img[channel * pixels + p] = Float(b + (f - b) * t + c.noise * g.nextNormal())
            }
        }
    }

    /// A figure and a background colour at least `minContrast` apart, drawn uniformly from the
    /// unit RGB cube (pairs too close are drawn again; at the default 0.5 about 28 % of pairs are),
    /// the figure taking the larger value in each channel.
    static func colours(minContrast: Double, _ g: inout RandomStream) -> (figure: [Double], background: [Double]) {
        while true {
            let f = (0..<3).map { _ in g.nextDouble() }, b = (0..<3).map { _ in g.nextDouble() }
            let d = zip(f, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            if d >= minContrast { return (zip(f, b).map { max($0, $1) }, zip(f, b).map { min($0, $1) }) }
        }
    }
}
