import DLCore
import DLPlot

extension FigureBlock {
    /// One metric's curves, a line per level (`drawLevelCurve`: mean over seeds, band ±1 sd,
    /// geometric on a log axis; diverged seeds drawn one by one), above a panel of
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
            for (i, cell) in exp.cells.enumerated() {
                drawLevelCurve(top, cell, metric, x: x, log: logY, label: cell.label, color: colors[i], width: 1.75, dash: Palette.dash(i / 8))
                if let (xs, ys) = rate(cell, x: x) { bottom.line(x: xs, y: ys, color: colors[i], width: 1.25, dash: Palette.dash(i)) }
            }
            return figure
        }
    }
}
