/// An exponential moving average of the weights (Polyak averaging with exponential weights),
/// updated after every optimizer step: a smoothed copy of the trajectory that is often better
/// than its last point, at no extra gradient cost.
///
/// PyTorch: `ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay),
/// use_buffers=averageBuffers)` and `ema.update_parameters(model)` after each
/// `optimizer.step()`. The first update copies the weights; each later one is
/// `ema ← lerp(ema, w, 1 − decay)`. Buffers (batch-norm running statistics) are averaged only
/// with `averageBuffers` (PyTorch's `use_buffers=True`); otherwise the model keeps its own, as
/// PyTorch's averaged model copies them at each update. At the end the model takes the
/// averaged weights, and the record's `final` metrics are the averaged model's. A run that
/// diverged keeps its own weights.
final class ExponentialMovingAverage: TrainingCallback {
    let decay: Double
    let averageBuffers: Bool
    private let average: WeightAverage

    init(decay: Double, averageBuffers: Bool, model: Sequential) {
        self.decay = decay
        self.averageBuffers = averageBuffers
        average = WeightAverage(model: model, includesBuffers: averageBuffers)
    }

    func stepEnded(_ trainer: Trainer, step: Int) { average.updateExponentially(decay: decay) }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        record.averagedWeights = AveragedWeights(method: "ema", updates: average.count, batchNormRecomputed: false)
        guard record.status != .diverged, average.count > 0 else { return false }
        average.load()
        return true
    }
}
