/// Activations per layer of `Sequential.layers`, in order, on the first 1000 training samples:
/// `activations.mean`, `activations.std`, `activations.zero_fraction`, `activations.signal_std`
/// (the input-dependent spread: √ of the units' mean variance across samples). It describes the model as
/// given; its timing is `.initialization`, so the runner measures the freshly initialized model.
public struct ActivationStatisticsProbe: Probe {
    public static let kind = "activationStatistics"

    public init() {}

    public var name: String { "activations" }
    public var timing: ProbeSpec.Timing { .initialization }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let layers = ActivationStatistics.atInitialization(model: model, data: data.train)
        return ["activations.mean": layers.map(\.mean), "activations.std": layers.map(\.std),
                "activations.zero_fraction": layers.map(\.zeroFraction), "activations.signal_std": layers.map(\.signalStd)]
    }
}
