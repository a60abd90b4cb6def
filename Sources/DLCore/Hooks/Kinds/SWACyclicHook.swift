/// SWA with the cyclical rate of Izmailov et al. (2018, eq. 2) and a cycle of one epoch: from
/// `startEpoch` on, batch b (from 0) of an epoch of c batches trains at
/// (1 − t)·`maxLR` + t·`minLR` with t = (b + 1)/c, so the last batch of each epoch is at
/// `minLR`, where the average takes the weights. PyTorch has no cyclic `SWALR`; the rest is
/// `swa`'s (see `StochasticWeightAveraging`).
/// JSON: `{"kind": "swaCyclic", "startEpoch": 30, "maxLR": 0.05, "minLR": 0.005, "recomputeBatchNorm": true}`.
public struct SWACyclicHook: HookKind {
    public static let name = "swaCyclic"
    public static let phase = HookPhase.averaging
    public var startEpoch: Int
    public var maxLR: Float
    public var minLR: Float
    public var recomputeBatchNorm: Bool

    public init(startEpoch: Int, maxLR: Float, minLR: Float, recomputeBatchNorm: Bool = true) {
        self.startEpoch = startEpoch; self.maxLR = maxLR; self.minLR = minLR; self.recomputeBatchNorm = recomputeBatchNorm
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(startEpoch: try c.decode(Int.self, forKey: .startEpoch), maxLR: try c.decode(Float.self, forKey: .maxLR),
                  minLR: try c.decode(Float.self, forKey: .minLR), recomputeBatchNorm: try c.decode(.recomputeBatchNorm, default: true))
    }

    public var averagesWeights: Bool { true }

    public var description: String {
        "SWA(from epoch \(startEpoch), cyclic lr \(maxLR)→\(minLR) per epoch\(recomputeBatchNorm ? ", update_bn" : ""))"
    }

    public func validate(field: String, lastEpoch: Int?) throws {
        guard startEpoch >= 1 else {
            throw SpecError(field: "\(field).startEpoch", problem: "start epoch \(startEpoch)",
                            fix: "epochs count from 1: use 1 to average from the end of the first epoch")
        }
        if let last = lastEpoch, startEpoch > last {
            throw SpecError(field: "\(field).startEpoch", problem: "start epoch \(startEpoch) is after the run's last epoch \(last)",
                            fix: "use 1 … \(last), or train longer")
        }
        guard minLR >= 0, minLR.isFinite, maxLR.isFinite, maxLR >= minLR else {
            throw SpecError(field: "\(field).minLR", problem: "rates \(maxLR) → \(minLR)",
                            fix: "use 0 ≤ minLR ≤ maxLR, e.g. maxLR 0.05 and minLR 0.005")
        }
    }

    public func makeCallback(model: Sequential) -> any TrainingCallback {
        StochasticWeightAveraging(startEpoch: startEpoch, lr: maxLR, cycleMinimum: minLR, recomputeBatchNorm: recomputeBatchNorm, model: model)
    }
}
