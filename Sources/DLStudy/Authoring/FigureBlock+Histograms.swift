import DLCore
import DLPlot
import Foundation

/// Bins of a histogram per level.
public enum LevelBins: Sendable {
    /// `count` equal bins over the pooled range of every level's values.
    case linear(Int)
    /// Log-spaced bins, `perDecade` to a decade, from `from` up to the largest value; smaller
    /// values (exact zeros included) are counted in the first bin.
    case log(perDecade: Int, from: Double)

    /// The edges for values pooled over the levels.
    func edges(_ all: [[Double]]) -> [Double] {
        let finite = all.flatMap { $0 }.filter(\.isFinite)
        switch self {
        case .linear(let n): return Bins.count(n).edges(for: [finite])
        case .log(let k, let from):
            let low = log10(from), step = 1 / Double(k)
            let high = max((log10(finite.max() ?? 1) * Double(k)).rounded(.up) / Double(k), low + step)
            return stride(from: low, through: high + 1e-9, by: step).map { pow(10, $0) }
        }
    }

    /// The fraction of `values` in each bin (values beyond the ends counted in the end bins).
    func fractions(_ values: [Double], edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: max(edges.count - 1, 0))
        guard !counts.isEmpty else { return [] }
        for v in values where v.isFinite {
            var i: Int
            switch self {
            case .linear: i = edges.lastIndex { $0 <= v } ?? 0
            case .log(let k, _): i = v <= edges[0] ? 0 : Int(((log10(v) - log10(edges[0])) * Double(k)).rounded(.down))
            }
            counts[min(max(i, 0), counts.count - 1)] += 1
        }
        return counts.map { $0 / Double(max(values.count, 1)) }
    }
}

extension FigureBlock {
    /// A histogram per level, small multiples sharing both axes: the height is the fraction of
    /// the level's values in the bin; the reference level's histogram is outlined in grey in
    /// every other panel; a threshold draws a dashed line and quotes the fraction below it.
    ///
    /// - Parameters:
    ///   - values: a level's values (say |w| of every weight, seed 0); nil draws "no data".
    ///   - thresholdLabel: the quote for the fraction below the threshold ("|w| < 10⁻³: 5.1%").
    ///   - levels: the levels shown, in order (chosen from the results); every level when nil.
    public static func histograms(
        _ id: String, caption: @escaping (StudyResults) -> String, experiment: ExperimentHandle, xLabel: String,
        bins: LevelBins, reference: LevelHandle? = nil, threshold: Double? = nil,
        thresholdLabel: @escaping (Double) -> String = { "below: \(Format.percent($0, digits: 2))" },
        columns: Int = 4, levels shown: ((StudyResults) -> [LevelHandle])? = nil,
        values: @escaping (StudyResults, LevelHandle) -> [Double]?
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment.id) { r in
            guard let exp = r[experiment]?.only(shown?(r)), !exp.cells.isEmpty else { return Figure() }
            let levels = exp.levels, cells = exp.cells
            let columns = min(columns, cells.count), rows = (cells.count + columns - 1) / columns
            let figure = Figure(width: columns >= 4 ? 880 : 220 * Double(columns) + 120, height: 210 * Double(rows) + 50,
                                rows: rows, columns: columns, sharedX: true, sharedY: true)
            figure.xLabel = xLabel
            let all = levels.map { values(r, $0) }
            let edges = bins.edges(all.compactMap { $0 })
            let heights = all.map { $0.map { bins.fractions($0, edges: edges) } }
            let peak = heights.compactMap { $0?.max() }.max() ?? 1
            let colors = FigureStyle.colors(cells.map(\.cell), reference: reference?.label)
            let isLog: Bool = { if case .log = bins { return true } else { return false } }()
            let (left, middle) = isLog ? (edges[0] * 1.5, (edges[0] * edges.last!).squareRoot())
                : (edges[0] + 0.02 * (edges.last! - edges[0]), (edges[0] + edges.last!) / 2)
            let referenceHeights = reference.flatMap { ref in levels.firstIndex(of: ref).flatMap { heights[$0] } }
            for (i, cell) in cells.enumerated() {
                let axes = figure.panels[i]
                axes.title = cell.label
                axes.legend = .none
                if isLog {
                    axes.xAxis.scale = .log
                    axes.xAxis.ticks = stride(from: Int(log10(edges[0]).rounded()), through: Int(log10(edges.last!).rounded(.down)), by: 2)
                        .map { pow(10, Double($0)) }
                    axes.xAxis.formatter = { Format.decade($0) }
                }
                if i % columns == 0 { axes.yAxis.label = "fraction of values" }
                if let referenceHeights, levels[i] != reference {
                    axes.add(HistogramSeries(edges: edges, heights: referenceHeights, color: .gray, fillAlpha: 0))
                }
                if let threshold { axes.verticalLine(at: threshold, color: .ink, dash: .dashed) }
                guard let h = heights[i], let v = all[i] else {
                    axes.text("no data", x: middle, y: peak / 2, anchor: .center)
                    continue
                }
                axes.add(HistogramSeries(edges: edges, heights: h, color: colors[i], fillAlpha: 0.35))
                if let threshold {
                    let below = Double(v.filter { $0 < threshold }.count) / Double(max(v.count, 1))
                    axes.text(thresholdLabel(below), x: left, y: peak * 1.12, anchor: .topLeft, size: 9)
                }
                axes.xAxis.min = edges.first
                axes.xAxis.max = edges.last
                axes.yAxis.min = 0
                axes.yAxis.max = peak * 1.15
            }
            for k in cells.count..<(rows * columns) { figure.panels[k].isHidden = true }
            return figure
        }
    }
}
