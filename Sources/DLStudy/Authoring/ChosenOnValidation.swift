import DLCore

extension StudyResults {
    /// Hyperparameter selection read off a grid: the levels of `experiment` grouped by `group`
    /// (a number of their run spec, such as the batch size), and in each group the level whose
    /// mean `quantity` over seeds is best (highest accuracy, lowest loss). Choose on a
    /// validation quantity, never a test one. Groups come in increasing order; a tie goes to the
    /// level listed first (`Tuning.best`, the rule `Tuning` chooses by); a group where no level
    /// has a value is left out. A level where some seed diverged is not chosen on its survivors'
    /// mean while another level of its group kept every seed and has a value (as `Tuning` scores
    /// a diverged run 0): the rate that blows up one seed in five is not "best".
    public func chosen(in experiment: ExperimentHandle, groupedBy group: (RunSpec) -> Double,
                       by quantity: Quantity) -> [(group: Double, level: LevelHandle)] {
        guard let results = self[experiment] else { return [] }
        var members: [Double: [(label: String, mean: Double, complete: Bool)]] = [:]
        for cell in results.cells {
            members[group(cell.cell.spec), default: []].append((cell.label, cell.mean(quantity), cell.diverged.isEmpty))
        }
        return members.keys.sorted().compactMap { key in
            let all = members[key]!, complete = all.filter(\.complete)
            let cells = complete.contains { $0.mean.isFinite } ? complete : all
            return Tuning.best(cells.map(\.mean), higherIsBetter: !quantity.lowerIsBetter).map { (key, experiment.level(cells[$0].label)) }
        }
    }
}
