import DLCore

/// A hyperparameter tuned per level on validation: each compared level (a group: a scheme, a
/// regularizer) is tried at every value of its own grid, and each group's value is the one with
/// the best mean validation score over seeds. The test set plays no part in the choice.
///
/// Two forms. The same learning-rate grid for every level of a factor (the grid is the
/// experiment's second factor, cells "He, 0.1"):
///
/// ```swift
/// let tuned = Tuning(relu, schemes, rates: [0.01, 0.1, 1])
/// Experiment(relu, base: base, vary: tuned.factor, tuned.rateFactor, seeds: Seeds(5))
/// Claim.chosen("He beats Xavier", .atBestEpoch(of: .validationAccuracy, .testAccuracy),
///              tuned.choice("He"), greaterThan: tuned.choice("Xavier"))
/// ```
///
/// Or a grid of a different knob per group (cells "L2, 1e-3", "dropout, 0.3"; `levels` are the
/// cells, to vary in one factor beside any untuned levels):
///
/// ```swift
/// let tuned = Tuning(main, grids: [
///     TuningGrid("L2", [1e-4, 1e-3, 1e-2]) { $0.penalty = Penalty(l2: Float($1)) },
///     TuningGrid("dropout", [0.1, 0.3, 0.5]) { $0.model = .mlp(hidden: [256], dropout: Float($1)) },
/// ])
/// Experiment(main, base: base, vary: Vary("regularizer", [none] + tuned.levels), seeds: Seeds(5))
/// ```
public struct Tuning: @unchecked Sendable {
    public let experiment: ExperimentHandle
    /// The grids, one per compared group, in order: the tuning budget.
    public let grids: [TuningGrid]
    /// The rate form: the compared levels (the experiment's first factor). The knob form: every
    /// cell of every grid as one factor (`levels`).
    public let factor: Factor
    /// The rate form's grid, the same for every level (empty in the knob form).
    public let rates: [Float]
    /// What the choice maximizes, per run: by default the best validation accuracy over the
    /// epochs (the run stopped where validation says), a diverged run counting 0.
    public let score: Quantity
    private let rateName: String

    /// The default score: the best validation accuracy over the evaluated epochs, 0 for a run
    /// that diverged (so a rate that blows up some seeds is not chosen on the survivors).
    public static let validationScore = Quantity.custom("best validation accuracy (diverged = 0)") { record in
        record.status == .diverged ? 0 : Quantity.best(.validationAccuracy).value(record)
    }

    /// The same grid of learning rates for every level of `factor`.
    public init(_ experiment: ExperimentHandle, _ factor: Factor, rates: [Float], name: String = "learning rate",
                score: Quantity = Tuning.validationScore) {
        precondition(!rates.isEmpty, "a tuning grid needs at least one rate")
        let grid = Tuning.rateLevels(rates)
        self.experiment = experiment
        self.factor = factor
        self.rates = rates
        self.score = score
        rateName = name
        grids = factor.levels.map { TuningGrid($0.label, levels: grid) }
    }

    /// A grid of its own knob per group; the experiment varies `levels` (with any untuned
    /// levels beside them) in one factor named `name`.
    public init(_ experiment: ExperimentHandle, grids: [TuningGrid], name: String = "setting", score: Quantity = Tuning.validationScore) {
        precondition(!grids.isEmpty, "a tuning needs at least one grid")
        precondition(Set(grids.map(\.group)).count == grids.count, "each tuned group appears once (groups: \(grids.map(\.group).joined(separator: ", ")))")
        self.experiment = experiment
        self.grids = grids
        self.rates = []
        self.score = score
        rateName = name
        factor = Factor(name, levels: grids.flatMap(\.cells))
    }

    /// The rate form's second factor: the grid as levels.
    public var rateFactor: Factor {
        precondition(!rates.isEmpty, "rateFactor belongs to a learning-rate tuning (Tuning(_:_:rates:)); vary `levels` instead")
        return Factor(rateName, levels: Tuning.rateLevels(rates))
    }

    /// The knob form's cells as levels ("L2, 1e-3"), to vary in one factor.
    public var levels: [Level] { factor.levels }

    static func rateLevels(_ rates: [Float]) -> [Level] {
        rates.map { r in Level(Format.plain(Double(r)), value: Double(r)) { $0.optimizer.lr = r } }
    }

    /// The compared groups' labels, in order.
    public var groups: [String] { grids.map(\.group) }

    func grid(_ group: String) -> TuningGrid {
        guard let grid = grids.first(where: { $0.group == group }) else {
            preconditionFailure("tuning of '\(experiment.id)' has no level '\(group)' (levels: \(groups.joined(separator: ", ")))")
        }
        return grid
    }

