import DLCore

/// A factor whose levels are values (batch sizes, learning rates), with a handle per value: the
/// label function is written once, so `sizes[16]` and the level the runs carry cannot drift.
///
/// ```swift
/// static let fixed = ExperimentHandle("fixed")
/// static let sizes = Sweep(fixed, \.batchSize, [16, 64, 256], name: "batch size")
/// Experiment(fixed, base: base, vary: sizes.factor, seeds: Seeds(3))
/// Claim("…", .probe("hessian_top"), sizes.last, greaterThan: sizes[16])
/// ```
public struct Sweep<Value>: @unchecked Sendable {
    public let experiment: ExperimentHandle
    public let values: [Value]
    /// The factor to pass to `Experiment(…, vary:)`.
    public let factor: Factor
    private let label: (Value) -> String

    /// Sets one field of the run spec per value, as `Vary(keyPath, values, …)` does (same
    /// factor name, labels, numeric values).
    public init(_ experiment: ExperimentHandle, _ keyPath: WritableKeyPath<RunSpec, Value>, _ values: [Value],
                name: String? = nil, label: @escaping (Value) -> String = { "\($0)" }) {
        self.experiment = experiment
        self.values = values
        self.label = label
        factor = Vary(keyPath, values, name: name, label: label)
    }

    /// Any change per value: `apply(&spec, value)`; `number` places the level on a numeric axis.
    public init(_ experiment: ExperimentHandle, name: String, _ values: [Value], label: @escaping (Value) -> String = { "\($0)" },
                number: @escaping (Value) -> Double?, changesInitOrData: Bool = false,
                apply: @escaping (inout RunSpec, Value) -> Void) {
        self.experiment = experiment
        self.values = values
        self.label = label
        factor = Factor(name, levels: values.map { v in Level(label(v), value: number(v)) { apply(&$0, v) } },
                        changesInitOrData: changesInitOrData)
    }

    /// The level of `value` (whether or not the sweep lists it; `Study.validate` says so if not).
    public subscript(value: Value) -> LevelHandle { experiment.level(label(value)) }

    /// Every level, in the sweep's order.
    public var levels: [LevelHandle] { values.map { self[$0] } }
    public var first: LevelHandle { self[values[0]] }
    public var last: LevelHandle { self[values[values.count - 1]] }
}
