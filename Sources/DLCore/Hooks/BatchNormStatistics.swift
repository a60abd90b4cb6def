/// Batch-norm running statistics recomputed for a model's current weights: PyTorch's
/// `torch.optim.swa_utils.update_bn(loader, model)`.
///
/// Averaged weights were never trained with the running statistics the model holds (those
/// follow the last iterates), so SWA ends with one pass over the training data to measure them
/// afresh. As `update_bn` does: every batch-norm layer's statistics are reset (mean 0, variance
/// 1, no batches), its momentum becomes `None` (a cumulative average: each batch counts
/// equally, a short last batch too), and the model runs forward in training mode (dropout
/// active, drawing from its own stream) over the batches; then the layers are put back.
///
/// The batches: the training set in its stored order (no shuffling, no augmentation), in
/// batches of the run's `batchSize`, the last shorter batch kept unless `dropLast` — a
/// `DataLoader(train, batch_size, shuffle=False, drop_last=dropLast)`.
enum BatchNormStatistics {
    static func layers(_ model: Sequential) -> [BatchNormLayer] {
        model.layers.flatMap { layer -> [BatchNormLayer] in
            if let bn = layer as? BatchNormLayer { return [bn] }
            if let s = layer as? Sequential { return layers(s) }
            return []
        }
    }

    static func hasBatchNorm(_ model: Sequential) -> Bool { !layers(model).isEmpty }

    static func recompute(_ model: Sequential, on data: Dataset, batchSize: Int, dropLast: Bool) {
        let norms = layers(model)
        guard !norms.isEmpty, batchSize > 0 else { return }
        for bn in norms {
            bn.resetRunningStatistics()
            bn.averagesCumulatively = true
        }
        let wasTraining = model.isTraining
        model.isTraining = true
        defer {
            for bn in norms { bn.averagesCumulatively = false }
            model.isTraining = wasTraining
        }
        let n = data.count, s = data.sampleSize
        let batch = Tensor(shape: [0])
        data.inputs.withUnsafeBufferPointer { x in
            var start = 0
            while start < n {
                let count = min(batchSize, n - start)
                if dropLast && count < batchSize { break }
                batch.resize(to: data.sampleShape.batched(count))
                batch.pointer.update(from: x.baseAddress! + start * s, count: count * s)
                _ = model.forward(batch)
                start += count
            }
        }
    }
}
