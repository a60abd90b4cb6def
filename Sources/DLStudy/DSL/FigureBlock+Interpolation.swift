import DLCore
import DLPlot

extension FigureBlock {
    /// Keskar et al.'s 1-D plot: train and test loss (log y) along w(α) = (1 − α)·w_from + α·w_to
    /// between the final weights of two levels at the same seed, mean ± sd over seeds. The
    /// experiment must keep its weights (`Experiment(…, keepWeights: true)`). The losses are
    /// computed in the run phase (a derived job per seed); drawing only reads them.
    public static func interpolation(
        _ id: String, caption: String, experiment: String = "main", from: String, to: String,
        alphas: [Double] = stride(from: -0.5, through: 1.5001, by: 0.1).map { ($0 * 10).rounded() / 10 }
    ) -> FigureBlock {
        func jobs(_ runs: PlannedRuns) -> [DerivedJob] {
            runs.jobs(experiment, level: from).compactMap { a in
                runs.job(experiment, level: to, seed: a.seed).map { b in Interpolation.job(from: a, to: b, alphas: alphas) }
            }
        }
        return FigureBlock(id, caption: caption, experiment: experiment, needs: jobs) { results in
            let figure = Figure(width: 520, height: 320)
            let axes = figure.axes
            axes.xAxis.label = "α   (0: \(from), 1: \(to))"
            axes.yAxis.label = "loss"
            axes.yAxis.scale = .log
            let values = jobs(results.planned).compactMap(results.values(of:))
            let train = values.compactMap { $0[numbers: "train"] }, test = values.compactMap { $0[numbers: "test"] }
            guard !train.isEmpty else {
                axes.text("no interpolation between \(from) and \(to) was computed", x: 0.5, y: 1)
                return figure
            }
            for (name, rows, color) in [("train", train, Palette.categorical(0)), ("test", test, Palette.categorical(1))] {
                let summaries = alphas.indices.map { i in Summary(rows.map { $0[i] }) }
                let mean = summaries.map { $0?.mean ?? .nan }
                let lo = summaries.map { s in s.map { max($0.mean - $0.sd, $0.min) } ?? .nan }
                let hi = summaries.map { s in s.map { $0.mean + $0.sd } ?? .nan }
                axes.line(x: alphas, y: mean, label: "\(name) loss", color: color, marker: .circle, markerSize: 3,
                          band: rows.count > 1 ? (lo, hi) : nil)
            }
            axes.verticalLine(at: 0, color: .gray, dash: .dotted)
            axes.verticalLine(at: 1, color: .gray, dash: .dotted)
            return figure
        }
    }
}

extension Interpolation {
    /// The derived job behind `FigureBlock.interpolation`: losses along the line between two
    /// runs' final weights (buffers interpolated too), values `train` and `test` per α.
    static func job(from a: RunJob, to b: RunJob, alphas: [Double]) -> DerivedJob {
        DerivedJob(kind: "interpolation", name: "\(a.study)/\(a.experiment)/interpolation/\(a.cellLabel)→\(b.cellLabel)/seed-\(a.seed)",
                   parameters: alphas.map { "\($0)" }.joined(separator: ","), inputs: [a, b]) { context in
            let first = try context.trainedModel(a), second = try context.trainedModel(b)
            let points = Interpolation.linear(
                model: first.model, from: first.model.parameters.map { $0.value.copy() }, to: second.model.parameters.map(\.value),
                alphas: alphas, data: first.data,
                fromBuffers: first.model.buffers.map { $0.value.copy() }, toBuffers: second.model.buffers.map(\.value))
            return DerivedValues(numbers: ["train": points.map(\.trainLoss), "test": points.map(\.testLoss)])
        }
    }
}
