import DLCore
import DLPlot

/// A numbered figure in a study: an id (its file name), a caption, and how to draw it from the
/// results. The standard kinds (`curves`, `summary`) cover most needs; `custom` takes any
/// drawing code.
public struct FigureBlock: StudyComponent, @unchecked Sendable {
    public let id: String
    public let caption: (StudyResults) -> String
    /// Metrics the figure reads, checked against what the runs record before anything trains.
    public let metrics: [Metric]
    public let experiment: String
    public let make: (StudyResults) -> Figure
    /// What the figure needs computed from weights or data in the run phase (derived jobs); it
    /// reads the values back with `results.values(of:)`.
    public let needs: ((PlannedRuns) -> [DerivedJob])?

    public init(_ id: String, caption: String, experiment: String = "main", metrics: [Metric] = [],
                needs: ((PlannedRuns) -> [DerivedJob])? = nil, make: @escaping (StudyResults) -> Figure) {
        self.init(id, caption: { _ in caption }, experiment: experiment, metrics: metrics, needs: needs, make: make)
    }

    public init(_ id: String, caption: @escaping (StudyResults) -> String, experiment: String = "main",
                metrics: [Metric] = [], needs: ((PlannedRuns) -> [DerivedJob])? = nil, make: @escaping (StudyResults) -> Figure) {
        self.id = id; self.caption = caption; self.experiment = experiment; self.metrics = metrics; self.needs = needs; self.make = make
    }

    public var block: StudyBlock { .figure(self) }
}

extension FigureBlock {
    /// Learning curves of one or more metrics, one line per level (mean over seeds) with a
    /// ±1 sd band, a panel per metric; levels in sequential colors when they are ordered
    /// numbers, categorical otherwise; diverged runs marked where they stopped.
    public static func curves(
        _ id: String, caption: String, experiment: String = "main", metrics: [Metric], x: CurveAxis = .epoch,
        logX: Bool = false, logY: Bool = false, levels: [String]? = nil
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment, metrics: metrics) { results in
            let exp = results[experiment]!
            let cells = exp.cells.filter { levels == nil || levels!.contains($0.label) }
            let figure = Figure(width: metrics.count > 1 ? 720 : 480, height: 320, rows: 1, columns: metrics.count)
            let colors = LevelStyle.colors(for: cells.map(\.cell))
            for (k, metric) in metrics.enumerated() {
                let axes = figure.panels[k]
                axes.title = metrics.count > 1 ? metric.label.capitalizedFirst : nil
                axes.xAxis.label = x.label
                axes.yAxis.label = metric.label
                if logX { axes.xAxis.scale = .log }
                if logY { axes.yAxis.scale = .log }
                axes.legendTitle = exp.experiment.factors.map(\.name).joined(separator: ", ")
                for (i, cell) in cells.enumerated() {
                    let c = cell.curve(metric, x: x)
                    var xs = c.x, ys = c.summaries.map(\.mean)
                    // Band: ±1 sd over seeds (DeepOBS's convention; with 2–3 seeds a 95% CI
                    // band would span most of the plot and hide the curves).
                    let lo = c.summaries.map { $0.mean - $0.sd }, hi = c.summaries.map { $0.mean + $0.sd }
                    if logX { (xs, ys) = (xs.map { $0 == 0 ? .nan : $0 }, ys) }
                    let diverged = !cell.diverged.isEmpty
                    axes.line(x: xs, y: ys, label: cell.label + (diverged ? " (diverged)" : ""), color: colors[i],
                              dash: Palette.dash(i / 8), band: cell.runs.count > 1 ? (lo, hi) : nil)
                    if diverged && !xs.isEmpty {
                        axes.markDivergence(x: xs + [xs.last! + (xs.count > 1 ? xs[xs.count - 1] - xs[xs.count - 2] : 1)],
                                            y: ys + [.nan], label: "diverged", color: colors[i])
                    }
                }
            }
            return figure
        }
    }

    /// A quantity against the levels: mean with 95%-CI error bars; a numeric x (log when asked)
    /// for ordered numeric levels, categories otherwise.
    public static func summary(
        _ id: String, caption: String, experiment: String = "main", _ quantities: [Quantity], xLabel: String? = nil,
        logX: Bool = false, logY: Bool = false
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment) { results in
            let exp = results[experiment]!
            let figure = Figure(width: quantities.count > 1 ? 720 : 480, height: 320, rows: 1, columns: quantities.count)
            let numeric = exp.cells.allSatisfy { $0.cell.value != nil }
            for (k, q) in quantities.enumerated() {
                let axes = figure.panels[k]
                axes.xAxis.label = xLabel ?? exp.experiment.factors.map(\.name).joined(separator: ", ")
                axes.yAxis.label = q.name
                if logY { axes.yAxis.scale = .log }
                let summaries = exp.cells.map { $0.summary(q) }
                let xs: [Double] = numeric ? exp.cells.map { $0.cell.value! } : exp.cells.indices.map(Double.init)
                if numeric {
                    if logX { axes.xAxis.scale = .log }
                    axes.xAxis.ticks = xs
                    axes.xAxis.formatter = { v in formatNumber(v) }
                } else {
                    axes.xAxis.categories = exp.cells.map(\.label)
                }
                let ys = summaries.map { $0?.mean ?? .nan }
                let err = summaries.map { $0?.ci95 ?? 0 }
                axes.line(x: xs, y: ys, color: Palette.categorical(0), width: 1, dash: .dotted)
                axes.errorBars(x: xs, y: ys, yError: err, color: Palette.categorical(0))
                // Individual seeds, lightly, so the spread is visible even with 2–3 seeds.
                for (i, cell) in exp.cells.enumerated() {
                    let v = cell.orderedValues(q)
                    if !v.isEmpty { axes.scatter(x: Array(repeating: xs[i], count: v.count), y: v, color: Palette.categorical(0), size: 4, alpha: 0.35) }
                }
                axes.legend = .none
            }
            return figure
        }
    }
}

/// Colors for levels: sequential (light → dark) when the levels are ordered numbers, the
/// colorblind-safe categorical palette otherwise.
enum LevelStyle {
    static func colors(for cells: [ExperimentCell]) -> [Color] {
        if cells.count > 1 && cells.allSatisfy({ $0.value != nil }) {
            return Palette.sequential(cells.count)
        }
        return cells.indices.map { Palette.categorical($0) }
    }
}

extension String {
    /// The string with its first letter upper-cased ("cosine" → "Cosine"), for titles and claims.
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
