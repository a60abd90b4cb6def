/// Scales the gradients so that their total 2-norm (over every parameter, as if concatenated)
/// is at most `maxNorm`: PyTorch's `torch.nn.utils.clip_grad_norm_` (see `GradientClipping`).
/// JSON: `{"kind": "clipGradNorm", "maxNorm": 1}`.
public struct ClipGradNormHook: HookKind {
    public static let name = "clipGradNorm"
    public static let phase = HookPhase.gradients
    public var maxNorm: Double

    public init(maxNorm: Double) { self.maxNorm = maxNorm }

    public var description: String { "ClipGradNorm(max_norm=\(maxNorm))" }

    public func validate(field: String, lastEpoch: Int?) throws {
        guard maxNorm > 0, maxNorm.isFinite else {
            throw SpecError(field: "\(field).maxNorm", problem: "max norm \(maxNorm)", fix: "use a positive number, e.g. 1")
        }
    }

    public func makeCallback(model: Sequential) -> any TrainingCallback { GradientClipping(maxNorm: maxNorm, model: model) }
}
