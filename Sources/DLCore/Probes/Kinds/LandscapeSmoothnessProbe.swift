/// Santurkar et al.'s (2018, §3.1) measures of how smooth the loss is along the gradient
/// direction, at one point of training: with g = ∇L(w) on a fixed batch, for each step size η in
/// `stepSizes`,
///
/// - loss variation: the range (max − min) of L(w − ηg) over η (η = 0 included);
/// - gradient predictiveness: max over η of ‖∇L(w) − ∇L(w − ηg)‖₂ (smaller is more predictive);
/// - effective β-smoothness: max over η of ‖∇L(w) − ∇L(w − ηg)‖₂ / ‖ηg‖₂.
///
/// Keys `<prefix>.loss_range`, `<prefix>.grad_change`, `<prefix>.beta`, `<prefix>.grad_norm`,
/// with prefix "landscape" (final weights) or "landscape_init" (right after initialization).
///
/// Unlike the other probes this one runs the model in *training* mode, as training does: batch
/// normalization normalizes with the batch's own statistics, which is the landscape the optimizer
/// sees. The batch is the first `batchSize` training samples. Parameters and the running
/// statistics (which a training-mode forward pass would update) are restored afterwards. Not for
/// models with dropout (training mode would draw masks).
public struct LandscapeSmoothnessProbe: Probe {
    public static let kind = "landscape_smoothness"
    public var stepSizes: [Double] = [0.05, 0.1, 0.2, 0.4, 0.8]
    public var batchSize = 512
    public var atInitialization = false

    public init() {}
    public init(stepSizes: [Double], batchSize: Int, atInitialization: Bool) {
        self.stepSizes = stepSizes; self.batchSize = batchSize; self.atInitialization = atInitialization
    }

    public var name: String { atInitialization ? "landscape_init" : "landscape" }
    public var timing: ProbeSpec.Timing { atInitialization ? .initialization : .final }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let parameters = model.parameters
        let savedWeights = ParameterVector.snapshot(parameters)
        let savedBuffers = model.buffers.map { $0.value.copy() }
        let wasTraining = model.isTraining
        defer {
            ParameterVector.restore(savedWeights, to: parameters)
            for (b, s) in zip(model.buffers, savedBuffers) { b.value.assign(s) }
            model.isTraining = wasTraining
        }
        model.isTraining = true
        let train = data.train
        let m = min(batchSize, train.count), s = train.sampleSize
        let batch = Tensor(shape: train.sampleShape.batched(m))
        train.inputs.withUnsafeBufferPointer { batch.pointer.update(from: $0.baseAddress!, count: m * s) }
        let labels = Array(train.labels[0..<m])
        let loss = CrossEntropyLoss()
        func lossAndGradient(_ w: [Double]) -> (Double, [Double]) {
            ParameterVector.assign(w, to: parameters)
            let logits = model.forward(batch)
            let l = labels.withUnsafeBufferPointer { Double(loss.forward(logits, labels: $0.baseAddress!)) }
            _ = model.backward(loss.backward())
            return (l, ParameterVector.gradients(parameters))
        }
        let w = ParameterVector.values(parameters)
        let (l0, g) = lossAndGradient(w)
        let gNorm = norm(g)
        var losses = [l0], change = 0.0, beta = 0.0
        for eta in stepSizes {
            let moved = zip(w, g).map { $0 - eta * $1 }
            let (l, gMoved) = lossAndGradient(moved)
            losses.append(l)
            let d = norm(zip(g, gMoved).map { $0 - $1 })
            change = max(change, d)
            if gNorm > 0 { beta = max(beta, d / (eta * gNorm)) }
        }
        let p = name
        return ["\(p).loss_range": [losses.max()! - losses.min()!], "\(p).grad_change": [change],
                "\(p).beta": [beta], "\(p).grad_norm": [gNorm]]
    }

    private func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    enum CodingKeys: String, CodingKey { case stepSizes, batchSize, atInitialization }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stepSizes = try c.decodeIfPresent([Double].self, forKey: .stepSizes) ?? [0.05, 0.1, 0.2, 0.4, 0.8]
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? 512
        atInitialization = try c.decodeIfPresent(Bool.self, forKey: .atInitialization) ?? false
    }
}
