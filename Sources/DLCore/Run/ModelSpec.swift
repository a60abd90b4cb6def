/// A model as a run spec writes it: a list of layers applied in order, input sizes inferred.
public struct ModelSpec: Codable, Hashable, Sendable {
    public var layers: [LayerSpec]

    public init(layers: [LayerSpec]) { self.layers = layers }

    /// A ReLU MLP with the given hidden widths; optional dropout after each hidden ReLU and batch
    /// norm between each hidden Linear and its ReLU (as in the regularizer pilots). Linear layers
    /// flatten their input, so the names stay those of PyTorch's `nn.Sequential(Linear, ReLU, …)`.
    public static func mlp(hidden: [Int], dropout: Float? = nil, batchNorm: Bool = false) -> ModelSpec {
        var layers: [LayerSpec] = []
        for h in hidden {
            layers.append(.linear(h))
            if batchNorm { layers.append(.batchNorm) }
            layers.append(.relu)
            if let p = dropout { layers.append(.dropout(p)) }
        }
        layers.append(LayerSpec(.linear))  // output width = number of classes
        return ModelSpec(layers: layers)
    }

    /// Logistic regression: one Linear layer from inputs to classes.
    public static let logisticRegression = ModelSpec(layers: [LayerSpec(.linear)])

    /// The MNIST-1D paper's CNN: three Conv1d (25 channels; kernels 5, 3, 3; stride 2, padding 1)
    /// with ReLU, then Linear to the classes; 5,210 parameters on 40-long signals.
    public static let mnist1dCNN = ModelSpec(layers: [
        .conv1d(25, kernel: 5, stride: 2, padding: 1), .relu,
        .conv1d(25, kernel: 3, stride: 2, padding: 1), .relu,
        .conv1d(25, kernel: 3, stride: 2, padding: 1), .relu,
        .flatten, LayerSpec(.linear),
    ])

    /// The per-sample shape the first layer expects: convolutions take [C, L] or [C, H, W],
    /// anything else takes what the data has.
    public func inputShape(forData sampleShape: Shape) -> Shape {
        switch layers.first?.type {
        case .conv1d?, .maxPool1d?, .avgPool1d?: return sampleShape.rank == 1 ? Shape(1, sampleShape[0]) : sampleShape
        case .conv2d?, .maxPool2d?, .avgPool2d?: return sampleShape.rank == 2 ? Shape(1, sampleShape[0], sampleShape[1]) : sampleShape
        default: return sampleShape
        }
    }

    /// Builds the network for samples of `sampleShape` and `classes` classes. A last Linear
    /// without `out` gets `classes` outputs; a last layer with a different width is an error.
    public func build(sampleShape: Shape, classes: Int) throws -> Sequential {
        EngineUsage.count { $0.modelsBuilt += 1 }
        guard !layers.isEmpty else {
            throw SpecError(field: "model.layers", problem: "the model has no layers", fix: "list at least one layer, e.g. {\"type\": \"linear\"}")
        }
        var built: [Layer] = []
        var shape = inputShape(forData: sampleShape)
        for (i, spec) in layers.enumerated() {
            var spec = spec
            let field = "model.layers[\(i)]"
            if spec.type == .linear && spec.out == nil && i == layers.count - 1 { spec.out = classes }
            let layer = try spec.build(input: shape, field: field)
            do { shape = try layer.outputShape(for: shape) } catch let e as ShapeError {
                throw SpecError(field: field, problem: e.description, fix: "change this layer or the one before it")
            }
            built.append(layer)
        }
        guard shape.count == classes else {
            throw SpecError(field: "model.layers[\(layers.count - 1)]",
                            problem: "the model ends with \(shape.count) outputs but the data has \(classes) classes",
                            fix: "make the last layer {\"type\": \"linear\", \"out\": \(classes)} or leave out \"out\"")
        }
        return Sequential(built)
    }
}
