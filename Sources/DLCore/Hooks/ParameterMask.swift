/// Which entries of which parameters are pruned: a 0/1 tensor per parameter name (PyTorch's
/// state-dict names, `0.weight`), the same shape as the parameter. Parameters it does not name
/// are not masked.
///
/// In a run (`Trainer.mask`) the weights are multiplied by it before training and after every
/// optimizer step, and the gradients before the step, so the weights the network computes with
/// are PyTorch's `weight_orig * weight_mask` under `torch.nn.utils.prune`: there the optimizer
/// moves `weight_orig`, whose gradient is already masked, and a pruned entry's `weight_orig`
/// may drift (weight decay, momentum) without ever reaching the network; here it stays 0. The
/// effective weights agree, for SGD (momentum, weight decay), Adam, AdamW and RMSprop alike:
/// a pruned entry sees gradient 0 and weight 0, so its optimizer state stays 0. (With these
/// optimizers either masking alone would keep pruned weights at 0. Gradients are masked so that
/// gradient clipping's norm, like PyTorch's, counts unpruned entries only; weights after the
/// step so that no update rule can revive one.)
public struct ParameterMask {
    /// Parameter name → mask, 1 where the weight is kept and 0 where it is pruned.
    public let tensors: [String: Tensor]

    /// A mask from 0/1 tensors by parameter name; any other value is a `MaskError`.
    public init(_ tensors: [String: Tensor]) throws {
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            if let i = (0..<t.count).first(where: { t[$0] != 0 && t[$0] != 1 }) {
                throw MaskError(problem: "the mask of \(name) holds \(t[i]) at index \(i)",
                                fix: "a mask holds 1 (keep) or 0 (prune) only")
            }
        }
        self.tensors = tensors
    }

    init(checked tensors: [String: Tensor]) { self.tensors = tensors }

    /// A mask that keeps every entry of the named tensors.
    public static func ones(_ names: [String], in stateDict: [String: Tensor]) -> ParameterMask {
        ParameterMask(checked: Dictionary(uniqueKeysWithValues: names.compactMap { name in
            stateDict[name].map { (name, Tensor(shape: $0.shape, repeating: 1)) }
        }))
    }

    /// The masked parameters' names in model order (`0.weight` before `2.weight` before `10.weight`).
    public var names: [String] { tensors.keys.sorted(by: Pruning.modelOrder) }

    /// Entries the mask covers, and how many of them are kept.
    public var count: Int { tensors.values.reduce(0) { $0 + $1.count } }
    public var remaining: Int {
        tensors.values.reduce(0) { total, t in total + (0..<t.count).reduce(0) { $0 + (t[$1] != 0 ? 1 : 0) } }
    }

    /// The fraction of the covered entries that are kept (1 for an empty mask).
    public var fractionRemaining: Double { count == 0 ? 1 : Double(remaining) / Double(count) }

    /// The fraction of the model's prunable weights (`Pruning.prunableNames(of:)`: the weights of
    /// linear and convolution layers) that are kept; weights the mask does not name count as kept.
    public func fractionRemaining(of model: Sequential) -> Double {
        let state = model.stateDict()
        var total = 0, kept = 0
        for name in Pruning.prunableNames(of: model) {
            let size = state[name]!.count
            total += size
            kept += tensors[name].map { t in (0..<t.count).reduce(0) { $0 + (t[$1] != 0 ? 1 : 0) } } ?? size
        }
        return total == 0 ? 1 : Double(kept) / Double(total)
    }

    /// Checks that every name is a parameter of `model` with the mask's shape (not a buffer).
    public func validate(for model: Sequential) throws {
        let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.parameter) })
        var problems: [String] = []
        for name in names {
            guard let p = parameters[name] else {
                let near = Suggestion.closest(to: name, in: parameters.keys.sorted(), maxDistance: 2).map { " (did you mean \($0)?)" } ?? ""
                problems.append("\(name) is not a parameter of the model\(near)")
                continue
            }
            if p.value.shape != tensors[name]!.shape {
                problems.append("the mask of \(name) has shape \(tensors[name]!.shape), the parameter \(p.value.shape)")
            }
        }
        guard problems.isEmpty else {
            throw MaskError(problem: problems.joined(separator: "; "),
                            fix: "a mask names parameters of this model (\(model.namedParameters.map(\.name).joined(separator: ", "))) with their shapes; "
                                + "make it from this architecture's weights")
        }
    }

    /// (parameter, mask) pairs for `model`, checked.
    func bind(to model: Sequential) throws -> [(Parameter, Tensor)] {
        try validate(for: model)
        return model.namedParameters.compactMap { named in tensors[named.name].map { (named.parameter, $0) } }
    }
}

/// A mask, or a pruning request, that cannot be used, with the fix.
public struct MaskError: Error, CustomStringConvertible, Equatable {
    public let problem: String
    public let fix: String
    public init(problem: String, fix: String) { self.problem = problem; self.fix = fix }
    public var description: String { "\(problem) — \(fix)" }
}

/// A mask's part in the training loop: weights masked before the first step and after every
/// step, gradients masked before the step (before clipping, so pruned gradients count in no
/// norm, as in PyTorch where `weight_orig.grad` is already masked).
final class Masking: TrainingCallback {
    let mask: ParameterMask
    private let pairs: [(parameter: Parameter, mask: Tensor)]

    init(_ mask: ParameterMask, model: Sequential) {
        self.mask = mask
        do { pairs = try mask.bind(to: model) } catch { preconditionFailure("Trainer.mask does not fit the model: \(error)") }
    }

    private func multiply(gradients: Bool) {
        for (p, m) in pairs {
            let w = gradients ? p.grad.pointer : p.value.pointer, k = m.pointer
            for i in 0..<p.count { w[i] *= k[i] }
        }
    }

    func runWillStart(_ trainer: Trainer) { multiply(gradients: false) }
    func gradientsReady(_ trainer: Trainer) { multiply(gradients: true) }
    func stepEnded(_ trainer: Trainer, step: Int) { multiply(gradients: false) }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        record.maskFractionRemaining = mask.fractionRemaining
        return false
    }
}
