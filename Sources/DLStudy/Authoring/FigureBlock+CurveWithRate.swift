import DLCore
import DLPlot

extension FigureBlock {
    /// One metric's curves, a line per level (mean over seeds, band ±1 sd), above a panel of
    /// each level's learning rate (seed 0; every recorded step, else per epoch) on the same x
    /// axis: what the schedule did, under what it did to the loss. Rates are dashed by level, so
    /// levels that share a rate stay visible.
    public static func curveWithRate(
        _ id: String, caption: String, experiment: ExperimentHandle, metric: Metric, x: CurveAxis = .epoch,
        logY: Bool = false, reference: LevelHandle? = nil
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment.id, metrics: [metric]) { r in
            let figure = Figure(width: 560, height: 400, rows: 2, columns: 1, sharedX: true)
            figure.rowHeights = [2.4, 1]
            guard let exp = r[experiment] else { return figure }
            let table = ResultsTable.curves(r, [experiment], metrics: [metric])
            let colors = FigureStyle.colors(exp.cells.map(\.cell), reference: reference?.label)
            let top = figure[0, 0], bottom = figure[1, 0]
            top.yAxis.label = metric.label
            if logY { top.yAxis.scale = .log }
            top.legendTitle = exp.experiment.factors.map(\.name).joined(separator: ", ")
            top.legend = .outsideRight
            bottom.yAxis.label = "learning rate"
            bottom.xAxis.label = x.label
            bottom.legend = .none
            bottom.yAxis.min = 0
            for (i, (cell, level)) in zip(exp.cells, exp.levels).enumerated() {
                let c = table.curve(level, metric, x: x)
                let mean = c.map(\.summary.mean), sd = c.map(\.summary.sd)
                let diverged = cell.diverged.count
                top.line(x: c.map(\.x), y: mean, label: cell.label + (diverged > 0 ? " (\(diverged) diverged)" : ""),
                         color: colors[i], dash: Palette.dash(i / 8),
                         band: cell.runs.count > 1 ? (zip(mean, sd).map { logY ? max($0 - $1, $0 / 10) : $0 - $1 }, zip(mean, sd).map { $0 + $1 }) : nil)
                if let (xs, ys) = rate(cell, x: x) { bottom.line(x: xs, y: ys, color: colors[i], width: 1.25, dash: Palette.dash(i)) }
            }
            return figure
        }
    }
}
