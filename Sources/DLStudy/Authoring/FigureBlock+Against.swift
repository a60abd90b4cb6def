import DLCore
import DLPlot
import Foundation

/// One line of `FigureBlock.against`: an experiment's levels (those whose run spec passes
/// `only`), or — with `chooseBy` — only the level chosen in each group of levels sharing an x
/// value (the rate tuned per batch size).
public struct AgainstSeries: @unchecked Sendable {
    public var experiment: ExperimentHandle
    public var name: String
    public var chooseBy: Quantity?
    public var only: ((RunSpec) -> Bool)?

    public init(_ experiment: ExperimentHandle, _ name: String, chooseBy: Quantity? = nil, only: ((RunSpec) -> Bool)? = nil) {
        (self.experiment, self.name, self.chooseBy, self.only) = (experiment, name, chooseBy, only)
    }

    /// The cells this series draws: those passing `only`, and with `chooseBy` the chosen one at
    /// each x.
    func drawnCells(_ r: StudyResults, _ x: SpecAxis) -> [CellResults] {
        guard let results = r[experiment] else { return [] }
        let chosen = chooseBy.map { q in Set(r.chosen(in: experiment, groupedBy: x.value, by: q).map(\.level.label)) }
        return results.cells.filter { chosen?.contains($0.label) ?? true && only?($0.cell.spec) ?? true }
    }
}

/// The x axis of `FigureBlock.against`: a number read off each level's run spec.
public struct SpecAxis: @unchecked Sendable {
    public var label: String
    public var log: Bool
    /// Ticks at the values the runs take (batch sizes 16, 64, 256), not round numbers.
    public var ticksAtValues: Bool
    public var value: (RunSpec) -> Double

    public init(_ label: String, log: Bool = true, ticksAtValues: Bool = false, _ value: @escaping (RunSpec) -> Double) {
        (self.label, self.log, self.ticksAtValues, self.value) = (label, log, ticksAtValues, value)
    }

    /// The batch size.
    public static let batchSize = SpecAxis("batch size B", ticksAtValues: true) { Double($0.batchSize) }
    /// The learning rate over the batch size, η/B: the SGD noise scale up to the data-set size.
    public static let rateOverBatch = SpecAxis("learning rate / batch size (η/B)") { Double($0.optimizer.lr) / Double($0.batchSize) }
}

extension FigureBlock {
    /// Measures against a number of the runs' specs that the levels do not carry as their value
    /// (η/B across experiments that vary B and η together): a panel per measure, one color per
    /// series, each seed a faint dot, the mean with its 95% CI, means joined in x order (on a
    /// log measure axis the geometric mean with an interval on the logarithms). A series with
    /// `chooseBy` shows, at each x, only the level whose mean of that quantity is best; a series
    /// whose levels all share one x gets no joining line. On a log
    /// x axis the series are drawn a few percent apart (dodged) so that equal x values stay visible.
    /// The caption names every drawn level whose mean rests on fewer seeds because some diverged.
    public static func against(
        _ id: String, caption: String, series: [AgainstSeries], x: SpecAxis, _ measures: [Measure]
    ) -> FigureBlock {
        FigureBlock(id, caption: { r in
            caption + FigureStyle.divergedCaption(series.compactMap { s in r[s.experiment].map { ($0, s.drawnCells(r, x)) } })
        }, experiment: series[0].experiment.id) { r in
            let figure = Figure(width: measures.count > 1 ? 760 : 480, height: 320, rows: 1, columns: max(measures.count, 1))
            for (k, measure) in measures.enumerated() {
                let axes = figure.panels[k]
                axes.legend = k == measures.count - 1 ? .best : .none
                (axes.xAxis.label, axes.yAxis.label) = (x.label, measure.label)
                if measure.log { axes.yAxis.scale = .log }
                if x.log { axes.xAxis.scale = .log }
                var ticks: [Double] = []
                for (e, s) in series.enumerated() {
                    guard r[s.experiment] != nil else { continue }
                    let color = Palette.categorical(e)
                    var means: [(Double, Double)] = []
                    let dodge = x.log ? pow(1.05, Double(e) - Double(series.count - 1) / 2) : 1
                    for cell in s.drawnCells(r, x) {
                        let raw = x.value(cell.cell.spec), xv = raw * dodge
                        if !ticks.contains(raw) { ticks.append(raw) }
                        let values = measure.values(cell).filter { !measure.log || $0 > 0 }
                        guard let m = Summary(measure.log ? values.map { Foundation.log($0) } : values) else { continue }
                        axes.scatter(x: values.map { _ in xv }, y: values, color: color, size: 4, alpha: 0.35)
                        if measure.log {
                            axes.errorBars(x: [xv], y: [exp(m.mean)], yLower: [exp(m.mean) - exp(m.lower)], yUpper: [exp(m.upper) - exp(m.mean)], color: color)
                        } else {
                            axes.errorBars(x: [xv], y: [m.mean], yError: [m.ci95], color: color)
                        }
                        means.append((xv, measure.log ? exp(m.mean) : m.mean))
                    }
                    means.sort { $0.0 < $1.0 }
                    // Means at one x are not a trend: joined, they would draw a vertical bar.
                    let joined = Set(means.map(\.0)).count > 1 ? means : Array(means.prefix(1))
                    axes.line(x: joined.map(\.0), y: joined.map(\.1), label: s.name, color: color, width: 1.5)
                }
                if x.ticksAtValues { axes.levelTicks(ticks.sorted()) }
            }
            return figure
        }
    }
}
