/// Stochastic weight averaging (Izmailov et al. 2018): the equal average of the weights at the
/// end of every epoch from `startEpoch` on (epochs count from 1), with the rate held at `lr`
/// from that epoch on when given; at the end the model takes the average and, when
/// `recomputeBatchNorm`, batch-norm statistics recomputed over the training data. PyTorch's
/// `AveragedModel` + `SWALR(anneal_epochs=0)` + `update_bn` (see `StochasticWeightAveraging`).
/// JSON: `{"kind": "swa", "startEpoch": 30, "lr": 0.05, "recomputeBatchNorm": true}`; `lr` is
/// written as `null` when the schedule's rate is kept.
public struct SWAHook: HookKind {
    public static let name = "swa"
    public static let phase = HookPhase.averaging
    public var startEpoch: Int
    public var lr: Float?
    public var recomputeBatchNorm: Bool

    private enum CodingKeys: String, CodingKey { case startEpoch, lr, recomputeBatchNorm }

    public init(startEpoch: Int, lr: Float? = nil, recomputeBatchNorm: Bool = true) {
        self.startEpoch = startEpoch; self.lr = lr; self.recomputeBatchNorm = recomputeBatchNorm
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(startEpoch: try c.decode(Int.self, forKey: .startEpoch), lr: try c.decodeIfPresent(Float.self, forKey: .lr),
                  recomputeBatchNorm: try c.decode(.recomputeBatchNorm, default: true))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startEpoch, forKey: .startEpoch)
        if let lr { try c.encode(lr, forKey: .lr) } else { try c.encodeNil(forKey: .lr) }
        try c.encode(recomputeBatchNorm, forKey: .recomputeBatchNorm)
    }

    public var averagesWeights: Bool { true }

    public var description: String {
        "SWA(from epoch \(startEpoch)\(lr.map { ", lr=\($0)" } ?? "")\(recomputeBatchNorm ? ", update_bn" : ""))"
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
        if let lr, !(lr >= 0 && lr.isFinite) {
            throw SpecError(field: "\(field).lr", problem: "learning rate \(lr)", fix: "use a rate ≥ 0, or leave lr out to keep the schedule's")
        }
    }

    public func makeCallback(model: Sequential) -> any TrainingCallback {
        StochasticWeightAveraging(startEpoch: startEpoch, lr: lr, recomputeBatchNorm: recomputeBatchNorm, model: model)
    }
}
