/// A model's size in bytes as stored: biases and normalization parameters in float32 (4 bytes
/// each), each weight tensor (role `.weight`) as its compression stores it.
public enum ModelSize {
    /// The probe key under which compression hooks record the size (`Quantity.probe`).
    public static let probeKey = "model_bytes"

    public static func bytes(of model: Sequential, weights: (Tensor) -> Int) -> Int {
        model.parameters.reduce(0) { total, p in total + (p.role == .weight ? weights(p.value) : 4 * p.count) }
    }

    /// Every parameter in float32.
    public static func float32(_ model: Sequential) -> Int { 4 * model.parameterCount }

    /// A sparse weight: a bitmap (1 bit per entry, packed) and the nonzero values in float32.
    public static func sparseBytes(_ w: Tensor) -> Int {
        let nonzero = (0..<w.count).reduce(0) { $0 + (w[$1] != 0 ? 1 : 0) }
        return (w.count + 7) / 8 + 4 * nonzero
    }
}
