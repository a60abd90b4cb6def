/// How evaluation splits a batch into passes through the model without changing a bit.
///
/// In evaluation mode the layers below compute each sample's output from that sample alone, by
/// arithmetic that does not depend on how many samples share the pass (the engine's products
/// give every entry one fixed chain whatever the matrix shape; batch normalization uses its
/// running statistics). A batch can then go through in smaller passes and give the same logits.
/// A layer type not listed here (a custom `Layer`) keeps the batch in one pass.
enum EvaluationPass {
    /// Samples per pass: the training step's chunk, sized to keep activations and im2col columns
    /// in cache (`ClassifierStep.defaultChunkSize`).
    static let samples = ClassifierStep.defaultChunkSize

    /// Whether every layer of `layer` computes each sample independently in evaluation mode.
    static func splits(_ layer: Layer) -> Bool {
        switch layer {
        case let s as Sequential: return s.layers.allSatisfy { splits($0) }
        case is Linear, is Conv1d, is Conv2d, is ReLU, is LeakyReLU, is Tanh, is Sigmoid, is GELU,
             is Flatten, is Dropout, is PoolingLayer, is GlobalAvgPool, is BatchNormLayer:
            return true
        default: return false
        }
    }
}
