import DLCore

extension StudyResults {
    /// Hyperparameter selection read off a grid: the levels of `experiment` grouped by `group`
    /// (a number of their run spec, such as the batch size), and in each group the level whose
    /// mean `quantity` over seeds is best (highest accuracy, lowest loss). Choose on a
    /// validation quantity, never a test one. Groups come in increasing order; a tie goes to the
    /// level listed first; a group where no level has a value is left out.
    public func chosen(in experiment: ExperimentHandle, groupedBy group: (RunSpec) -> Double,
                       by quantity: Quantity) -> [(group: Double, level: LevelHandle)] {
        guard let results = self[experiment] else { return [] }
        var best: [Double: (level: LevelHandle, mean: Double)] = [:]
        for cell in results.cells {
            let key = group(cell.cell.spec), mean = cell.mean(quantity)
            guard mean.isFinite else { continue }
            if let current = best[key], quantity.lowerIsBetter ? mean >= current.mean : mean <= current.mean { continue }
            best[key] = (experiment.level(cell.label), mean)
        }
        return best.keys.sorted().map { ($0, best[$0]!.level) }
    }
}
