/// JSON form, like a schedule's: an object with a `kind` and the kind's fields, e.g.
/// `{"kind": "clipGradNorm", "maxNorm": 1}`, `{"kind": "swa", "startEpoch": 30, "lr": 0.05}`,
/// `{"kind": "ema", "decay": 0.999}`, `{"kind": "snapshots", "initial": true, "epochs": [5, 10]}`,
/// `{"kind": "compress", "compression": {"method": "quantize", "bits": 8, "symmetric": true,
/// "perChannel": true}}`, `{"kind": "lowBitWeights", "weights": "ternary"}`.
/// Encoding writes every field (so a spec hashes the same however it was written; SWA's `lr`
/// as `null` when it keeps the schedule's rate); decoding fills in the defaults.
extension TrainingHook: Codable {
    private enum Key: String, CodingKey {
        case kind, maxNorm, startEpoch, lr, recomputeBatchNorm, decay, averageBuffers, initial, steps, epochs, compression, weights
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "clipGradNorm":
            self = .clipGradNorm(maxNorm: try c.decode(Double.self, forKey: .maxNorm))
        case "swa":
            self = .swa(startEpoch: try c.decode(Int.self, forKey: .startEpoch),
                        lr: try c.decodeIfPresent(Float.self, forKey: .lr),
                        recomputeBatchNorm: try c.decode(.recomputeBatchNorm, default: true))
        case "ema":
            self = .ema(decay: try c.decode(Double.self, forKey: .decay),
                        averageBuffers: try c.decode(.averageBuffers, default: false))
        case "snapshots":
            self = .snapshots(initial: try c.decode(.initial, default: false), steps: try c.decode(.steps, default: []),
                              epochs: try c.decode(.epochs, default: []))
        case "compress":
            self = .compress(try c.decode(WeightCompression.self, forKey: .compression))
        case "lowBitWeights":
            self = .lowBitWeights(try c.decode(LowBitWeights.self, forKey: .weights))
        default:
            let near = Suggestion.closest(to: kind, in: Self.kinds, maxDistance: 3).map { "did you mean \"\($0)\"? " } ?? ""
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "Unknown hook kind \"\(kind)\"; \(near)use one of \(Self.kinds.joined(separator: ", ")).")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .clipGradNorm(let maxNorm):
            try c.encode(maxNorm, forKey: .maxNorm)
        case let .swa(start, lr, bn):
            try c.encode(start, forKey: .startEpoch)
            if let lr { try c.encode(lr, forKey: .lr) } else { try c.encodeNil(forKey: .lr) }
            try c.encode(bn, forKey: .recomputeBatchNorm)
        case let .ema(decay, buffers):
            try c.encode(decay, forKey: .decay)
            try c.encode(buffers, forKey: .averageBuffers)
        case let .snapshots(initial, steps, epochs):
            try c.encode(initial, forKey: .initial)
            try c.encode(steps, forKey: .steps)
            try c.encode(epochs, forKey: .epochs)
        case .compress(let compression):
            try c.encode(compression, forKey: .compression)
        case .lowBitWeights(let kind):
            try c.encode(kind, forKey: .weights)
        }
    }
}
