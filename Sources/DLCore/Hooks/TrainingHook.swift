/// Something a run does at fixed points of the training loop besides forward, backward and
/// update: named in the `RunSpec` (`hooks`), so it is part of the hash and the cache key, and
/// `dlstudy train` replays it.
///
/// Whatever order the spec lists them in, they act in one fixed order at each point of a step
/// (see `Trainer`): after backward and the penalty's gradient, the mask zeroes the pruned
/// gradients, then `clipGradNorm` scales them; after the optimizer's step, the mask zeroes the
/// pruned weights, then `ema` averages, then `snapshots` copies. At the end of an epoch `swa`
/// averages before `snapshots` copies. A spec names each kind at most once.
public enum TrainingHook: Hashable, Sendable, CustomStringConvertible {
    /// Scales the gradients so that their total 2-norm (over every parameter, as if
    /// concatenated) is at most `maxNorm`: PyTorch's `torch.nn.utils.clip_grad_norm_`.
    case clipGradNorm(maxNorm: Double)
    /// Stochastic weight averaging (Izmailov et al. 2018): the equal average of the weights at
    /// the end of every epoch from `startEpoch` on (epochs count from 1), with the rate held at
    /// `lr` from that epoch on when given; at the end the model takes the average and, when
    /// `recomputeBatchNorm`, batch-norm statistics recomputed over the training data.
    /// PyTorch's `AveragedModel` + `SWALR(anneal_epochs=0)` + `update_bn`.
    case swa(startEpoch: Int, lr: Float?, recomputeBatchNorm: Bool)
    /// An exponential moving average of the weights, updated after every step; the model ends
    /// with it. PyTorch's `AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay),
    /// use_buffers=averageBuffers)`.
    case ema(decay: Double, averageBuffers: Bool)
    /// Copies of the state dict kept in `Trainer.snapshots`: `init` (before the first step, when
    /// `initial`), `step-k` (after the k-th step) and `epoch-k` (at the end of epoch k).
    case snapshots(initial: Bool, steps: [Int], epochs: [Int])
    /// Compresses every weight once, before row 0 is measured (post-training compression of the
    /// weights the run starts from; with 0 epochs the run only evaluates them). `WeightCompression`.
    case compress(WeightCompression)
    /// Binary or ternary weights trained with a straight-through estimator (`LowBitTraining`).
    case lowBitWeights(LowBitWeights)

    /// The name a spec gives this kind (`"kind"` in JSON).
    public var kind: String {
        switch self {
        case .clipGradNorm: return "clipGradNorm"
        case .swa: return "swa"
        case .ema: return "ema"
        case .snapshots: return "snapshots"
        case .compress: return "compress"
        case .lowBitWeights: return "lowBitWeights"
        }
    }

    public static let kinds = ["clipGradNorm", "swa", "ema", "snapshots", "compress", "lowBitWeights"]

    public var description: String {
        switch self {
        case .clipGradNorm(let m): return "ClipGradNorm(max_norm=\(m))"
        case let .swa(start, lr, bn):
            return "SWA(from epoch \(start)\(lr.map { ", lr=\($0)" } ?? "")\(bn ? ", update_bn" : ""))"
        case let .ema(decay, buffers): return "EMA(decay=\(decay)\(buffers ? ", use_buffers" : ""))"
        case let .snapshots(initial, steps, epochs):
            let parts = (initial ? ["init"] : []) + steps.map { "step-\($0)" } + epochs.map { "epoch-\($0)" }
            return "Snapshots(\(parts.joined(separator: ", ")))"
        case .compress(let c): return "Compress(\(c))"
        case .lowBitWeights(let k): return "LowBitWeights(\(k.rawValue), straight-through)"
        }
    }

    /// Whether the hook replaces the trained weights with averaged ones at the end of the run.
    public var averagesWeights: Bool {
        switch self {
        case .swa, .ema: return true
        default: return false
        }
    }
}

extension RunSpec {
    /// Checks the hooks' values and how they combine, throwing a `SpecError` that names the
    /// field (`hooks[1].maxNorm`) and the fix. `lastEpoch` (when the budget says) bounds SWA's
    /// start.
    public func validateHooks(lastEpoch: Int? = nil) throws {
        var seen: [String: Int] = [:]
        for (i, hook) in hooks.enumerated() {
            let field = "hooks[\(i)]"
            if let j = seen[hook.kind] {
                throw SpecError(field: field, problem: "a second '\(hook.kind)' hook (hooks[\(j)] is one)",
                                fix: "name each kind once: merge the two")
            }
            seen[hook.kind] = i
            switch hook {
            case .clipGradNorm(let maxNorm):
                guard maxNorm > 0, maxNorm.isFinite else {
                    throw SpecError(field: "\(field).maxNorm", problem: "max norm \(maxNorm)", fix: "use a positive number, e.g. 1")
                }
            case let .swa(start, lr, _):
                guard start >= 1 else {
                    throw SpecError(field: "\(field).startEpoch", problem: "start epoch \(start)",
                                    fix: "epochs count from 1: use 1 to average from the end of the first epoch")
                }
                if let last = lastEpoch, start > last {
                    throw SpecError(field: "\(field).startEpoch", problem: "start epoch \(start) is after the run's last epoch \(last)",
                                    fix: "use 1 … \(last), or train longer")
                }
                if let lr, !(lr >= 0 && lr.isFinite) {
                    throw SpecError(field: "\(field).lr", problem: "learning rate \(lr)", fix: "use a rate ≥ 0, or leave lr out to keep the schedule's")
                }
            case let .ema(decay, _):
                guard decay >= 0 && decay <= 1 else {
                    throw SpecError(field: "\(field).decay", problem: "decay \(decay)", fix: "use a number in [0, 1], e.g. 0.999")
                }
            case let .snapshots(initial, steps, epochs):
                if !initial && steps.isEmpty && epochs.isEmpty {
                    throw SpecError(field: field, problem: "a snapshots hook that takes none",
                                    fix: "set \"initial\": true, or list \"steps\" or \"epochs\"")
                }
                for (name, list) in [("steps", steps), ("epochs", epochs)] {
                    if let bad = list.first(where: { $0 < 1 }) {
                        throw SpecError(field: "\(field).\(name)", problem: "\(bad)",
                                        fix: "\(name) count from 1 (use \"initial\": true for the weights before training)")
                    }
                    if zip(list, list.dropFirst()).contains(where: { $0 >= $1 }) {
                        throw SpecError(field: "\(field).\(name)", problem: "\(list) is not increasing",
                                        fix: "list each \(name == "steps" ? "step" : "epoch") once, in increasing order")
                    }
                }
            case .compress(let c):
                try c.validate(field: field)
            case .lowBitWeights:
                break
            }
        }
        let averaging = hooks.enumerated().filter { $0.element.averagesWeights }
        if averaging.count > 1 {
            throw SpecError(field: "hooks[\(averaging[1].offset)]", problem: "both SWA and EMA would decide the final weights",
                            fix: "keep one of the two (two runs compare them)")
        }
        if let (i, hook) = averaging.first, earlyStopping?.restoreBestWeights == true {
            throw SpecError(field: "hooks[\(i)]", problem: "\(hook.kind) and earlyStopping.restoreBestWeights would both decide the final weights",
                            fix: "set restoreBestWeights to false, or drop the \(hook.kind) hook")
        }
    }
}
