/// Compresses every weight once, before row 0 is measured: post-training compression of the
/// weights the run starts from (with 0 epochs the run only evaluates them). See
/// `WeightCompression` and `Compressing`.
/// JSON: `{"kind": "compress", "compression": {"method": "quantize", "bits": 8, "symmetric": true, "perChannel": true}}`.
public struct CompressHook: HookKind {
    public static let name = "compress"
    public static let phase = HookPhase.weights
    public var compression: WeightCompression

    public init(_ compression: WeightCompression) { self.compression = compression }

    public var description: String { "Compress(\(compression))" }

    public func validate(field: String, lastEpoch: Int?) throws { try compression.validate(field: field) }

    public func makeCallback(model: Sequential) -> any TrainingCallback { Compressing(compression) }
}
