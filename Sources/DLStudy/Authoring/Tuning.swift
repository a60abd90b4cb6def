import DLCore

/// A hyperparameter tuned per level on validation: every level of `factor` (the compared
/// schemes) is crossed with the same grid of learning rates, and each level's rate is the one
/// with the best mean validation score over seeds. The test set plays no part in the choice.
///
/// ```swift
/// let tuned = Tuning(relu, schemes, rates: [0.01, 0.1, 1])
/// Experiment(relu, base: base, vary: tuned.factor, tuned.rateFactor, seeds: Seeds(5))
/// Claim.chosen("He beats Xavier", .atBestEpoch(of: .validationAccuracy, .testAccuracy),
///              tuned.choice("He"), greaterThan: tuned.choice("Xavier"))
/// ```
public struct Tuning: @unchecked Sendable {
    public let experiment: ExperimentHandle
    /// The compared levels (the first factor of the experiment).
    public let factor: Factor
    /// The grid, the same for every level: the tuning budget.
    public let rates: [Float]
    /// The second factor of the experiment: the grid as levels.
    public let rateFactor: Factor
    /// What the choice maximizes, per run: by default the best validation accuracy over the
    /// epochs (the run stopped where validation says), a diverged run counting 0.
    public let score: Quantity

    /// The default score: the best validation accuracy over the evaluated epochs, 0 for a run
    /// that diverged (so a rate that blows up some seeds is not chosen on the survivors).
    public static let validationScore = Quantity.custom("best validation accuracy (diverged = 0)") { record in
        record.status == .diverged ? 0 : Quantity.best(.validationAccuracy).value(record)
    }

    public init(_ experiment: ExperimentHandle, _ factor: Factor, rates: [Float], name: String = "learning rate",
                score: Quantity = Tuning.validationScore) {
        precondition(!rates.isEmpty, "a tuning grid needs at least one rate")
        self.experiment = experiment
        self.factor = factor
        self.rates = rates
        self.score = score
        rateFactor = Factor(name, levels: rates.map { r in Level(Format.plain(Double(r)), value: Double(r)) { $0.optimizer.lr = r } })
    }

    /// The compared levels' labels, in order.
    public var groups: [String] { factor.levels.map(\.label) }

    /// The cell of `group` at `rate` ("He, 0.1").
    public func cell(_ group: String, _ rate: Float) -> LevelHandle {
        experiment.level("\(group), \(Format.plain(Double(rate)))")
    }

    /// Every cell of `group`, in the grid's order.
    public func cells(_ group: String) -> [LevelHandle] { rates.map { cell(group, $0) } }

    /// The mean validation score of each rate of `group` (NaN where no seed has a record).
    public func scores(_ group: String, in r: StudyResults) -> [Double] {
        cells(group).map { r.mean($0, score) }
    }

    /// The rate `group` chose: the best mean score (the smaller rate on a tie); nil before any
    /// record exists.
    public func chosenRate(_ group: String, in r: StudyResults) -> Float? {
        var best: (rate: Float, score: Double)?
        for (rate, s) in zip(rates, scores(group, in: r)) where s.isFinite {
            if best == nil || s > best!.score { best = (rate, s) }
        }
        return best?.rate
    }

    /// The cell `group` chose (nil before any record exists).
    public func chosen(_ group: String, in r: StudyResults) -> LevelHandle? {
        chosenRate(group, in: r).map { cell(group, $0) }
    }

    /// Whether the chosen rate of `group` is an end of the grid (the grid may be too narrow).
    public func choseEdge(_ group: String, in r: StudyResults) -> Bool {
        guard let rate = chosenRate(group, in: r) else { return false }
        return rates.count > 1 && (rate == rates.first || rate == rates.last)
    }

    /// `group` at its chosen rate, for `Claim.chosen`.
    public func choice(_ group: String) -> LevelChoice {
        precondition(groups.contains(group), "tuning of '\(experiment.id)' has no level '\(group)' (levels: \(groups.joined(separator: ", ")))")
        return LevelChoice(placeholder: cell(group, rates[0])) { self.chosen(group, in: $0) }
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
