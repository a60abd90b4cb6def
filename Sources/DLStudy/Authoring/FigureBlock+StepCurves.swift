import DLCore
import DLPlot
import Foundation

extension FigureBlock {
    /// The minibatch loss of every recorded step against the step, log axes, a line per level:
    /// each seed's losses averaged in log-spaced bins of steps (at most `bins`), then the mean
    /// over the seeds. A level with diverged seeds has no mean (the survivors' average would hide
    /// the failure): each seed is drawn on its own, the diverged ones dashed, the legend says
    /// "k of n seeds diverged", and an ✕ marks each divergence step near the top of the panel.
    /// `panels` splits the levels (e.g. below and inside a good region) into panels that share
    /// the y axis; `ceiling` clips what rises above it (a blow-up would flatten the rest).
    public static func stepCurves(
        _ id: String, caption: String, experiment: ExperimentHandle, bins: Int = 60,
        panels: ((StudyResults) -> [(title: String, levels: [LevelHandle])])? = nil,
        ceiling: ((StudyResults) -> Double?)? = nil
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiment.id) { r in
            guard let exp = r[experiment] else { return Figure() }
            let groups = panels?(r) ?? [(title: "", levels: exp.levels)]
            let figure = Figure(width: groups.count > 1 ? 760 : 480, height: 340, rows: 1, columns: groups.count, sharedY: true)
            let top = ceiling?(r)
            var low = Double.infinity
            for (k, group) in groups.enumerated() {
                let axes = figure.panels[k]
                axes.title = group.title.isEmpty ? nil : group.title
                axes.xAxis.label = "step"
                if k == 0 { axes.yAxis.label = "minibatch training loss" }
                (axes.xAxis.scale, axes.yAxis.scale) = (.log, .log)
                axes.legendTitle = exp.experiment.factors.map(\.name).joined(separator: ", ")
                axes.legend = .lowerLeft
                let colors = Palette.sequential(group.levels.count)
                for (i, level) in group.levels.enumerated() {
                    guard let cell = exp[level] else { continue }
                    let clip = { (ys: [Double]) in ys.map { y in top.map { min(y, 10 * $0) } ?? y } }
                    let diverged = cell.diverged
                    if diverged.isEmpty {
                        let (xs, ys) = binnedSteps(cell, bins: bins)
                        low = min(low, ys.min() ?? low)
                        axes.line(x: xs, y: clip(ys), label: cell.label, color: colors[i], width: 1.5)
                        continue
                    }
                    // Some seed diverged: no mean over the survivors; every seed on its own, the
                    // diverged ones dashed with an ✕ at the step where the loss became non-finite.
                    let total = cell.runs.values.map { $0.steps.last?.step ?? 0 }.max() ?? 0
                    for (k, seed) in cell.seeds.enumerated() {
                        let (xs, ys) = binnedSteps([cell.runs[seed]!], total: total, bins: bins)
                        low = min(low, ys.min() ?? low)
                        axes.line(x: xs, y: clip(ys), label: k == 0 ? FigureStyle.label(cell.label, cell) : nil,
                                  color: colors[i], width: 1, dash: diverged[seed] == nil ? .solid : .dashed)
                    }
                    let marks = diverged.values.sorted().map(Double.init)
                    let y = top.map { $0 / 1.5 } ?? (cell.runs.values.flatMap { $0.steps.map(\.loss) }.filter(\.isFinite).max() ?? 1)
                    axes.scatter(x: marks, y: marks.map { _ in y }, color: FigureStyle.failure, marker: .cross, size: 9, alpha: 1)
                }
            }
            for axes in figure.panels {
                if let top { axes.yAxis.max = top }
                if low.isFinite { axes.yAxis.min = low / 1.3 }
            }
            return figure
        }
    }

    /// A level's step losses in log-spaced bins: each seed's mean per bin, then the mean over
    /// seeds (in seed order); x at the bin's geometric centre.
    static func binnedSteps(_ cell: CellResults, bins: Int) -> (x: [Double], y: [Double]) {
        let runs = cell.seeds.map { cell.runs[$0]! }
        return binnedSteps(runs, total: runs.map { $0.steps.last?.step ?? 0 }.max() ?? 0, bins: bins)
    }

    /// `runs`' step losses in log-spaced bins of steps 1 … `total`: each run's mean per bin, then
    /// the mean over the runs with a value in the bin.
    static func binnedSteps(_ runs: [RunRecord], total: Int, bins: Int) -> (x: [Double], y: [Double]) {
        guard total > 0 else { return ([], []) }
        var edges: [Double] = [1]
        let ratio = pow(Double(total + 1), 1.0 / Double(bins))
        while edges.last! < Double(total + 1) {
            edges.append(min(Double(total + 1), max(edges.last! + 1, (edges.last! * ratio).rounded())))
        }
        var xs: [Double] = [], ys: [Double] = []
        for (a, b) in zip(edges, edges.dropFirst()) {
            let perSeed = runs.compactMap { run -> Double? in
                let v = run.steps.filter { Double($0.step) >= a && Double($0.step) < b }.map(\.loss).filter(\.isFinite)
                return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
            }
            guard !perSeed.isEmpty else { continue }
            xs.append((a * (b - 1)).squareRoot())
            ys.append(perSeed.reduce(0, +) / Double(perSeed.count))
        }
        return (xs, ys)
    }
}
