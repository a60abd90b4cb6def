import DLCore
import DLPlot
import Foundation

extension FigureBlock {
    /// Several experiments that sweep the same numeric factor (a learning-rate grid with and
    /// without a change), overlaid: a panel per measure, one color per experiment, each seed a
    /// faint dot, the mean with its 95% CI as an error bar, means joined by a line (on a log
    /// measure axis the geometric mean and an interval computed on the logarithms). Levels
    /// without a numeric value are skipped; a level whose seeds all lack a value (diverged) has
    /// no mean, and its seeds are not plotted either.
    public static func sweepsCompared(
        _ id: String, caption: String, experiments: [(ExperimentHandle, String)], _ measures: [Measure],
        factorLabel: String, logFactor: Bool = true
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiments[0].0.id) { r in
            let figure = Figure(width: measures.count > 1 ? 760 : 480, height: 320, rows: 1, columns: max(measures.count, 1))
            for (k, measure) in measures.enumerated() {
                let axes = figure.panels[k]
                axes.legend = k == measures.count - 1 ? .best : .none
                axes.xAxis.label = factorLabel
                axes.yAxis.label = measure.label
                if measure.log { axes.yAxis.scale = .log }
                if logFactor { axes.xAxis.scale = .log }
                var ticks: [Double] = []
                for (e, (handle, name)) in experiments.enumerated() {
                    guard let results = r[handle] else { continue }
                    let color = Palette.categorical(e)
                    var means: [(Double, Double)] = []
                    for cell in results.cells {
                        guard let x = cell.cell.value else { continue }
                        if !ticks.contains(x) { ticks.append(x) }
                        let values = measure.values(cell).filter { !measure.log || $0 > 0 }
                        guard let s = Summary(measure.log ? values.map { Foundation.log($0) } : values) else { continue }
                        axes.scatter(x: values.map { _ in x }, y: values, color: color, size: 4, alpha: 0.35)
                        if measure.log {
                            axes.errorBars(x: [x], y: [exp(s.mean)], yLower: [exp(s.mean) - exp(s.lower)], yUpper: [exp(s.upper) - exp(s.mean)], color: color)
                        } else {
                            axes.errorBars(x: [x], y: [s.mean], yError: [s.ci95], color: color)
                        }
                        means.append((x, measure.log ? exp(s.mean) : s.mean))
                    }
                    axes.line(x: means.map(\.0), y: means.map(\.1), label: name, color: color, width: 1.5)
                }
                axes.levelTicks(ticks.sorted())
            }
            return figure
        }
    }
}
