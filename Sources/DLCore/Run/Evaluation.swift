/// Mean loss and accuracy of a classifier over a whole data set, in evaluation mode.
public struct Evaluation: Hashable, Sendable {
    public var loss: Double
    public var accuracy: Double

    /// Evaluates `model` on `data` in batches of `batchSize` (evaluation mode; the model's
    /// training flag is restored afterwards). The loss is the mean over samples; a non-finite
    /// logit makes it non-finite.
    ///
    /// What is computed is fixed by `batchSize`: each batch's mean loss is rounded to Float and
    /// weighted by its size. How it is computed is not: when every layer treats samples
    /// independently in evaluation mode (`EvaluationPass.splits`), a batch goes through the
    /// model in passes of at most `EvaluationPass.samples`, which keep the activations in cache,
    /// and its row losses are summed in the same order as one pass would sum them, so the result
    /// has the same bits. No probabilities are stored and nothing is allocated per sample.
    public static func of(_ model: Sequential, on data: Dataset, batchSize: Int = 1000,
                          buffer: Tensor = Tensor(shape: [0]), loss: CrossEntropyLoss = CrossEntropyLoss()) -> Evaluation {
        var total = 0.0, correct = 0
        model.evaluating {
            data.labels.withUnsafeBufferPointer { y in
                var start = 0
                while start < data.count {
                    let n = min(batchSize, data.count - start)
                    var rows = 0.0  // the batch's row losses, summed as `forward` sums them
                    model.forEachEvaluationPass(over: data, from: start, count: n, buffer: buffer) { logits, first, _ in
                        correct += loss.accumulate(logits, labels: y.baseAddress! + first, into: &rows)
                    }
                    total += Double(Float(rows / Double(n))) * Double(n)
                    start += n
                }
            }
        }
        return Evaluation(loss: total / Double(max(data.count, 1)), accuracy: Double(correct) / Double(max(data.count, 1)))
    }
}
