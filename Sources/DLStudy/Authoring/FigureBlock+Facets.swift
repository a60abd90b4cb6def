import DLCore
import DLPlot

extension FigureBlock {
    /// Small multiples: one panel per level with its curves (`drawLevelCurve`: mean over seeds,
    /// band ±1 sd, geometric on a log axis; a level with diverged seeds drawn seed by seed), the
    /// reference level's curves repeated in grey dashes in every other panel, shared axes.
    /// With one metric each level keeps its color; with several each metric has its own
    /// (train blue, test orange, validation green) and the first panel has the legend. With
    /// `learningRate`, each panel has the level's learning rate beneath (seed 0, every recorded
    /// step, else per epoch). A panel title says how many seeds diverged ("2 of 5 seeds diverged").
    ///
    /// - Parameters:
    ///   - columns: panels per row (at most).
    ///   - levels: the levels shown, in order (chosen from the results); every level when nil.
    ///   - decorate: draws more on a level's panel (a line at an epoch, a note).
    public static func facets(
        _ id: String, caption: @escaping (StudyResults) -> String, experiment: ExperimentHandle, metrics: [Metric],
        reference: LevelHandle? = nil, x: CurveAxis = .epoch, logY: Bool = true, learningRate: Bool = false,
        columns: Int = 4, levels shown: ((StudyResults) -> [LevelHandle])? = nil, decorate: ((Axes, CellResults) -> Void)? = nil
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment.id, metrics: metrics) { r in
            guard let exp = r[experiment]?.only(shown?(r)), !exp.cells.isEmpty else { return Figure() }
            let table = ResultsTable.curves(r, [experiment], metrics: metrics)
            let cells = exp.cells, levels = exp.levels
            let columns = min(columns, cells.count), rows = (cells.count + columns - 1) / columns
            let panelRows = learningRate ? 2 * rows : rows
            let figure = Figure(width: columns >= 4 ? 880 : 240 * Double(columns) + 120,
                                height: (learningRate ? 250 : 230) * Double(rows) + 50,
                                rows: panelRows, columns: columns, sharedX: true, sharedY: !learningRate)
            if learningRate { figure.rowHeights = (0..<panelRows).map { $0 % 2 == 0 ? 2.6 : 1 } }
            figure.xLabel = x.label
            let colors = FigureStyle.colors(cells.map(\.cell), reference: reference?.label)
            let referenceCurves = reference.map { ref in metrics.map { table.curve(ref, $0, x: x) } }
            var low = Double.infinity, high = -Double.infinity
            for (i, cell) in cells.enumerated() {
                let row = (i / columns) * (learningRate ? 2 : 1), column = i % columns
                let axes = figure[row, column]
                axes.title = FigureStyle.label(cell.label, cell)
                axes.legend = metrics.count > 1 && i == 0 ? .lowerLeft : .none
                if logY { axes.yAxis.scale = .log }
                if column == 0 { axes.yAxis.label = metrics.count == 1 ? metrics[0].label : "loss" }
                if let referenceCurves, levels[i] != reference {
                    for c in referenceCurves {
                        axes.line(x: c.map(\.x), y: c.map(\.summary.mean), color: .gray, width: 1, dash: .dashed)
                    }
                }
                for metric in metrics {
                    let drawn = drawLevelCurve(axes, cell, metric, x: x, log: logY, label: metrics.count > 1 ? FigureStyle.shortName(metric) : nil,
                                               color: metrics.count > 1 ? FigureStyle.color(metric) : colors[i])
                    for v in drawn where v.isFinite && (!logY || v > 0) { low = min(low, v); high = max(high, v) }
                }
                decorate?(axes, cell)
                if learningRate { drawRate(figure[row + 1, column], cell, x: x, color: metrics.count > 1 ? .ink : colors[i], first: column == 0) }
            }
            let peak = cells.compactMap { rate($0, x: x)?.y.max() }.max() ?? 1
            for (i, axes) in figure.panels.enumerated() {
                let isRate = learningRate && (i / columns) % 2 == 1
                let level = learningRate ? (i / (2 * columns)) * columns + i % columns : i
                if level >= cells.count { axes.isHidden = true; continue }
                if isRate {
                    axes.yAxis.min = 0
                    axes.yAxis.max = peak * 1.1
                } else if low.isFinite {
                    axes.yAxis.min = logY ? low / 1.5 : low - 0.05 * (high - low)
                    axes.yAxis.max = logY ? high * 1.3 : high + 0.05 * (high - low)
                }
            }
            return figure
        }
    }

    /// Facets with a fixed caption.
    public static func facets(
        _ id: String, caption: String, experiment: ExperimentHandle, metrics: [Metric], reference: LevelHandle? = nil,
        x: CurveAxis = .epoch, logY: Bool = true, learningRate: Bool = false, columns: Int = 4,
        levels shown: ((StudyResults) -> [LevelHandle])? = nil, decorate: ((Axes, CellResults) -> Void)? = nil
    ) -> FigureBlock {
        facets(id, caption: { _ in caption }, experiment: experiment, metrics: metrics, reference: reference, x: x,
               logY: logY, learningRate: learningRate, columns: columns, levels: shown, decorate: decorate)
    }

    /// The learning rate of a level's first seed: every recorded step (a step row counts the
    /// batches done, so its batch ran at (step − 1) ÷ steps per epoch), else the epoch rows.
    static func rate(_ cell: CellResults, x: CurveAxis) -> (x: [Double], y: [Double])? {
        guard let seed = cell.seeds.first, let run = cell.runs[seed] else { return nil }
        if !run.steps.isEmpty, run.epochs.count > 1 {
            let perEpoch = Double(run.epochs[1].step - run.epochs[0].step)
            let perStepSamples = Double(run.epochs[1].samplesSeen - run.epochs[0].samplesSeen) / max(perEpoch, 1)
            let xs = run.steps.map { s -> Double in
                switch x {
                case .epoch: return Double(s.step - 1) / perEpoch
                case .step: return Double(s.step)
                case .samplesSeen: return Double(s.step - 1) * perStepSamples
                }
            }
            return (xs, run.steps.map(\.learningRate))
        }
        return (run.epochs.map { x.value($0) }, run.epochs.map(\.learningRate))
    }

    static func drawRate(_ axes: Axes, _ cell: CellResults, x: CurveAxis, color: Color, first: Bool) {
        axes.legend = .none
        if first { axes.yAxis.label = "lr" }
        if let (xs, ys) = rate(cell, x: x) { axes.line(x: xs, y: ys, color: color, width: 1.25) }
    }
}
