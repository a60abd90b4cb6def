/// Something a run does at fixed points of the training loop besides forward, backward and
/// update: named in the `RunSpec` (`hooks`), so it is part of the hash and the cache key, and
/// `dlstudy train` replays it.
///
/// Each kind is one `HookKind` type in `Hooks/Kinds/` (its fields, JSON, checks, description
/// and callback); this wrapper gives them one value type, so a spec holds any of them and
/// studies write `.clipGradNorm(maxNorm: 1)` or `.snapshots(initial: true)`.
///
/// Whatever order the spec lists them in, they act in one fixed order at each point of a step
/// (`HookPhase`, see `Trainer`): after backward and the penalty's gradient, the mask zeroes the
/// pruned gradients, then `clipGradNorm` scales them; after the optimizer's step, the mask
/// zeroes the pruned weights, then `ema` averages, then `snapshots` copies. At the end of an
/// epoch `swa` averages before `snapshots` copies. A spec names each kind at most once.
public struct TrainingHook: Hashable, Sendable, CustomStringConvertible {
    /// The hook's kind and settings.
    public let settings: any HookKind

    public init(_ settings: some HookKind) { self.settings = settings }

    public static func == (a: TrainingHook, b: TrainingHook) -> Bool { AnyHashable(a.settings) == AnyHashable(b.settings) }
    public func hash(into hasher: inout Hasher) { AnyHashable(settings).hash(into: &hasher) }

    /// The name a spec gives this kind (`"kind"` in JSON).
    public var kind: String { Swift.type(of: settings).name }

    /// Where it acts among the other hooks.
    public var phase: HookPhase { Swift.type(of: settings).phase }

    public var description: String { settings.description }

    /// Whether the hook replaces the trained weights with averaged ones at the end of the run.
    public var averagesWeights: Bool { settings.averagesWeights }

    /// `torch.nn.utils.clip_grad_norm_` after every backward (`ClipGradNormHook`).
    public static func clipGradNorm(maxNorm: Double) -> TrainingHook { TrainingHook(ClipGradNormHook(maxNorm: maxNorm)) }

    /// Stochastic weight averaging from `startEpoch` (`SWAHook`).
    public static func swa(startEpoch: Int, lr: Float? = nil, recomputeBatchNorm: Bool = true) -> TrainingHook {
        TrainingHook(SWAHook(startEpoch: startEpoch, lr: lr, recomputeBatchNorm: recomputeBatchNorm))
    }

    /// SWA with a cyclical rate, one cycle per epoch (`SWACyclicHook`).
    public static func swaCyclic(startEpoch: Int, maxLR: Float, minLR: Float, recomputeBatchNorm: Bool = true) -> TrainingHook {
        TrainingHook(SWACyclicHook(startEpoch: startEpoch, maxLR: maxLR, minLR: minLR, recomputeBatchNorm: recomputeBatchNorm))
    }

    /// Post-training compression of the start weights (`CompressHook`).
    public static func compress(_ compression: WeightCompression) -> TrainingHook { TrainingHook(CompressHook(compression)) }

    /// Binary or ternary weights with a straight-through estimator (`LowBitWeightsHook`).
    public static func lowBitWeights(_ weights: LowBitWeights) -> TrainingHook { TrainingHook(LowBitWeightsHook(weights)) }

    /// An exponential moving average of the weights (`EMAHook`).
    public static func ema(decay: Double, averageBuffers: Bool = false) -> TrainingHook {
        TrainingHook(EMAHook(decay: decay, averageBuffers: averageBuffers))
    }

    /// Weight snapshots at `init`, after steps and at the end of epochs (`SnapshotsHook`).
    public static func snapshots(initial: Bool = false, steps: [Int] = [], epochs: [Int] = []) -> TrainingHook {
        TrainingHook(SnapshotsHook(initial: initial, steps: steps, epochs: epochs))
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
            try hook.settings.validate(field: field, lastEpoch: lastEpoch)
        }
        let averaging = hooks.enumerated().filter { $0.element.averagesWeights }
        if averaging.count > 1 {
            throw SpecError(field: "hooks[\(averaging[1].offset)]", problem: "both \(averaging[0].element.kind) and \(averaging[1].element.kind) would decide the final weights",
                            fix: "keep one of the two (two runs compare them)")
        }
        if let (i, hook) = averaging.first, earlyStopping?.restoreBestWeights == true {
            throw SpecError(field: "hooks[\(i)]", problem: "\(hook.kind) and earlyStopping.restoreBestWeights would both decide the final weights",
                            fix: "set restoreBestWeights to false, or drop the \(hook.kind) hook")
        }
    }
}
