import DLCore
import DLPlot
import Foundation

/// The picture of what moved in one experiment: a panel per recorded metric; per level the
/// baseline mean (dashed) inside its tolerance band (shaded), the current mean (solid) on top,
/// and every point out of tolerance marked with a ✕.
enum CheckFigure {
    /// Drawn for points out of tolerance; no level gets this color.
    static let failureColor = Color(hex: "#D55E00")

    static func make(_ comparison: BaselineComparison, experiment id: String) -> Figure {
        let base = comparison.baseline.experiments.first { $0.id == id }
        let now = comparison.current.experiments.first { $0.id == id }
        var labels = base?.levels.map(\.label) ?? []
        for l in now?.levels ?? [] where !labels.contains(l.label) { labels.append(l.label) }
        let present = Set((base?.levels ?? []).flatMap(\.curves.keys) + (now?.levels ?? []).flatMap(\.curves.keys))
        let metrics = panelOrder.filter { present.contains($0.rawValue) }
        let columns = min(3, max(metrics.count, 1)), rows = max(1, (metrics.count + columns - 1) / columns)
        let figure = Figure(width: Double(250 * columns + 130), height: Double(210 * rows + 30), rows: rows, columns: columns)
        figure.sharedLegend = true
        figure.sharedLegendTitle = (base ?? now)?.factors.joined(separator: ", ")
        let colors = levelColors(labels)
        let failing = comparison.failures.filter { $0.experiment == id && $0.kind == .curve }
        for (k, metric) in metrics.enumerated() {
            let axes = figure.panels[k]
            let out = failing.filter { $0.name == metric.rawValue }
            axes.title = metric.label.capitalizedFirst + (out.isEmpty ? "" : " (\(out.count) out of tolerance)")
            axes.xAxis.label = "epoch"
            axes.legend = .none
            let points = comparison.points.filter { $0.experiment == id && $0.kind == .curve && $0.name == metric.rawValue }
            // A flat panel (every level at the same learning rate) would take its y range from
            // the tolerance band alone and fill with it; give it a range around the value.
            let means = points.flatMap { [$0.baseline.mean, $0.current.mean] }.compactMap { $0 }
            if let lo = means.min(), let hi = means.max(), hi - lo <= 1e-9 * max(abs(hi), abs(lo)) {
                let half = max(0.5 * abs(hi), 1e-3)
                axes.yAxis.min = (lo + hi) / 2 - half
                axes.yAxis.max = (lo + hi) / 2 + half
            }
            for (i, label) in labels.enumerated() {
                let color = colors[i]
                if let curve = base?.levels.first(where: { $0.label == label })?.curves[metric.rawValue] {
                    let x = curve.epochs.map(Double.init), y = curve.mean.map { $0 ?? .nan }
                    let tolerance = curve.epochs.map { e in points.first { $0.level == label && $0.epoch == e }?.tolerance ?? .nan }
                    // Every curve metric is ≥ 0 and accuracies are ≤ 1: the band stops where values can.
                    let ceiling = metric.isAccuracy ? 1.0 : .infinity
                    let lower = zip(y, tolerance).map { max($0 - $1, 0) }, upper = zip(y, tolerance).map { min($0 + $1, ceiling) }
                    axes.band(x: x, lower: lower, upper: upper, color: color, alpha: 0.16)
                    axes.line(x: x, y: y, color: color, width: 1.25, dash: .dashed)
                }
                if let curve = now?.levels.first(where: { $0.label == label })?.curves[metric.rawValue] {
                    axes.line(x: curve.epochs.map(Double.init), y: curve.mean.map { $0 ?? .nan }, label: label, color: color, width: 1.75)
                }
            }
            let marked = out.filter { $0.current.mean != nil }
            if !marked.isEmpty {
                axes.scatter(x: marked.map { Double($0.epoch ?? 0) }, y: marked.map { $0.current.mean! }, label: "out of tolerance",
                             color: failureColor, marker: .cross, size: 8, alpha: 1)
            }
        }
        // Keys for what the line styles mean (no data: legend rows only).
        let key = figure.panels[0]
        key.line(x: [], y: [], label: "baseline mean", color: .gray, width: 1.25, dash: .dashed)
        key.band(x: [], lower: [], upper: [], label: "tolerance band", color: .gray, alpha: 0.25)
        key.line(x: [], y: [], label: "current mean", color: .gray, width: 1.75)
        for panel in figure.panels.dropFirst(metrics.count) { panel.isHidden = true }
        return figure
    }

    /// Losses, then accuracies, then the learning rate, so a 3-column grid lines them up.
    static let panelOrder: [Metric] = [.trainLoss, .validationLoss, .testLoss, .runningLoss,
                                       .trainAccuracy, .validationAccuracy, .testAccuracy, .learningRate]

    /// Light to dark for numeric levels (as the study's own figures), the categorical palette
    /// without the failure color otherwise.
    static func levelColors(_ labels: [String]) -> [Color] {
        if labels.count > 1 && labels.allSatisfy({ Double($0) != nil }) { return Palette.sequential(labels.count) }
        let palette = Palette.categorical.filter { $0 != failureColor }
        return labels.indices.map { palette[$0 % palette.count] }
    }
}
