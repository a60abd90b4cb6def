/// Stochastic weight averaging (Izmailov et al. 2018, "Averaging weights leads to wider optima
/// and better generalization"): SGD's iterates bounce around a wide basin; their average sits
/// nearer its centre, which generalizes better than any one of them.
///
/// As PyTorch spells it, with epochs counted from 1 like the record's rows:
///
///     swa_model = AveragedModel(model)                    # equal averaging, use_buffers=False
///     for epoch in 1...E:
///         if lr is given and epoch == startEpoch:
///             SWALR(optimizer, swa_lr=lr, anneal_epochs=0) # the rate is lr from this epoch on
///         train one epoch
///         if epoch >= startEpoch: swa_model.update_parameters(model)
///     update_bn(train_loader, swa_model)                   # when recomputeBatchNorm
///
/// `SWALR` with `anneal_epochs=0` sets the rate to `swa_lr` when it is made and at every step
/// after, so epoch `startEpoch` itself trains at that rate; without `lr` the run's schedule goes
/// on. With `cycleMinimum` (the `swaCyclic` hook) the rate instead falls linearly within each
/// epoch from near `lr` to `cycleMinimum` (Izmailov et al.'s cyclical schedule, eq. 2, with a
/// cycle of one epoch), so each averaged point is taken at the cycle's lowest rate. At the end the model takes the averaged weights, and its batch-norm statistics are
/// recomputed by `BatchNormStatistics.recompute` (one pass over the training data); the
/// record's `final` metrics are then the averaged model's, while each epoch's row stays the
/// trained model's. A run that diverged, or stopped before `startEpoch`, keeps its own weights.
final class StochasticWeightAveraging: TrainingCallback {
    let startEpoch: Int
    let lr: Float?
    let cycleMinimum: Float?
    let recomputeBatchNorm: Bool
    private let average: WeightAverage

    init(startEpoch: Int, lr: Float?, cycleMinimum: Float? = nil, recomputeBatchNorm: Bool, model: Sequential) {
        self.startEpoch = startEpoch
        self.lr = lr
        self.cycleMinimum = cycleMinimum
        self.recomputeBatchNorm = recomputeBatchNorm
        average = WeightAverage(model: model, includesBuffers: false)
    }

    func learningRate(_ scheduled: Float, epoch: Int, batch: Int, of batches: Int) -> Float {
        guard let lr, epoch >= startEpoch else { return scheduled }
        guard let low = cycleMinimum else { return lr }
        return Self.cyclicRate(batch: batch, of: batches, high: lr, low: low)
    }

    /// Izmailov et al.'s α(i) = (1 − t)·α₁ + t·α₂, t = (mod(i − 1, c) + 1)/c, for the 1-based
    /// iteration i = batch + 1 of a cycle of c = `batches` iterations; in Double, rounded once.
    static func cyclicRate(batch: Int, of batches: Int, high: Float, low: Float) -> Float {
        let t = Double(batch % max(batches, 1) + 1) / Double(max(batches, 1))
        return Float((1 - t) * Double(high) + t * Double(low))
    }

    func epochEnded(_ trainer: Trainer, epoch: Int) {
        if epoch >= startEpoch { average.updateEqually() }
    }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        let replaces = record.status != .diverged && average.count > 0
        record.averagedWeights = AveragedWeights(method: cycleMinimum == nil ? "swa" : "swaCyclic", updates: average.count,
                                                 batchNormRecomputed: replaces && recomputeBatchNorm && BatchNormStatistics.hasBatchNorm(trainer.model))
        guard replaces else { return false }
        average.load()
        if recomputeBatchNorm {
            BatchNormStatistics.recompute(trainer.model, on: trainer.data.train, batchSize: trainer.spec.batchSize,
                                          dropLast: trainer.spec.dropLast)
        }
        return true
    }
}
