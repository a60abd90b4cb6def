/// One layer of a model as a run spec writes it: `{"type": "linear", "out": 100}`.
/// Input sizes are inferred from the data, so a spec names only what it chooses.
public struct LayerSpec: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case linear, conv1d, conv2d, maxPool1d, maxPool2d, avgPool1d, avgPool2d, globalAvgPool
        case batchNorm, dropout, relu, leakyReLU, tanh, sigmoid, gelu, flatten
    }

    public var type: Kind
    /// Output features (linear) or output channels (convolutions).
    public var out: Int?
    public var kernel: Int?
    public var stride: Int?
    public var padding: Int?
    public var bias: Bool?
    /// Dropout probability.
    public var p: Float?
    /// LeakyReLU's negative slope.
    public var slope: Float?

    public init(_ type: Kind, out: Int? = nil, kernel: Int? = nil, stride: Int? = nil, padding: Int? = nil,
                bias: Bool? = nil, p: Float? = nil, slope: Float? = nil) {
        self.type = type; self.out = out; self.kernel = kernel; self.stride = stride
        self.padding = padding; self.bias = bias; self.p = p; self.slope = slope
    }

    public static func linear(_ out: Int, bias: Bool? = nil) -> LayerSpec { LayerSpec(.linear, out: out, bias: bias) }
    public static func conv1d(_ out: Int, kernel: Int, stride: Int? = nil, padding: Int? = nil) -> LayerSpec {
        LayerSpec(.conv1d, out: out, kernel: kernel, stride: stride, padding: padding)
    }
    public static func conv2d(_ out: Int, kernel: Int, stride: Int? = nil, padding: Int? = nil) -> LayerSpec {
        LayerSpec(.conv2d, out: out, kernel: kernel, stride: stride, padding: padding)
    }
    public static func dropout(_ p: Float) -> LayerSpec { LayerSpec(.dropout, p: p) }
    public static let relu = LayerSpec(.relu)
    public static let flatten = LayerSpec(.flatten)
    public static let batchNorm = LayerSpec(.batchNorm)

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .type)
        guard let kind = Kind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown layer type '\(name)'; known types: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        type = kind
        out = try c.decodeIfPresent(Int.self, forKey: .out)
        kernel = try c.decodeIfPresent(Int.self, forKey: .kernel)
        stride = try c.decodeIfPresent(Int.self, forKey: .stride)
        padding = try c.decodeIfPresent(Int.self, forKey: .padding)
        bias = try c.decodeIfPresent(Bool.self, forKey: .bias)
        p = try c.decodeIfPresent(Float.self, forKey: .p)
        slope = try c.decodeIfPresent(Float.self, forKey: .slope)
    }

    /// Builds the layer for per-sample inputs of `input`, or says which field is wrong.
    /// The most weights one layer may have: 2³⁰ floats, 4 GiB.
    static let maxParameters = 1 << 30

    func build(input: Shape, field: String) throws -> Layer {
        func need(_ v: Int?, _ name: String) throws -> Int {
            guard let v else { throw SpecError(field: field, problem: "\(type.rawValue) needs '\(name)'", fix: "add \"\(name)\": N") }
            guard v > 0 else { throw SpecError(field: "\(field).\(name)", problem: "must be positive, got \(v)", fix: "use a value ≥ 1") }
            return v
        }
        func channels(_ rank: Int) throws -> Int {
            guard input.rank == rank else {
                throw SpecError(field: field, problem: "\(type.rawValue) takes samples of rank \(rank) (\(rank == 2 ? "channels, length" : "channels, height, width")), got \(input)",
                                fix: rank == 2 ? "give the data sampleShape [1, L] (data.reshape) or use linear layers" : "use image data [C, H, W]")
            }
            return input[0]
        }
        /// Refuses a layer whose weights would not fit in memory before allocating them (a typo
        /// such as `"out": 10000000000` would otherwise abort the process).
        func affordable(_ factors: Int...) throws {
            var count = 1
            for f in factors {
                let (product, overflow) = count.multipliedReportingOverflow(by: f)
                guard !overflow, product <= Self.maxParameters else {
                    throw SpecError(field: "\(field).out", problem: "\(type.rawValue) with out \(out ?? 0) would have more than \(Self.maxParameters) weights (4 GiB)",
                                    fix: "use a smaller \"out\" (a typo adds zeros easily)")
                }
                count = product
            }
        }
        switch type {
        case .linear:
            try affordable(input.count, try need(out, "out"))
            return Linear(inputs: input.count, outputs: try need(out, "out"), bias: bias ?? true)
        case .conv1d:
            let k = try need(kernel, "kernel")
            try affordable(try channels(2), try need(out, "out"), k)
            return Conv1d(inChannels: try channels(2), outChannels: try need(out, "out"), kernelSize: k,
                          stride: stride ?? 1, padding: padding ?? 0, bias: bias ?? true)
        case .conv2d:
            let k = try need(kernel, "kernel")
            try affordable(try channels(3), try need(out, "out"), k, k)
            return Conv2d(inChannels: try channels(3), outChannels: try need(out, "out"), kernelSize: k,
                          stride: stride ?? 1, padding: padding ?? 0, bias: bias ?? true)
        case .maxPool1d: _ = try channels(2); return MaxPool1d(kernelSize: try need(kernel, "kernel"), stride: stride, padding: padding ?? 0)
        case .maxPool2d: _ = try channels(3); return MaxPool2d(kernelSize: try need(kernel, "kernel"), stride: stride, padding: padding ?? 0)
        case .avgPool1d: _ = try channels(2); return AvgPool1d(kernelSize: try need(kernel, "kernel"), stride: stride, padding: padding ?? 0)
        case .avgPool2d: _ = try channels(3); return AvgPool2d(kernelSize: try need(kernel, "kernel"), stride: stride, padding: padding ?? 0)
        case .globalAvgPool: return GlobalAvgPool(dimensions: input.rank - 1)
        case .batchNorm:
            switch input.rank {
            case 1, 2: return BatchNorm1d(features: input[0])
            case 3: return BatchNorm2d(channels: input[0])
            default: throw SpecError(field: field, problem: "batchNorm cannot take samples of shape \(input)", fix: "place it after a linear or convolution layer")
            }
        case .dropout:
            let prob = p ?? 0.5
            guard prob >= 0 && prob < 1 else { throw SpecError(field: "\(field).p", problem: "dropout probability \(prob) is outside [0, 1)", fix: "use e.g. 0.5") }
            return Dropout(probability: prob)
        case .relu: return ReLU()
        case .leakyReLU: return LeakyReLU(negativeSlope: slope ?? 0.01)
        case .tanh: return Tanh()
        case .sigmoid: return Sigmoid()
        case .gelu: return GELU()
        case .flatten: return Flatten()
        }
    }
}
