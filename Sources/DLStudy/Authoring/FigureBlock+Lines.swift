import DLCore
import DLPlot

extension FigureBlock {
    /// One metric's mean curve per level in a single panel, each level in its study color
    /// (`FigureStyle.colors`), the reference level thicker and dashed, the legend outside on the
    /// right; bands (±1 sd; geometric on a log axis) when asked, and a dotted line at `zeroLine`.
    /// A level with diverged seeds is drawn seed by seed (`drawLevelCurve`).
    public static func lines(
        _ id: String, caption: String, experiment: ExperimentHandle, metric: Metric, reference: LevelHandle? = nil,
        x: CurveAxis = .epoch, logY: Bool = false, bands: Bool = false, zeroLine: Double? = nil, yLabel: String? = nil
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment.id, metrics: [metric]) { r in
            let figure = Figure(width: 760, height: 320)
            guard let exp = r[experiment] else { return figure }
            let axes = figure.axes
            (axes.xAxis.label, axes.yAxis.label, axes.legend) = (x.label, yLabel ?? metric.label, .outsideRight)
            axes.legendTitle = exp.experiment.factors.map(\.name).joined(separator: ", ")
            if logY { axes.yAxis.scale = .log }
            let colors = FigureStyle.colors(exp.cells.map(\.cell), reference: reference?.label)
            for (i, level) in exp.levels.enumerated() {
                guard let cell = exp[level] else { continue }
                let isReference = level == reference
                drawLevelCurve(axes, cell, metric, x: x, log: logY, label: level.label, color: colors[i], width: isReference ? 2 : 1.5,
                               dash: isReference ? .dashed : .solid, band: bands)
            }
            if let zeroLine { axes.horizontalLine(at: zeroLine, color: .gray, dash: .dotted) }
            return figure
        }
    }
}
