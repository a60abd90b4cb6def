/// One kind of training hook, complete in one file under `Hooks/Kinds/`: its fields and JSON
/// form (`Codable`, with `name` as the JSON `kind`), where it acts among the other hooks, its
/// checks, its description for reports, and the callback that does the work in `Trainer.run`.
///
/// To add a hook, write one type conforming to this protocol (and its `TrainingCallback`) and
/// add it to `TrainingHook.builtinKinds` (a package of your own calls `TrainingHook.register(_:)`
/// instead), plus a static constructor on `TrainingHook` if studies should write `.myHook(…)`.
///
/// Encoding writes every field, defaults included, so that a spec hashes the same however it
/// was written; decoding fills in the defaults for missing fields.
public protocol HookKind: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The JSON `kind`, e.g. `"clipGradNorm"`. Unique among registered kinds.
    static var name: String { get }
    /// Where the hook acts relative to the others at each point of a step.
    static var phase: HookPhase { get }
    /// Whether the hook replaces the trained weights with averaged ones at the end of the run
    /// (at most one such hook per spec).
    var averagesWeights: Bool { get }
    /// Throws a `SpecError` naming the field (`field` is `hooks[i]`) and the fix when a setting
    /// cannot work; `lastEpoch`, when the budget says, bounds epoch numbers.
    func validate(field: String, lastEpoch: Int?) throws
    /// The object that acts in the training loop, set up for `model` (buffers allocated here, so
    /// the per-step calls allocate nothing).
    func makeCallback(model: Sequential) -> any TrainingCallback
}

extension HookKind {
    public var averagesWeights: Bool { false }
}

/// The order hooks act in at each point, whatever order the spec lists them in: the mask
/// first (not a hook: it comes from the spec's start), then hooks on the weights themselves
/// (compression of the start weights; low-bit weights, whose straight-through estimator puts
/// the float weights back before clipping sees the gradients), then gradient hooks (clipping),
/// then averaging, then snapshots, so that a snapshot holds the weights after every other hook.
public enum HookPhase: Int, Comparable, Sendable {
    case weights, gradients, averaging, snapshots

    public static func < (a: HookPhase, b: HookPhase) -> Bool { a.rawValue < b.rawValue }
}
