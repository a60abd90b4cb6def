import DLCore

/// One setting of the varied factors: a label for tables and legends, an optional number for
/// numeric axes, and the change it makes to the base run.
public struct Level: @unchecked Sendable {
    public let label: String
    public let value: Double?
    public let apply: (inout RunSpec) -> Void

    public init(_ label: String, value: Double? = nil, _ apply: @escaping (inout RunSpec) -> Void) {
        self.label = label
        self.value = value
        self.apply = apply
    }
}

/// A varied factor and its levels.
public struct Factor: @unchecked Sendable {
    public let name: String
    public let levels: [Level]
    /// True when the factor changes the initial weights or the data itself, so that common
    /// random numbers do not apply (reported in the setup table).
    public let changesInitOrData: Bool

    public init(_ name: String, levels: [Level], changesInitOrData: Bool = false) {
        self.name = name
        self.levels = levels
        self.changesInitOrData = changesInitOrData
    }
}

/// Varies one field of the run spec, typed by its key path so a typo fails to compile:
/// `Vary(\.batchSize, [16, 64, 256])`.
public func Vary<V>(_ keyPath: WritableKeyPath<RunSpec, V>, _ values: [V], name: String? = nil,
                    label: @escaping (V) -> String = { "\($0)" }) -> Factor {
    let fieldName = name ?? String(describing: keyPath).replacingOccurrences(of: "\\RunSpec.", with: "")
    let levels = values.map { v in
        Level(label(v), value: numericValue(v)) { $0[keyPath: keyPath] = v }
    }
    let touchesInit = fieldName.hasPrefix("initialization") || fieldName.hasPrefix("data") || fieldName.hasPrefix("model")
    return Factor(fieldName, levels: levels, changesInitOrData: touchesInit)
}

/// Varies several settings at once per level ("linear scaling": batch 256 with lr 0.4).
public func Vary(_ name: String, _ levels: [Level], changesInitOrData: Bool = false) -> Factor {
    Factor(name, levels: levels, changesInitOrData: changesInitOrData)
}

private func numericValue<V>(_ v: V) -> Double? {
    switch v {
    case let x as Int: return Double(x)
    case let x as Float: return Double(x)
    case let x as Double: return x
    case let x as UInt64: return Double(x)
    default: return nil
    }
}

/// The seeds of an experiment: `Seeds(3)` is 0, 1, 2.
public struct Seeds: Sendable {
    public let values: [UInt64]
    public init(_ count: Int) { values = (0..<UInt64(max(count, 0))).map { $0 } }
    public init(_ values: [UInt64]) { self.values = values }
}

/// A controlled experiment: a base run, one or more varied factors (their levels form a grid),
/// seeds and probes. Every level at a given seed shares the base run's seed, so its initial
/// weights and data order are the same (common random numbers), unless the factor changes the
/// initialization or the data.
public struct Experiment: StudyComponent, @unchecked Sendable {
    public let id: String
    public let base: RunSpec
    public let factors: [Factor]
    public let seeds: [UInt64]
    public let probes: [ProbeSpec]
    /// Keep every run's final weights (for cross-run measurements such as interpolation, and
    /// for stages that start from them).
    public let keepWeights: Bool
    /// Set when the runs start from another experiment's runs.
    public let stage: Stage?
    /// Whether the report shows this experiment's setup table (see `withoutSetupTable()`).
    public private(set) var showsSetup = true

    public init(_ id: String = "main", base: RunSpec, vary factors: Factor..., seeds: Seeds, probes: [ProbeSpec] = [],
                keepWeights: Bool = false, from stage: Stage? = nil) {
        self.id = id
        self.base = base
        self.factors = factors
        self.seeds = seeds.values
        self.probes = probes
        self.keepWeights = keepWeights
        self.stage = stage
    }

    public var block: StudyBlock { .experiment(self) }

    /// This experiment without a setup table in the report: for a long chain of stages whose
    /// setups differ only in where they start (the prose says so), so the page shows one.
    public func withoutSetupTable() -> Experiment {
        var copy = self
        copy.showsSetup = false
        return copy
    }

    /// The grid's cells in order: every combination of levels (first factor slowest).
    public var cells: [ExperimentCell] {
        var combos: [[Level]] = [[]]
        for f in factors { combos = combos.flatMap { c in f.levels.map { c + [$0] } } }
        return combos.map { levels in
            ExperimentCell(label: levels.map(\.label).joined(separator: ", "),
                           value: levels.count == 1 ? levels[0].value : nil, spec: spec(levels: levels, start: nil), levels: levels)
        }
    }

    /// The base run with `start` set (for a staged experiment), then the levels applied — so a
    /// level may change how its run starts (`$0.start?.mask?.random = true`).
    func spec(levels: [Level], start: StartPoint?) -> RunSpec {
        var spec = base
        spec.start = start
        for l in levels { l.apply(&spec) }
        if keepWeights || probes.contains(where: \.needsWeights) { spec.record.keepWeights = true }
        return spec
    }

    /// The run of `cell` at `seed`.
    public func spec(_ cell: ExperimentCell, seed: UInt64) -> RunSpec {
        var s = cell.spec
        s.seed = seed
        return s
    }

    /// The run of `cell` at `seed` of a staged experiment, starting at `start`.
    func spec(_ cell: ExperimentCell, seed: UInt64, start: StartPoint) -> RunSpec {
        var s = spec(levels: cell.levels, start: start)
        s.seed = seed
        return s
    }
}

/// One combination of levels of an experiment.
public struct ExperimentCell: @unchecked Sendable {
    public let label: String
    public let value: Double?
    public let spec: RunSpec
    /// The levels that made it, one per factor.
    public let levels: [Level]
}
