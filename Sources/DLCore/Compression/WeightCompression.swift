/// A post-training compression of every weight tensor (role `.weight`) of a model, as a
/// training hook (`TrainingHook.compress`): applied once, before row 0 is measured, to the
/// weights the run starts from (a trained run's, through `start.weights`); with a budget of
/// 0 epochs the run is the evaluation of the compressed model. Biases stay float32. The run
/// records the model's size in bytes under `ModelSize.probeKey`.
public enum WeightCompression: Hashable, Sendable, CustomStringConvertible {
    /// No change; the size of the float32 model.
    case float32
    /// No change; the size stored sparse (bitmap + nonzero values), for pruned weights.
    case sparse
    /// Fake-quantization (`QuantizationScheme`).
    case quantize(QuantizationScheme)
    /// Truncated SVD keeping `energy` of Σσ² (`LowRank`).
    case lowRank(energy: Double)
    /// k-means with 2^bits centroids per layer (`WeightSharing`).
    case shareWeights(bits: Int)

    public var description: String {
        switch self {
        case .float32: return "float32"
        case .sparse: return "sparse float32"
        case .quantize(let s): return s.description
        case .lowRank(let e): return "low rank (energy \(e))"
        case .shareWeights(let b): return "k-means, \(b) bits"
        }
    }

    func validate(field: String) throws {
        switch self {
        case .float32, .sparse: break
        case .quantize(let s): try s.validate(field: field)
        case .lowRank(let e):
            guard e > 0, e <= 1 else {
                throw SpecError(field: "\(field).energy", problem: "energy \(e)", fix: "give the fraction of Σσ² to keep, in (0, 1], e.g. 0.9")
            }
        case .shareWeights(let b):
            guard (1...12).contains(b) else {
                throw SpecError(field: "\(field).bits", problem: "\(b) bits", fix: "use 1 … 12 bits (2^bits centroids per layer)")
            }
        }
    }

    /// Compresses one weight tensor in place; returns its bytes as stored.
    public func apply(to w: Tensor) -> Int {
        switch self {
        case .float32: return 4 * w.count
        case .sparse: return ModelSize.sparseBytes(w)
        case .quantize(let s):
            s.fakeQuantize(w)
            return s.bytes(count: w.count, channels: w.shape[0])
        case .lowRank(let energy):
            let (r, _) = LowRank.approximate(w, energy: energy)
            return LowRank.bytes(rows: w.shape[0], columns: w.count / w.shape[0], rank: r)
        case .shareWeights(let bits):
            WeightSharing.share(w, bits: bits)
            return WeightSharing.bytes(count: w.count, bits: bits)
        }
    }

    /// Compresses every weight of `model` in place; returns the model's bytes.
    @discardableResult
    public func apply(to model: Sequential) -> Int { ModelSize.bytes(of: model) { apply(to: $0) } }
}

extension WeightCompression: Codable {
    private enum Key: String, CodingKey { case method, bits, symmetric, perChannel, energy }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let method = try c.decode(String.self, forKey: .method)
        switch method {
        case "float32": self = .float32
        case "sparse": self = .sparse
        case "quantize":
            self = .quantize(QuantizationScheme(bits: try c.decode(Int.self, forKey: .bits), symmetric: try c.decode(Bool.self, forKey: .symmetric),
                                                perChannel: try c.decode(Bool.self, forKey: .perChannel)))
        case "lowRank": self = .lowRank(energy: try c.decode(Double.self, forKey: .energy))
        case "shareWeights": self = .shareWeights(bits: try c.decode(Int.self, forKey: .bits))
        default:
            throw DecodingError.dataCorruptedError(forKey: .method, in: c,
                debugDescription: "Unknown compression method \"\(method)\"; use one of float32, sparse, quantize, lowRank, shareWeights.")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .float32: try c.encode("float32", forKey: .method)
        case .sparse: try c.encode("sparse", forKey: .method)
        case .quantize(let s):
            try c.encode("quantize", forKey: .method)
            try c.encode(s.bits, forKey: .bits)
            try c.encode(s.symmetric, forKey: .symmetric)
            try c.encode(s.perChannel, forKey: .perChannel)
        case .lowRank(let e):
            try c.encode("lowRank", forKey: .method)
            try c.encode(e, forKey: .energy)
        case .shareWeights(let b):
            try c.encode("shareWeights", forKey: .method)
            try c.encode(b, forKey: .bits)
        }
    }
}

/// The hook's part in the loop: compress before row 0, record the size at the end.
final class Compressing: TrainingCallback {
    let compression: WeightCompression
    private var bytes = 0

    init(_ compression: WeightCompression) { self.compression = compression }

    func runWillStart(_ trainer: Trainer) { bytes = compression.apply(to: trainer.model) }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        record.probes[ModelSize.probeKey] = [Double(bytes)]
        return false
    }
}
