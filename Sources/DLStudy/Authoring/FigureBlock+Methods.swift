import DLCore
import DLPlot

extension FigureBlock {
    /// Prediction methods down the y axis, a panel per metric: each seed a faint dot, the mean
    /// with its 95% CI as an error bar. The values are the methods' derived jobs' (chosen on
    /// validation where a method has candidates). Where a method has fewer replicates than seeds
    /// (a member diverged, a value is not finite), "n of N" beside its mean says what it rests on.
    public static func methods(_ id: String, caption: String, _ methods: PredictionMethods, metrics: [PredictionMethod.Metric]) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: methods.experiment, needs: methods.jobs) { r in
            let list = methods.methods
            let figure = Figure(width: 760, height: 60 + 34 * Double(list.count), rows: 1, columns: metrics.count, sharedY: true)
            let positions = list.indices.map { Double(list.count - 1 - $0) }
            for (k, metric) in metrics.enumerated() {
                let axes = figure.panels[k]
                axes.legend = .none
                axes.xAxis.label = metric.label
                axes.yAxis.ticks = positions
                axes.yAxis.formatter = { v in
                    let i = list.count - 1 - Int(v.rounded())
                    return k == 0 && list.indices.contains(i) ? list[i].label : ""
                }
                axes.yAxis.min = -0.6
                axes.yAxis.max = Double(list.count) - 0.4
                for (i, m) in list.enumerated() {
                    let values = m.orderedValues(r, metric, seeds: methods.seeds).map { $0 * metric.scale }
                    guard let s = Summary(values) else { continue }
                    let color = Palette.categorical(m.models > 1 ? 1 : 0)
                    axes.scatter(x: values, y: values.map { _ in positions[i] }, color: color, size: 4, alpha: 0.4)
                    axes.errorBars(x: [s.mean], y: [positions[i]], yError: [0], xError: [s.ci95], color: color)
                    if values.count < methods.seeds.count {
                        axes.text("\(values.count) of \(methods.seeds.count) seeds", x: s.mean, y: positions[i], offset: (4, 3), size: 9, color: .gray)
                    }
                }
            }
            return figure
        }
    }

    /// Reliability diagram (Guo et al. 2017): accuracy against confidence in the 15 equal-width
    /// bins, the bins pooled over seeds (sample-weighted), one line per method; the diagonal is
    /// perfect calibration. Bins with fewer than `minimumCount` samples in all are left out.
    public static func reliability(_ id: String, caption: String, _ methods: PredictionMethods, labels: [String],
                                   minimumCount: Int = 10) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: methods.experiment, needs: methods.jobs) { r in
            let figure = Figure(width: 520, height: 400)
            let axes = figure.axes
            axes.xAxis.label = "confidence (top probability)"
            axes.yAxis.label = "accuracy in the bin"
            axes.xAxis.min = 0; axes.xAxis.max = 1; axes.yAxis.min = 0; axes.yAxis.max = 1
            axes.line(x: [0, 1], y: [0, 1], label: "perfect calibration", color: .gray, width: 1, dash: .dashed)
            for (i, label) in labels.enumerated() {
                guard let m = methods[label] else { continue }
                let pooled = pooledBins(r, m, seeds: methods.seeds).filter { $0.count >= minimumCount }
                axes.line(x: pooled.map(\.confidence), y: pooled.map(\.accuracy), label: label, color: Palette.categorical(i + 1),
                          marker: .circle, markerSize: 4)
            }
            axes.legend = .upperLeft
            return figure
        }
    }

    /// The chosen candidates' bins summed over seeds: counts added, confidence and accuracy
    /// weighted by count.
    static func pooledBins(_ r: StudyResults, _ m: PredictionMethod, seeds: [UInt64]) -> [Calibration.Bin] {
        var pooled: [Calibration.Bin] = []
        for seed in seeds {
            guard let bins = m.chosen(r, seed: seed)?.result.bins else { continue }
            if pooled.isEmpty { pooled = bins.map { Calibration.Bin(lower: $0.lower, upper: $0.upper, count: 0, confidence: 0, accuracy: 0) } }
            for (k, b) in bins.enumerated() where b.count > 0 && k < pooled.count {
                pooled[k].confidence += b.confidence * Double(b.count)
                pooled[k].accuracy += b.accuracy * Double(b.count)
                pooled[k].count += b.count
            }
        }
        return pooled.map { b in
            var b = b
            b.confidence = b.count > 0 ? b.confidence / Double(b.count) : .nan
            b.accuracy = b.count > 0 ? b.accuracy / Double(b.count) : .nan
            return b
        }
    }

    /// Test accuracy of an ensemble as members are added (members in the order the method
    /// lists them; mean over seeds with a ±1 sd band), one line per method; one-model methods
    /// as a dashed horizontal line at their mean.
    public static func ensembleGrowth(_ id: String, caption: String, _ methods: PredictionMethods, labels: [String]) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: methods.experiment, needs: methods.jobs) { r in
            let figure = Figure(width: 560, height: 340)
            let axes = figure.axes
            axes.xAxis.label = "models in the ensemble"
            axes.yAxis.label = "test accuracy (%)"
            axes.legend = .lowerRight
            var widest = 1
            for (i, label) in labels.enumerated() {
                guard let m = methods[label] else { continue }
                let color = Palette.categorical(i)
                if m.models == 1 {
                    if let s = methods.summary(r, label, .accuracy) {
                        axes.horizontalLine(at: 100 * s.mean, label: label, color: color, dash: .dashed)
                    }
                    continue
                }
                let curves = methods.seeds.compactMap { m.chosen(r, seed: $0)?.result.prefixAccuracy }.filter { !$0.isEmpty }
                guard let n = curves.map(\.count).min(), n > 0 else { continue }
                widest = max(widest, n)
                let s = (0..<n).map { k in Summary(curves.map { 100 * $0[k] })! }
                axes.line(x: (1...n).map(Double.init), y: s.map(\.mean), label: label, color: color, marker: .circle, markerSize: 4,
                          band: curves.count > 1 ? (s.map { $0.mean - $0.sd }, s.map { $0.mean + $0.sd }) : nil)
            }
            axes.xAxis.ticks = (1...widest).map(Double.init)
            return figure
        }
    }
}
