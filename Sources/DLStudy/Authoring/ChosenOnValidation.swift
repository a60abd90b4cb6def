import DLCore

extension StudyResults {
    /// Hyperparameter selection read off a grid: the levels of `experiment` grouped by `group`
    /// (a number of their run spec, such as the batch size), and in each group the level whose
    /// mean `quantity` over seeds is best (highest accuracy, lowest loss). Choose on a
    /// validation quantity, never a test one. Groups come in increasing order; a tie goes to the
    /// level listed first (`Tuning.best`, the rule `Tuning` chooses by); a group where no level
    /// has a value is left out.
    public func chosen(in experiment: ExperimentHandle, groupedBy group: (RunSpec) -> Double,
                       by quantity: Quantity) -> [(group: Double, level: LevelHandle)] {
        guard let results = self[experiment] else { return [] }
        var members: [Double: [(label: String, mean: Double)]] = [:]
        for cell in results.cells { members[group(cell.cell.spec), default: []].append((cell.label, cell.mean(quantity))) }
        return members.keys.sorted().compactMap { key in
            let cells = members[key]!
            return Tuning.best(cells.map(\.mean), higherIsBetter: !quantity.lowerIsBetter).map { (key, experiment.level(cells[$0].label)) }
        }
    }
}
