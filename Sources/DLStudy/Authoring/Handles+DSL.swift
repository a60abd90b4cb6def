import DLCore
import DLPlot

// The study DSL's components built from handles. The string-based initializers stay for
// existing callers; these take the experiment and level from one declaration.

extension Level {
    /// The level that `handle` names.
    public init(_ handle: LevelHandle, value: Double? = nil, _ apply: @escaping (inout RunSpec) -> Void) {
        self.init(handle.label, value: value, apply)
    }
}

extension Experiment {
    /// An experiment named by its handle.
    public init(_ handle: ExperimentHandle, base: RunSpec, vary factors: Factor..., seeds: Seeds,
                probes: [ProbeSpec] = [], keepWeights: Bool = false, from stage: Stage? = nil) {
        self.id = handle.id
        self.base = base
        self.factors = factors
        self.seeds = seeds.values
        self.probes = probes
        self.keepWeights = keepWeights
        self.stage = stage
    }

    /// The handle of this experiment.
    public var handle: ExperimentHandle { ExperimentHandle(id) }
}

extension Claim {
    /// "`level`'s `quantity` is greater than `other`'s"; paired by seed across experiments when
    /// the two levels belong to different ones.
    public init(_ text: String, _ quantity: Quantity, _ level: LevelHandle, greaterThan other: LevelHandle) {
        if other.experiment == level.experiment {
            self.init(text, experiment: level.experiment.id, quantity, level.label, greaterThan: other.label)
        } else {
            self.init(text, experiment: level.experiment.id, quantity, level.label, greaterThan: other.label,
                      in: other.experiment.id)
        }
    }

    /// "`level`'s `quantity` is less than `other`'s" (paired by seed).
    public init(_ text: String, _ quantity: Quantity, _ level: LevelHandle, lessThan other: LevelHandle) {
        if other.experiment == level.experiment {
            self.init(text, experiment: level.experiment.id, quantity, level.label, lessThan: other.label)
        } else {
            self.init(text, experiment: level.experiment.id, quantity, level.label, lessThan: other.label,
                      in: other.experiment.id)
        }
    }

    /// "`level`'s `quantity` is greater than a constant".
    public init(_ text: String, _ quantity: Quantity, _ level: LevelHandle, greaterThan constant: Double) {
        self.init(text, experiment: level.experiment.id, quantity, level.label, greaterThan: constant)
    }

    /// "`level`'s `quantity` is less than a constant".
    public init(_ text: String, _ quantity: Quantity, _ level: LevelHandle, lessThan constant: Double) {
        self.init(text, experiment: level.experiment.id, quantity, level.label, lessThan: constant)
    }

    /// "`level`'s `quantity` is greater than a value computed from the results".
    public init(_ text: String, _ quantity: Quantity, _ level: LevelHandle, greaterThan value: DerivedValue) {
        self.init(text, experiment: level.experiment.id, quantity, level.label, greaterThan: value)
    }

    /// "`level`'s `quantity` is less than a value computed from the results".
    public init(_ text: String, _ quantity: Quantity, _ level: LevelHandle, lessThan value: DerivedValue) {
        self.init(text, experiment: level.experiment.id, quantity, level.label, lessThan: value)
    }

    /// The level the claim is about.
    public var subject: LevelHandle { ExperimentHandle(experiment).level(level) }
}

extension TableBlock {
    /// A table of `quantities` per level of the experiment `handle` names.
    public init(_ id: String, caption: String, experiment handle: ExperimentHandle, _ quantities: [Quantity],
                percentAccuracies: Bool = true) {
        self.init(id, caption: caption, experiment: handle.id, quantities, percentAccuracies: percentAccuracies)
    }
}

extension FigureBlock {
    /// A figure drawn from the results of the experiment `handle` names.
    public init(_ id: String, caption: String, experiment handle: ExperimentHandle, metrics: [Metric] = [],
                make: @escaping (StudyResults) -> Figure) {
        self.init(id, caption: caption, experiment: handle.id, metrics: metrics, make: make)
    }

    /// A figure with a caption written from the results.
    public init(_ id: String, caption: @escaping (StudyResults) -> String, experiment handle: ExperimentHandle,
                metrics: [Metric] = [], make: @escaping (StudyResults) -> Figure) {
        self.init(id, caption: caption, experiment: handle.id, metrics: metrics, make: make)
    }
}

extension FigureBlock {
    /// `curves` for the experiment `handle` names (levels: a subset to draw, by handle).
    public static func curves(
        _ id: String, caption: String, experiment handle: ExperimentHandle, metrics: [Metric], x: CurveAxis = .epoch,
        logX: Bool = false, logY: Bool = false, levels: [LevelHandle]? = nil
    ) -> FigureBlock {
        curves(id, caption: caption, experiment: handle.id, metrics: metrics, x: x, logX: logX, logY: logY,
               levels: levels?.map(\.label))
    }

    /// `summary` for the experiment `handle` names.
    public static func summary(
        _ id: String, caption: String, experiment handle: ExperimentHandle, _ quantities: [Quantity], xLabel: String? = nil,
        logX: Bool = false, logY: Bool = false
    ) -> FigureBlock {
        summary(id, caption: caption, experiment: handle.id, quantities, xLabel: xLabel, logX: logX, logY: logY)
    }
}
