/// An experiment of a study, named once: claims, figures, tables and prose take the handle, so
/// renaming the experiment (or mistyping it) is a compile error rather than a claim that
/// silently reads nothing.
///
/// ```swift
/// enum Design {
///     static let main = ExperimentHandle("main")
///     static let none = main.level("none")
/// }
/// ```
public struct ExperimentHandle: Hashable, Sendable, CustomStringConvertible {
    /// The experiment's id, as run specs, baselines and file names spell it.
    public let id: String

    public init(_ id: String) { self.id = id }

    /// A level of this experiment, by the label its `Level` carries.
    public func level(_ label: String) -> LevelHandle { LevelHandle(self, label) }

    public var description: String { id }
}

/// A level (a cell) of an experiment: its experiment and its label. Make one with
/// `ExperimentHandle.level(_:)` or a `Sweep`, and build the `Level` from it
/// (`Level(handle) { … }`), so the label is written once.
public struct LevelHandle: Hashable, Sendable, CustomStringConvertible {
    public let experiment: ExperimentHandle
    /// The label, as tables, legends and baselines show it.
    public let label: String

    public init(_ experiment: ExperimentHandle, _ label: String) {
        self.experiment = experiment
        self.label = label
    }

    public var description: String { label }
}

extension StudyResults {
    /// The results of an experiment; nil when the study has no such experiment.
    public subscript(experiment: ExperimentHandle) -> ExperimentResults? { self[experiment.id] }

    /// The results of a level; nil when it has no records.
    public subscript(level: LevelHandle) -> CellResults? { self[level.experiment.id]?[level.label] }

    /// The mean over seeds of `quantity` at `level` (summed in seed order); NaN when no seed
    /// has a value, so prose shows "n/a" rather than failing.
    public func mean(_ level: LevelHandle, _ quantity: Quantity) -> Double {
        self[level]?.mean(quantity) ?? .nan
    }

    /// The summary over seeds of `quantity` at `level`.
    public func summary(_ level: LevelHandle, _ quantity: Quantity) -> Summary? {
        self[level]?.summary(quantity)
    }
}

extension ExperimentResults {
    /// The cell of a level of this experiment.
    public subscript(level: LevelHandle) -> CellResults? { self[level.label] }

    /// Handles of the levels that have results, in the experiment's order.
    public var levels: [LevelHandle] {
        cells.map { LevelHandle(ExperimentHandle(experiment.id), $0.label) }
    }

    /// These results cut to `shown`, in its order (levels without results left out); all of
    /// them when `shown` is nil. Figures that show a few chosen levels of a large grid use it.
    public func only(_ shown: [LevelHandle]?) -> ExperimentResults {
        guard let shown else { return self }
        return ExperimentResults(experiment: experiment, cells: shown.compactMap { self[$0] })
    }
}

extension CellResults {
    /// The mean over seeds of `quantity` (summed in seed order); NaN when no seed has one.
    public func mean(_ quantity: Quantity) -> Double { summary(quantity)?.mean ?? .nan }
}
