/// Where a run's numbers stop being the baseline's bits: the first epoch row whose metrics (or
/// the step losses recorded since the row before) differ, or nil when every row matches and
/// only the final metrics, probes or status differ.
public struct BitDifference: Equatable, Sendable, CustomStringConvertible {
    public var experiment: String
    public var level: String
    public var seed: UInt64
    /// The index of the first differing epoch row (row 0 is the model before training).
    public var row: Int?
    /// That row's epoch in the current run.
    public var epoch: Int?
    /// The step at that row in the current run, and at the row before: the difference arose in
    /// the steps between them.
    public var step: Int?
    public var previousStep: Int?
    public var baselineRows: Int
    public var currentRows: Int

    public var description: String {
        let level = experiment == "main" ? self.level : "\(experiment)/\(self.level)"
        var text = "bits differ at \(level), seed \(seed): "
        guard let row else { return text + "every epoch matches; the final metrics, probes or status differ" }
        if row >= min(baselineRows, currentRows) {
            return text + "the first \(row) epoch rows match, then the baseline has \(baselineRows) rows and the run \(currentRows)"
        }
        if row == 0 {
            return text + "first at epoch 0, before any step (the initial weights, the data, the evaluation or the starting learning rate)"
        }
        text += "first at epoch \(epoch ?? row)"
        if let step {
            let from = (previousStep ?? 0) + 1
            text += from < step ? " (steps \(from)–\(step))" : " (step \(step))"
        }
        return text
    }
}
