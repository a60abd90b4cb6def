/// Layers applied one after another, named like PyTorch's `nn.Sequential` (`0.weight`, …).
public final class Sequential: Layer {
    public let layers: [Layer]
    /// Every parameter with its PyTorch name, in order; fixed at construction.
    public let namedParameters: [(name: String, parameter: Parameter)]
    public let parameters: [Parameter]

    public init(_ layers: [Layer]) {
        self.layers = layers
        var named: [(String, Parameter)] = []
        for (i, layer) in layers.enumerated() {
            for p in layer.parameters { named.append(("\(i).\(p.name)", p)) }
        }
        namedParameters = named
        parameters = named.map(\.1)
        layers.first?.computesInputGradient = false
    }

    public convenience init(@LayerBuilder _ build: () -> [Layer]) { self.init(build()) }

    /// Named buffers (running statistics), PyTorch-style names.
    public var buffers: [Buffer] {
        layers.enumerated().flatMap { i, l in l.buffers.map { Buffer(name: "\(i).\($0.name)", value: $0.value) } }
    }

    public var isTraining: Bool {
        get { layers.first?.isTraining ?? true }
        set { for l in layers { l.isTraining = newValue } }
    }

    /// Whether the first layer computes dL/dx. Off by default: training needs only dL/dθ.
    public var computesInputGradient: Bool {
        get { layers.first?.computesInputGradient ?? false }
        set { layers.first?.computesInputGradient = newValue }
    }

    public func forward(_ input: Tensor) -> Tensor {
        var x = input
        for l in layers { x = l.forward(x) }
        return x
    }

    public func backward(_ gradOutput: Tensor) -> Tensor {
        var g = gradOutput
        for l in layers.reversed() { g = l.backward(g) }
        return g
    }

    public func outputShape(for input: Shape) throws -> Shape {
        var s = input
        for (i, l) in layers.enumerated() {
            do { s = try l.outputShape(for: s) } catch let e as ShapeError {
                throw ShapeError("layer \(i) \(l): \(e.description)")
            }
        }
        return s
    }

    public func forwardMACs(for input: Shape) -> Int {
        var s = input, total = 0
        for l in layers {
            total += l.forwardMACs(for: s)
            s = (try? l.outputShape(for: s)) ?? s
        }
        return total
    }

    /// Multiply-accumulates of one training step, per sample, as the engine does them: the
    /// forward pass, each weighted layer's weight gradient, and the input gradient of each layer
    /// that computes one (the first does not). Element-wise work is not counted.
    public func stepMACs(for input: Shape) -> Int {
        var s = input, total = 0
        for l in layers {
            let forward = l.forwardMACs(for: s)
            total += forward * (l.parameters.isEmpty ? 1 : 2) + (l.computesInputGradient ? forward : 0)
            s = (try? l.outputShape(for: s)) ?? s
        }
        return total
    }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Approximate FLOPs of one training step on `batch` samples: 2 per multiply-accumulate
    /// forward and 4 backward (the usual 6 × MACs), element-wise work not counted.
    public func trainingFLOPs(sampleShape: Shape, batch: Int) -> Int { 6 * forwardMACs(for: sampleShape) * batch }

    public var description: String {
        var lines = ["Sequential("]
        for (i, l) in layers.enumerated() { lines.append("  (\(i)): \(l.description)") }
        lines.append(")")
        return lines.joined(separator: "\n")
    }
}

/// Builds `[Layer]` from a block, so `if` and `for` work when assembling a model.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: Layer) -> [Layer] { [layer] }
    public static func buildExpression(_ layers: [Layer]) -> [Layer] { layers }
    public static func buildBlock(_ parts: [Layer]...) -> [Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Layer]?) -> [Layer] { part ?? [] }
    public static func buildEither(first: [Layer]) -> [Layer] { first }
    public static func buildEither(second: [Layer]) -> [Layer] { second }
    public static func buildArray(_ parts: [[Layer]]) -> [Layer] { parts.flatMap { $0 } }
}