    /// The labels of `group`'s grid values ("λ 10⁻³"), in order.
    public func labels(_ group: String) -> [String] { grid(group).levels.map(\.label) }

    /// The cell of `group` at `rate` ("He, 0.1").
    public func cell(_ group: String, _ rate: Float) -> LevelHandle {
        experiment.level(TuningGrid.label(group, Format.plain(Double(rate))))
    }

    /// Every cell of `group`, in the grid's order.
    public func cells(_ group: String) -> [LevelHandle] {
        grid(group).levels.map { experiment.level(TuningGrid.label(group, $0.label)) }
    }

    /// The grid's values of `group` (each level's `value`; its index where it has none).
    public func values(_ group: String) -> [Double] {
        grid(group).levels.enumerated().map { $0.element.value ?? Double($0.offset) }
    }

    /// The mean validation score of each value of `group` (NaN where no seed has a record).
    public func scores(_ group: String, in r: StudyResults) -> [Double] {
        cells(group).map { r.mean($0, score) }
    }

    /// The index in the grid `group` chose: the best mean score (the first on a tie); nil
    /// before any record exists.
    public func chosenIndex(_ group: String, in r: StudyResults) -> Int? {
        Tuning.best(scores(group, in: r), higherIsBetter: true)
    }

    /// The value `group` chose (see `values`).
    public func chosenValue(_ group: String, in r: StudyResults) -> Double? {
        chosenIndex(group, in: r).map { values(group)[$0] }
    }

    /// The rate `group` chose (the rate form).
    public func chosenRate(_ group: String, in r: StudyResults) -> Float? {
        chosenValue(group, in: r).map(Float.init)
    }

    /// The cell `group` chose (nil before any record exists).
    public func chosen(_ group: String, in r: StudyResults) -> LevelHandle? {
        chosenIndex(group, in: r).map { cells(group)[$0] }
    }

    /// Whether the chosen value of `group` is an end of its grid (the grid may be too narrow).
    public func choseEdge(_ group: String, in r: StudyResults) -> Bool {
        guard let i = chosenIndex(group, in: r) else { return false }
        let n = grid(group).levels.count
        return n > 1 && (i == 0 || i == n - 1)
    }

    /// `group` at its chosen value, for `Claim.chosen`.
    public func choice(_ group: String) -> LevelChoice {
        let first = cells(group)[0]
        return LevelChoice(placeholder: first) { self.chosen(group, in: $0) }
    }

    /// The index of the best finite score (the first on a tie); nil when none is finite. The one
    /// rule every validation choice here follows (`StudyResults.chosen(in:groupedBy:by:)` too).
    public static func best(_ scores: [Double], higherIsBetter: Bool) -> Int? {
        var best: Int?
        for (i, s) in scores.enumerated() where s.isFinite {
            if let b = best, higherIsBetter ? s <= scores[b] : s >= scores[b] { continue }
            best = i
        }
        return best
    }
}

/// One group's grid: the levels it is tried at. Its cells are labelled "group, level".
public struct TuningGrid: @unchecked Sendable {
    public let group: String
    public let levels: [Level]

    /// A grid given as levels (a `Factor`'s, or any).
    public init(_ group: String, levels: [Level]) {
        precondition(!levels.isEmpty, "the tuning grid of '\(group)' needs at least one value")
        self.group = group
        self.levels = levels
    }

    /// A grid given as values and one closure that sets the knob to a value.
    public init(_ group: String, _ values: [Double], label: @escaping (Double) -> String = { Format.plain($0) },
                apply: @escaping (inout RunSpec, Double) -> Void) {
        self.init(group, levels: values.map { v in Level(label(v), value: v) { apply(&$0, v) } })
    }

    static func label(_ group: String, _ level: String) -> String { "\(group), \(level)" }

    /// The grid's levels as cells: labelled "group, level", each applying its level.
    public var cells: [Level] {
        levels.map { level in Level(TuningGrid.label(group, level.label), value: level.value, level.apply) }
    }
}

/// A level chosen from the results (a scheme at its validation-chosen rate). Before any record
/// exists it stands for `placeholder`, a real level, so the study validates.
public struct LevelChoice: @unchecked Sendable {
    public let placeholder: LevelHandle
    public let choose: (StudyResults) -> LevelHandle?

    public init(placeholder: LevelHandle, choose: @escaping (StudyResults) -> LevelHandle?) {
        self.placeholder = placeholder
        self.choose = choose
    }
}
