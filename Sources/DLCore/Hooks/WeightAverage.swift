import CKernels

/// PyTorch's `torch.optim.swa_utils.AveragedModel`, for one model: copies of its parameters
/// (and, with `includesBuffers`, its buffers: PyTorch's `use_buffers=True`) averaged over the
/// updates it is given. The first update copies the model (`n_averaged` is 0); each later one
/// mixes the model in by the rule of `updateEqually` (SWA) or `updateExponentially` (EMA).
///
/// Without `includesBuffers` the buffers are not averaged: PyTorch keeps the averaged model's
/// buffers equal to the model's at each update, so at the end they are the model's own, which
/// is what `load(into:)` leaves in place.
final class WeightAverage {
    /// The model's tensors being averaged, and the averages, pairwise.
    private let sources: [Tensor]
    let averages: [Tensor]
    /// Which entries are `num_batches_tracked`, an integer in PyTorch, averaged as one.
    private let isCount: [Bool]
    /// PyTorch's `n_averaged`: updates so far.
    private(set) var count = 0

    init(model: Sequential, includesBuffers: Bool) {
        let buffers = includesBuffers ? model.buffers : []
        sources = model.parameters.map(\.value) + buffers.map(\.value)
        isCount = model.parameters.map { _ in false } + buffers.map { $0.name.hasSuffix("num_batches_tracked") }
        averages = sources.map { Tensor(shape: $0.shape) }
    }

    /// SWA's equal average (`get_swa_avg_fn`, the path `AveragedModel` takes on CPU):
    /// `avg + (model − avg) / (n + 1)` in float32, a true division.
    func updateEqually() {
        defer { count += 1 }
        if count == 0 { return copyIn() }
        let k = Float(count + 1)
        for (a, m) in zip(averages, sources) {
            let p = a.pointer, q = m.pointer
            for i in 0..<a.count { p[i] = p[i] + (q[i] - p[i]) / k }
        }
    }

    /// EMA (`get_ema_multi_avg_fn(decay)`): `torch._foreach_lerp_(avg, model, 1 − decay)` with
    /// 1 − decay worked out in double and rounded to float; an integer buffer
    /// (`num_batches_tracked`) takes PyTorch's other branch, `avg·decay + model·(1 − decay)` in
    /// float32, truncated back to an integer.
    func updateExponentially(decay: Double) {
        defer { count += 1 }
        if count == 0 { return copyIn() }
        let weight = Float(1 - decay)
        for k in averages.indices {
            let a = averages[k], m = sources[k]
            if isCount[k] {
                for i in 0..<a.count { a[i] = (a[i] * Float(decay) + m[i] * weight).rounded(.towardZero) }
            } else {
                dl_lerp_update(a.count, a.pointer, m.pointer, weight)
            }
        }
    }

    private func copyIn() {
        for (a, m) in zip(averages, sources) { a.assign(m) }
    }

    /// Puts the averages into the model's tensors (nothing before the first update).
    func load() {
        guard count > 0 else { return }
        for (a, m) in zip(averages, sources) { m.assign(a) }
    }
}
