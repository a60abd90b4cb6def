/// The dimensions of a tensor, row-major, up to rank 4 (N, C, H, W).
///
/// Stored inline rather than as an `[Int]` so that building, comparing and passing shapes in the
/// training loop never touches the heap.
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public static let maxRank = 4
    private var d0 = 0, d1 = 0, d2 = 0, d3 = 0
    public private(set) var rank: Int

    public init(_ dims: [Int]) {
        precondition(
            dims.count <= Shape.maxRank, "Shape supports rank up to \(Shape.maxRank), got \(dims)")
        precondition(dims.allSatisfy { $0 >= 0 }, "negative dimension in \(dims)")
        rank = dims.count
        for (i, v) in dims.enumerated() { self[i] = v }
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    public init(_ a: Int) {
        rank = 1
        d0 = a
    }
    public init(_ a: Int, _ b: Int) {
        rank = 2
        d0 = a
        d1 = b
    }
    public init(_ a: Int, _ b: Int, _ c: Int) {
        rank = 3
        d0 = a
        d1 = b
        d2 = c
    }
    public init(_ a: Int, _ b: Int, _ c: Int, _ e: Int) {
        rank = 4
        d0 = a
        d1 = b
        d2 = c
        d3 = e
    }

    @inlinable public var isEmpty: Bool { rank == 0 }

    public subscript(i: Int) -> Int {
        get {
            precondition(i >= 0 && i < rank, "dimension \(i) out of range for rank \(rank)")
            switch i {
            case 0: return d0
            case 1: return d1
            case 2: return d2
            default: return d3
            }
        }
        set {
            precondition(i >= 0 && i < Shape.maxRank)
            switch i {
            case 0: d0 = newValue
            case 1: d1 = newValue
            case 2: d2 = newValue
            default: d3 = newValue
            }
        }
    }

    /// Number of elements (1 for a scalar shape).
    public var count: Int {
        var n = 1
        for i in 0..<rank { n *= self[i] }
        return n
    }

    /// The dimensions after the first (the per-sample shape of a batch).
    public var sampleShape: Shape {
        if rank == 0 { return self }
        var s = Shape(d1, d2, d3)
        s.rank = rank - 1
        return s
    }

    /// Number of elements per sample: the product of all dimensions but the first.
    public var sampleCount: Int {
        var n = 1
        for i in 1..<max(rank, 1) { n *= self[i] }
        return n
    }

    /// A batch of `n` samples of this per-sample shape.
    public func batched(_ n: Int) -> Shape {
        precondition(
            rank < Shape.maxRank, "Shape supports rank up to \(Shape.maxRank), cannot batch \(self)"
        )
        precondition(n >= 0, "negative batch size \(n)")
        var s = Shape(n, d0, d1, d2)
        s.rank = rank + 1
        return s
    }

    /// This shape with its first dimension replaced.
    public func withBatch(_ n: Int) -> Shape {
        var s = self
        s[0] = n
        return s
    }

    public var dims: [Int] { (0..<rank).map { self[$0] } }
    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

    public static func == (a: Shape, b: Shape) -> Bool {
        a.rank == b.rank && a.d0 == b.d0 && a.d1 == b.d1 && a.d2 == b.d2 && a.d3 == b.d3
    }
    public func hash(into h: inout Hasher) {
        h.combine(rank)
        h.combine(d0)
        h.combine(d1)
        h.combine(d2)
        h.combine(d3)
    }
}

extension Shape: Codable {
    /// Throws (instead of trapping) on a rank above `maxRank`, a negative dimension, or more
    /// elements than an `Int` counts.
    public init(from decoder: Decoder) throws {
        let dims = try [Int](from: decoder)
        func bad(_ what: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "shape \(dims) \(what)"))
        }
        guard dims.count <= Shape.maxRank else { throw bad("has rank \(dims.count); at most \(Shape.maxRank) dimensions") }
        guard dims.allSatisfy({ $0 >= 0 }) else { throw bad("has a negative dimension") }
        var n = 1
        for d in dims {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow else { throw bad("has too many elements") }
            n = p
        }
        self.init(dims)
    }
    public func encode(to encoder: Encoder) throws { try dims.encode(to: encoder) }
}
