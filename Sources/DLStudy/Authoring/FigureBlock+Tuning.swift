import Foundation
import DLCore
import DLPlot

extension FigureBlock {
    /// Learning curves of tuned levels: one panel per tuning (ReLU, tanh …), one line per level
    /// at the rate its validation runs chose (`drawLevelCurve`: mean over seeds, band ±1 sd,
    /// geometric on a log axis; diverged seeds one by one; the legend says the
    /// rate), so each level is shown at its best and none at a rate chosen on the test set.
    public static func tunedCurves(
        _ id: String, caption: String, tunings: [(Tuning, String)], metric: Metric, logY: Bool = true,
        legend: LegendPlacement = .upperRight
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: tunings.first?.0.experiment.id ?? "main", metrics: [metric]) { r in
            let figure = Figure(width: 400 * Double(max(tunings.count, 1)) + 40, height: 340, rows: 1, columns: max(tunings.count, 1),
                                sharedY: true)
            figure.xLabel = "epoch"
            for (i, (tuning, title)) in tunings.enumerated() {
                let axes = figure[0, i]
                axes.title = title
                axes.legend = legend
                if logY { axes.yAxis.scale = .log }
                if i == 0 { axes.yAxis.label = metric.label }
                for (g, group) in tuning.groups.enumerated() {
                    guard let level = tuning.chosen(group, in: r), let cell = r[level] else { continue }
                    drawLevelCurve(axes, cell, metric, log: logY, label: "\(group) (lr \(Format.plain(Double(tuning.chosenRate(group, in: r)!))))",
                                   color: Palette.categorical(g), width: 1.8)
                }
            }
            return figure
        }
    }

    /// A per-layer probe at initialization (activations' standard deviation) against depth: one
    /// panel per experiment, one line per listed level (geometric mean over seeds, band: the
    /// seeds' range), read at the layers of `kinds` (the activations' outputs by default),
    /// numbered 1, 2, … from the input; log y axis. A legend entry drops the panel's title from
    /// the level's label ("ReLU, He" in the panel "ReLU" reads "He").
    public static func layerProfile(
        _ id: String, caption: String, panels: [(ExperimentHandle, String, [LevelHandle])], probe: String = "activations.std",
        kinds: Set<LayerSpec.Kind> = [.relu, .tanh, .sigmoid, .gelu, .leakyReLU], yLabel: String = "std of the activations"
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: panels.first?.0.id ?? "main") { r in
            let figure = Figure(width: 400 * Double(max(panels.count, 1)) + 40, height: 340, rows: 1, columns: max(panels.count, 1),
                                sharedY: true)
            figure.xLabel = "hidden layer"
            for (i, (_, title, levels)) in panels.enumerated() {
                let axes = figure[0, i]
                axes.title = title
                axes.legend = .lowerLeft
                axes.yAxis.scale = .log
                if i == 0 { axes.yAxis.label = yLabel }
                for (g, level) in levels.enumerated() {
                    guard let p = layerProfile(r, level, probe: probe, kinds: kinds) else { continue }
                    let label = level.label.hasPrefix(title + ", ") ? String(level.label.dropFirst(title.count + 2)) : level.label
                    axes.line(x: p.layer.map(Double.init), y: p.mean, label: label, color: Palette.categorical(g), width: 1.8,
                              marker: .circle, band: (p.low, p.high))
                }
            }
            return figure
        }
    }

    /// A per-layer probe of `level` at the layers of `kinds`: the layer numbers (1-based), the
    /// geometric mean over seeds and the seeds' range; nil without records. Seeds with a zero or
    /// missing value at a layer are left out there.
    public static func layerProfile(_ r: StudyResults, _ level: LevelHandle, probe: String,
                                    kinds: Set<LayerSpec.Kind>) -> (layer: [Int], mean: [Double], low: [Double], high: [Double])? {
        guard let cell = r[level], !cell.runs.isEmpty else { return nil }
        let indices = cell.cell.spec.model.layers.enumerated().filter { kinds.contains($0.element.type) }.map(\.offset)
        var out: (layer: [Int], mean: [Double], low: [Double], high: [Double]) = ([], [], [], [])
        for (n, index) in indices.enumerated() {
            let values = cell.seeds.compactMap { cell.runs[$0]?.probes[probe] }.compactMap { $0.indices.contains(index) ? $0[index] : nil }
                .filter { $0 > 0 && $0.isFinite }
            guard !values.isEmpty else { continue }
            out.layer.append(n + 1)
            out.mean.append(exp(values.map { log($0) }.reduce(0, +) / Double(values.count)))
            out.low.append(values.min()!)
            out.high.append(values.max()!)
        }
        return out
    }
}
