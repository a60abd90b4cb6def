import DLCore

/// One number of one run: a row of the long-form results table.
public struct ResultRow: Hashable, Sendable {
    public var experiment: String
    /// The level's label, its position in the experiment and its number on a numeric axis.
    public var level: String
    public var levelIndex: Int
    public var levelValue: Double?
    public var seed: UInt64
    /// The epoch of a curve point (0 is the model before training); nil for a per-run quantity
    /// (a final metric, a probe) and for a step row.
    public var epoch: Int?
    /// The optimization step of the row (curve points and step rows).
    public var step: Int?
    public var samplesSeen: Int?
    /// What the value is: a `Metric`'s raw name (`trainLoss`), a quantity's name, or one of the
    /// step columns (`ResultsTable.stepLoss`, `.stepLearningRate`).
    public var metric: String
    public var value: Double

    public init(experiment: String, level: String, levelIndex: Int = 0, levelValue: Double? = nil, seed: UInt64,
                epoch: Int? = nil, step: Int? = nil, samplesSeen: Int? = nil, metric: String, value: Double) {
        self.experiment = experiment; self.level = level; self.levelIndex = levelIndex; self.levelValue = levelValue
        self.seed = seed; self.epoch = epoch; self.step = step; self.samplesSeen = samplesSeen
        self.metric = metric; self.value = value
    }

    /// The row's abscissa on a curve axis (nil for per-run quantities).
    public func x(_ axis: CurveAxis) -> Double? {
        switch axis {
        case .epoch: return epoch.map(Double.init)
        case .step: return step.map(Double.init)
        case .samplesSeen: return samplesSeen.map(Double.init)
        }
    }
}

/// The results of a study in long form — experiment × level × seed × epoch (or step) × metric,
/// one finite number per row — in a fixed order (experiments as the study lists them, levels,
/// seeds, epochs), so group-by and aggregates (`ResultsTable+Aggregate`) sum in seed order and
/// the same records give the same bits. Stock figures and prose read it the way seaborn reads a
/// data frame.
public struct ResultsTable: Sendable {
    public var rows: [ResultRow]

    public init(rows: [ResultRow]) { self.rows = rows }

    /// The step columns: the minibatch loss and learning rate of every recorded step.
    public static let stepLoss = "step.loss", stepLearningRate = "step.learningRate"

    /// Every metric each run recorded per epoch (`metrics`, by default all but the running loss
    /// and the gap, which `Metric.generalizationGap` still gives when asked for).
    public static func curves(_ results: StudyResults, _ experiments: [ExperimentHandle]? = nil,
                              metrics: [Metric] = [.trainLoss, .trainAccuracy, .validationLoss, .validationAccuracy,
                                                   .testLoss, .testAccuracy, .learningRate]) -> ResultsTable {
        ResultsTable(rows: runs(results, experiments).flatMap { run in
            run.record.epochs.flatMap { e in
                metrics.compactMap { m in
                    e.value(m).flatMap { v in
                        v.isFinite ? run.row(epoch: e.epoch, step: e.step, samplesSeen: e.samplesSeen, metric: m.rawValue, value: v) : nil
                    }
                }
            }
        })
    }

    /// One row per run and quantity (named by `Quantity.name`; runs without a value left out).
    public static func quantities(_ results: StudyResults, _ quantities: [Quantity],
                                  _ experiments: [ExperimentHandle]? = nil) -> ResultsTable {
        ResultsTable(rows: runs(results, experiments).flatMap { run in
            quantities.compactMap { q in
                q.value(run.record).flatMap { $0.isFinite ? run.row(metric: q.name, value: $0) : nil }
            }
        })
    }

    /// Every recorded step: minibatch loss and learning rate (`stepLoss`, `stepLearningRate`).
    public static func steps(_ results: StudyResults, _ experiments: [ExperimentHandle]? = nil) -> ResultsTable {
        ResultsTable(rows: runs(results, experiments).flatMap { run in
            run.record.steps.flatMap { s in
                [(stepLoss, s.loss), (stepLearningRate, s.learningRate)].compactMap { name, v in
                    v.isFinite ? run.row(step: s.step, metric: name, value: v) : nil
                }
            }
        })
    }

    /// The rows that pass `isIncluded`, in order.
    public func filter(_ isIncluded: (ResultRow) -> Bool) -> ResultsTable { ResultsTable(rows: rows.filter(isIncluded)) }

    /// The rows of one experiment, one level, or one metric.
    public func experiment(_ e: ExperimentHandle) -> ResultsTable { filter { $0.experiment == e.id } }
    public func level(_ l: LevelHandle) -> ResultsTable { filter { $0.experiment == l.experiment.id && $0.level == l.label } }
    public func metric(_ m: Metric) -> ResultsTable { metric(m.rawValue) }
    public func metric(_ name: String) -> ResultsTable { filter { $0.metric == name } }

    /// The values, in table order.
    public var values: [Double] { rows.map(\.value) }

    /// A run of the study with its place in the table.
    struct Run {
        let experiment: String, level: String, levelIndex: Int, levelValue: Double?, seed: UInt64
        let record: RunRecord

        func row(epoch: Int? = nil, step: Int? = nil, samplesSeen: Int? = nil, metric: String, value: Double) -> ResultRow {
            ResultRow(experiment: experiment, level: level, levelIndex: levelIndex, levelValue: levelValue, seed: seed,
                      epoch: epoch, step: step, samplesSeen: samplesSeen, metric: metric, value: value)
        }
    }

    /// The runs in table order: experiments as the study lists them (then any others by id),
    /// levels in experiment order, seeds ascending.
    static func runs(_ results: StudyResults, _ only: [ExperimentHandle]?) -> [Run] {
        let listed = results.study.experiments(for: results.profile).map(\.id)
        let ids = only?.map(\.id) ?? (listed.filter { results.experiments[$0] != nil }
            + results.experiments.keys.filter { !listed.contains($0) }.sorted())
        return ids.compactMap { results.experiments[$0] }.flatMap { exp in
            exp.cells.enumerated().flatMap { i, cell in
                cell.seeds.map { seed in
                    Run(experiment: exp.experiment.id, level: cell.label, levelIndex: i, levelValue: cell.cell.value,
                        seed: seed, record: cell.runs[seed]!)
                }
            }
        }
    }
}
