import DLCore
import DLPlot
import Foundation

extension FigureBlock {
    /// What a tuning saw: one panel per tuned group, its grid's values on x (a log axis when
    /// they are positive and span a factor 10 or more), the validation score that chooses on y —
    /// each seed a faint dot, the mean with its 95% CI, means joined — and the chosen value
    /// ringed and named in the panel's title ("(an end of the grid)" when it is one). A
    /// reference level's mean score is a grey dashed line across every panel.
    ///
    /// - Parameters:
    ///   - xLabels: the knob's name per group ("λ", "p"); the group's name otherwise.
    ///   - measure: what is drawn; the tuning's score by default.
    public static func tuningGrids(
        _ id: String, caption: String, tuning: Tuning, xLabels: [String: String] = [:], measure: Measure? = nil,
        reference: (label: String, level: LevelHandle)? = nil, columns: Int = 3
    ) -> FigureBlock {
        let measure = measure ?? Measure(tuning.score, label: "validation accuracy (%)", percent: true)
        return FigureBlock(id, caption: caption, experiment: tuning.experiment.id) { r in
            let groups = tuning.groups, columns = min(columns, groups.count), rows = (groups.count + columns - 1) / columns
            let figure = Figure(width: 260 * Double(columns) + 100, height: 240 * Double(rows) + 60, rows: rows, columns: columns, sharedY: true)
            let referenceMean = reference.flatMap { r[$0.level] }.flatMap { Summary(measure.values($0))?.mean }
            for (g, group) in groups.enumerated() {
                let axes = figure.panels[g], values = tuning.values(group)
                let log = values.allSatisfy { $0 > 0 } && (values.max()! / values.min()!) >= 10
                axes.legend = .none
                axes.xAxis.label = xLabels[group] ?? group
                if g % columns == 0 { axes.yAxis.label = measure.label }
                if log { axes.xAxis.scale = .log }
                axes.levelTicks(values)
                if log { axes.xAxis.formatter = { Format.scientific($0) } }
                if let m = referenceMean, let ref = reference {
                    axes.horizontalLine(at: m, label: g == 0 ? ref.label : nil, color: .gray, dash: .dashed)
                }
                var means: [(Double, Double)] = []
                for (x, level) in zip(values, tuning.cells(group)) {
                    guard let cell = r[level] else { continue }
                    let ys = measure.values(cell)
                    guard let s = Summary(ys) else { continue }
                    axes.scatter(x: ys.map { _ in x }, y: ys, color: Palette.categorical(g), size: 4, alpha: 0.35)
                    axes.errorBars(x: [x], y: [s.mean], yError: [s.ci95], color: Palette.categorical(g))
                    means.append((x, s.mean))
                }
                axes.line(x: means.map(\.0), y: means.map(\.1), color: Palette.categorical(g), width: 1, dash: .dotted)
                axes.title = group
                if let i = tuning.chosenIndex(group, in: r), let cell = r[tuning.cells(group)[i]], let s = Summary(measure.values(cell)) {
                    axes.scatter(x: [values[i]], y: [s.mean], color: .ink, marker: .diamond, size: 11, alpha: 0.9)
                    axes.title = "\(group): chose \(tuning.labels(group)[i])" + (tuning.choseEdge(group, in: r) ? " (edge)" : "")
                }
            }
            for k in groups.count..<(rows * columns) { figure.panels[k].isHidden = true }
            return figure
        }
    }
}
