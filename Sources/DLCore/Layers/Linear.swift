/// A fully connected layer: y = x Wᵀ + b, with PyTorch's weight shape `[out, in]` and default
/// initialization (U(±1/√in) for weight and bias).
public final class Linear: Layer {
    public let inputs: Int
    public let outputs: Int
    public let weight: Parameter
    public let bias: Parameter?
    public var isTraining = true
    public var computesInputGradient = true

    private let output = Tensor(shape: [0])
    private let gradInput = Tensor(shape: [0])
    private var input: Tensor?

    public init(inputs: Int, outputs: Int, bias: Bool = true) {
        precondition(inputs > 0 && outputs > 0, "Linear needs positive sizes, got in=\(inputs) out=\(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        weight = Parameter(name: "weight", role: .weight, shape: [outputs, inputs])
        self.bias = bias ? Parameter(name: "bias", role: .bias, shape: [outputs]) : nil
        var rng = RandomStream(seed: 0, stream: "Linear default init")
        Initializer.pytorchDefault.fill(weight.value, fanIn: inputs, fanOut: outputs, role: .weight, using: &rng)
        if let b = self.bias { Initializer.pytorchDefault.fill(b.value, fanIn: inputs, fanOut: outputs, role: .bias, using: &rng) }
    }

    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    public func forward(_ x: Tensor) -> Tensor {
        let n = x.shape[0]
        precondition(x.shape.sampleCount == inputs, "Linear(in=\(inputs)) got input of shape \(x.shape)")
        output.resize(to: Shape(n, outputs))
        let y = output.pointer
        if let b = bias {
            // Seed every row with the bias, then accumulate x Wᵀ on top (beta = 1).
            for r in 0..<n { (y + r * outputs).update(from: b.value.pointer, count: outputs) }
        }
        MatrixMultiply.gemm(transB: true, m: n, n: outputs, k: inputs, a: x.pointer, b: weight.value.pointer,
                  beta: bias == nil ? 0 : 1, c: y)
        input = x
        return output
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard let x = input else { preconditionFailure("Linear.backward called before forward") }
        let n = dy.shape[0]
        // dW[out, in] = dYᵀ X
        MatrixMultiply.gemm(transA: true, m: outputs, n: inputs, k: n, a: dy.pointer, b: x.pointer, c: weight.grad.pointer)
        if let b = bias {
            let db = b.grad.pointer, g = dy.pointer
            db.update(repeating: 0, count: outputs)
            for r in 0..<n {
                let row = g + r * outputs
                for j in 0..<outputs { db[j] += row[j] }
            }
        }
        guard computesInputGradient else { gradInput.resize(to: [0]); return gradInput }
        // dX[n, in] = dY W
        gradInput.resize(to: x.shape)
        MatrixMultiply.gemm(m: n, n: inputs, k: outputs, a: dy.pointer, b: weight.value.pointer, c: gradInput.pointer)
        return gradInput
    }

    public func outputShape(for input: Shape) throws -> Shape {
        guard input.count == inputs else {
            throw ShapeError("Linear(in=\(inputs)) cannot take samples of shape \(input) (\(input.count) values); add a Flatten or change in= to \(input.count)")
        }
        return Shape(outputs)
    }

    public func forwardMACs(for input: Shape) -> Int { inputs * outputs }

    public var description: String { "Linear(in=\(inputs), out=\(outputs), bias=\(bias != nil))" }
}
