/// One optimization step of a classifier: forward, softmax cross-entropy, backward, update.
///
/// The pieces every training loop shares (the trainer, the benchmark, the LR range test), kept
/// in one place so the hot path is written once.
///
/// A batch larger than `chunkSize` goes through the network in chunks of at most that many
/// samples, each forward and backward in turn, with the parameter gradients summed over the
/// chunks (each chunk's loss gradient weighted by its share of the batch) before the one
/// update. That is the same step (the gradient of the batch's mean loss), computed so that a
/// chunk's activations stay in cache between its forward and backward passes; only the
/// rounding differs from a single pass. Models with a layer whose output for one sample depends
/// on the others (batch normalization) always take the batch in one pass.
public final class ClassifierStep {
    public let model: Sequential
    public let optimizer: Optimizer
    public let loss = CrossEntropyLoss()
    /// Adds a penalty's gradient to the parameters' gradients and returns its value; runs after
    /// backward and before the update (L1/L2 regularizers).
    public var penalty: ((Sequential) -> Float)?
    /// The largest number of samples per pass; a constant (never derived from the machine), so
    /// a run computes the same bits everywhere. `Int.max` turns chunking off; it is always off
    /// for a model with batch normalization.
    public var chunkSize = ClassifierStep.defaultChunkSize

    private let splittable: Bool
    private let chunk = Tensor(shape: [0])
    private let gradientSums: [Tensor]

    public init(model: Sequential, optimizer: Optimizer) {
        self.model = model
        self.optimizer = optimizer
        splittable = !ClassifierStep.couplesSamples(model)
        gradientSums = splittable ? model.parameters.map { Tensor(shape: $0.value.shape) } : []
    }

    /// Samples per pass when a batch is split. Measured on the benchmark models (`dlstudy bench
    /// --chunk-size`): 128 keeps the MNIST-1D CNN's activations and im2col columns within L2
    /// (twice its single-pass throughput at batch 1024) and leaves the MLP, whose large-batch
    /// GEMMs are already efficient, as fast as one pass; 32 or 64 would slow the MLP down.
    public static let defaultChunkSize = 128

    /// Whether some layer mixes the samples of a batch (so a batch cannot be split).
    static func couplesSamples(_ layer: Layer) -> Bool {
        if layer is BatchNormLayer { return true }
        if let s = layer as? Sequential { return s.layers.contains { couplesSamples($0) } }
        return false
    }

    /// Trains on one batch and returns its mean loss (before the update), penalty included.
    /// A non-finite loss is returned as is, and the parameters are left untouched, so the caller
    /// can record the divergence.
    @discardableResult
    public func step(inputs: Tensor, labels: UnsafePointer<Int32>) -> (loss: Float, correct: Int) {
        let result = gradients(inputs: inputs, labels: labels)
        if result.computed { optimizer.step() }
        return (result.loss, result.correct)
    }

    /// `step` without the update: forward, loss, backward and the penalty's gradient, so a caller
    /// can act on the gradients (mask, clip) before calling `optimizer.step()` itself. `computed`
    /// is false when the loss was not finite: the gradients are then not set and no update should
    /// follow.
    public func gradients(inputs: Tensor, labels: UnsafePointer<Int32>) -> (loss: Float, correct: Int, computed: Bool) {
        model.isTraining = true
        let n = inputs.shape[0]
        if n <= chunkSize || !splittable {
            let logits = model.forward(inputs)
            let (value, correct) = loss.forwardCounting(logits, labels: labels)
            guard value.isFinite else { return (value, correct, false) }
            _ = model.backward(loss.backward())
            return finish(value, correct)
        }
        // Chunks of nearly equal size: ⌈n / chunkSize⌉ of them.
        let parts = (n + chunkSize - 1) / chunkSize
        let sampleSize = inputs.shape.sampleCount
        let parameters = model.parameters
        var total: Double = 0
        var correct = 0
        var finite = true
        var start = 0
        for k in 0..<parts {
            let count = (n - start) / (parts - k)
            chunk.resize(to: inputs.shape.withBatch(count))
            chunk.pointer.update(
                from: inputs.pointer + start * sampleSize, count: count * sampleSize)
            let logits = model.forward(chunk)
            let (value, hits) = loss.forwardCounting(logits, labels: labels + start)
            correct += hits
            total += Double(value) * Double(count)
            finite = finite && value.isFinite
            start += count
            // After a non-finite loss only the accuracy count still matters.
            guard finite else { continue }
            // d(mean over the batch)/d(logits) = d(mean over the chunk)/d(logits) · count / n.
            let g = loss.backward()
            let weight = Float(count) / Float(n)
            let gp = g.pointer
            for i in 0..<g.count { gp[i] *= weight }
            _ = model.backward(g)
            for (p, sum) in zip(parameters, gradientSums) {
                let s = sum.pointer
                let d = p.grad.pointer
                let m = p.count
                if k == 0 {
                    s.update(from: d, count: m)
                } else if k < parts - 1 {
                    for i in 0..<m { s[i] += d[i] }
                } else {
                    for i in 0..<m { d[i] += s[i] }  // the last chunk's gradient plus the others'
                }
            }
        }
        let value = Float(total / Double(n))  // not finite when some chunk's loss is not
        guard finite else { return (value, correct, false) }
        return finish(value, correct)
    }

    private func finish(_ value: Float, _ correct: Int) -> (loss: Float, correct: Int, computed: Bool) {
        let extra = penalty?(model) ?? 0
        return (value + extra, correct, true)
    }
}
