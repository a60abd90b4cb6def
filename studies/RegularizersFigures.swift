import DLCore
import DLPlot
import DLStudy
import Foundation

/// The regularizers study's figures: loss curves per regularizer, the gap, the weights, early stopping.
enum RegularizersFigures {
    static let trainColor = Palette.categorical(0), testColor = Palette.categorical(1)
    static let validationColor = Palette.categorical(2)
    static let reference = Color.gray

    /// One color per level, the same in every figure: black for none, then Okabe–Ito without
    /// black and yellow (too close to none, too faint on white), and a purple for the eighth.
    static func levelColor(_ i: Int) -> Color {
        let colors = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6A3D9A"]
        return Color(hex: colors[i % colors.count])
    }

    static func band(_ c: (x: [Double], summaries: [Summary]), floor: Double = 1e-6) -> ([Double], [Double]) {
        (c.summaries.map { max($0.mean - $0.sd, floor) }, c.summaries.map { $0.mean + $0.sd })
    }

    // MARK: Curves

    static func curvesCaption(_ r: StudyResults) -> String {
        "Training loss (blue; whole clean training set, evaluation mode) and test loss (orange) per epoch for each regularizer, log scale; mean over seeds, band ±1 sd. Grey dashed: the unregularized network's curves, repeated in every panel. Early stopping's curves end where its first seed stopped; the vertical line marks the mean restored epoch."
    }

    static func curves(_ r: StudyResults) -> Figure {
        guard let exp = r["main"] else { return Figure() }
        let cells = exp.cells
        let columns = 4, rows = (cells.count + columns - 1) / columns
        let figure = Figure(width: 880, height: 230 * Double(rows) + 50, rows: rows, columns: columns, sharedX: true, sharedY: true)
        figure.xLabel = "epoch"
        let none = exp[RegularizersStudy.none]
        let noneTrain = none?.curve(.trainLoss), noneTest = none?.curve(.testLoss)
        var low = Double.infinity, high = 0.0
        for cell in cells {
            for m in [Metric.trainLoss, .testLoss] {
                for s in cell.curve(m).summaries where s.mean > 0 { low = min(low, s.mean); high = max(high, s.mean + s.sd) }
            }
        }
        for (i, cell) in cells.enumerated() {
            let axes = figure.panels[i]
            axes.title = cell.label
            axes.yAxis.scale = .log
            axes.legend = i == 0 ? .lowerLeft : .none
            if i % columns == 0 { axes.yAxis.label = "loss" }
            if i > 0, let noneTrain, let noneTest {
                axes.line(x: noneTrain.x, y: noneTrain.summaries.map(\.mean), color: reference, width: 1, dash: .dashed)
                axes.line(x: noneTest.x, y: noneTest.summaries.map(\.mean), color: reference, width: 1, dash: .dashed)
            }
            for (metric, color, name) in [(Metric.trainLoss, trainColor, "train"), (.testLoss, testColor, "test")] {
                let c = cell.curve(metric)
                axes.line(x: c.x, y: c.summaries.map(\.mean), label: name, color: color, width: 1.5, band: band(c))
            }
            if cell.label == RegularizersStudy.earlyLabel {
                let restored = cell.runs.values.compactMap(\.bestEpoch).map(Double.init)
                if let m = restored.mean { axes.verticalLine(at: m, color: .ink, dash: .dotted) }
            }
            if low.isFinite { axes.yAxis.min = low / 1.5; axes.yAxis.max = high * 1.3 }
            axes.xAxis.min = 0
            axes.xAxis.max = Double(RegularizersStudy.epochs(r.profile))
        }
        for k in cells.count..<(rows * columns) { figure.panels[k].isHidden = true }
        return figure
    }

    // MARK: Gap

    static func gapCurves(_ r: StudyResults) -> Figure {
        guard let exp = r["main"] else { return Figure() }
        let figure = Figure(width: 760, height: 320)
        let curves = figure.axes
        curves.xAxis.label = "epoch"
        curves.yAxis.label = "test − train loss"
        curves.legend = .outsideRight
        curves.legendTitle = "regularizer"
        for (i, cell) in exp.cells.enumerated() {
            let c = cell.curve(.generalizationGap)
            let isNone = cell.label == RegularizersStudy.none
            curves.line(x: c.x, y: c.summaries.map(\.mean), label: cell.label, color: levelColor(i),
                        width: isNone ? 2 : 1.5, dash: isNone ? .dashed : .solid)
        }
        curves.horizontalLine(at: 0, color: .gray, dash: .dotted)
        return figure
    }

    static func gapFinal(_ r: StudyResults) -> Figure {
        guard let exp = r["main"] else { return Figure() }
        let cells = exp.cells
        let figure = Figure(width: 760, height: 320, rows: 1, columns: 2, sharedY: true)
        let quantities: [(Quantity, String, Double)] = [(.final(.generalizationGap), "final gap (test − train loss)", 1),
                                                         (.final(.testAccuracy), "final test accuracy (%)", 100)]
        for (k, (q, name, scale)) in quantities.enumerated() {
            let axes = figure.panels[k]
            axes.xAxis.label = name
            axes.legend = .none
            // Levels on the y axis, top to bottom in the study's order.
            let ys = cells.indices.map { Double(cells.count - 1 - $0) }
            axes.yAxis.ticks = ys
            let labels = cells.map(\.label)
            axes.yAxis.formatter = { v in
                let i = cells.count - 1 - Int(v.rounded())
                return k == 0 && labels.indices.contains(i) ? labels[i] : ""
            }
            axes.yAxis.min = -0.6
            axes.yAxis.max = Double(cells.count) - 0.4
            if let ref = cells.first?.summary(q) { axes.verticalLine(at: ref.mean * scale, color: .gray, dash: .dashed) }
            for (i, cell) in cells.enumerated() {
                let values = cell.orderedValues(q).map { $0 * scale }
                guard let s = Summary(values) else { continue }
                let color = levelColor(i)
                axes.scatter(x: values, y: values.map { _ in ys[i] }, color: color, size: 4, alpha: 0.4)
                axes.errorBars(x: [s.mean], y: [ys[i]], yError: [0], xError: [s.ci95], color: color)
            }
            if k == 0 { axes.xAxis.min = 0 }
        }
        return figure
    }

    // MARK: Weights

    /// The lower edge of the |w| histograms: smaller magnitudes (exact zeros included) are
    /// counted in the first bin.
    static let smallestMagnitude = 1e-7

    static func weightsCaption(_ r: StudyResults) -> String {
        "How large the weights are at the end of training: the distribution of |w| over all 78,336 weight-matrix entries (seed 0; early stopping: the restored weights), on a log axis in bins of 1/8 decade; the height is the fraction of all weights in the bin. |w| below 10⁻⁷ (exact zeros included) is counted in the first bin. Grey outline: the unregularized network. Dashed line: |w| = 10⁻³, the threshold of the table's near-zero fraction, which each panel quotes."
    }

    static func weights(_ r: StudyResults) -> Figure {
        guard let exp = r["main"] else { return Figure() }
        let cells = exp.cells
        let columns = 4, rows = (cells.count + columns - 1) / columns
        let figure = Figure(width: 880, height: 210 * Double(rows) + 50, rows: rows, columns: columns, sharedX: true, sharedY: true)
        figure.xLabel = "|w| (log scale)"
        let all = cells.map { RegularizersAnalysis.absoluteWeights(r, level: $0.label) }
        let largest = all.compactMap { $0?.max() }.max() ?? 1
        let low = log10(smallestMagnitude), high = (log10(largest) * 8).rounded(.up) / 8
        let edges = stride(from: low, through: high + 1e-9, by: 0.125).map { pow(10, $0) }
        func histogram(_ values: [Double]) -> [Double] {
            var counts = [Double](repeating: 0, count: edges.count - 1)
            for v in values {
                let i = v <= edges[0] ? 0 : Int(((log10(v) - low) / 0.125).rounded(.down))
                counts[min(max(i, 0), counts.count - 1)] += 1
            }
            return counts.map { $0 / Double(max(values.count, 1)) }
        }
        let hists = all.map { $0.map(histogram) }
        let peak = hists.compactMap { $0?.max() }.max() ?? 1
        for (i, cell) in cells.enumerated() {
            let axes = figure.panels[i]
            axes.title = cell.label
            axes.xAxis.scale = .log
            axes.legend = .none
            if i % columns == 0 { axes.yAxis.label = "fraction of weights" }
            if i > 0, let h = hists[0] {
                axes.add(HistogramSeries(edges: edges, heights: h, color: reference, fillAlpha: 0))
            }
            axes.verticalLine(at: RegularizersStudy.nearZero, color: .ink, dash: .dashed)
            guard let h = hists[i], let values = all[i] else {
                axes.text("no kept weights", x: 1e-3, y: peak / 2, anchor: .center)
                continue
            }
            axes.add(HistogramSeries(edges: edges, heights: h, color: levelColor(i), fillAlpha: 0.35))
            let near = Double(values.filter { $0 < RegularizersStudy.nearZero }.count) / Double(values.count)
            axes.text("|w| < 10⁻³: \(formatNumber(100 * near, digits: 2))%", x: edges[0] * 1.5, y: peak * 1.12, anchor: .topLeft, size: 9)
            axes.xAxis.min = edges.first!
            axes.xAxis.max = edges.last!
            axes.xAxis.ticks = stride(from: Int(low), through: Int(high.rounded(.down)), by: 2).map { pow(10, Double($0)) }
            axes.xAxis.formatter = { v in
                let e = Int(log10(v).rounded())
                let digits = Array("⁰¹²³⁴⁵⁶⁷⁸⁹")
                return e == 0 ? "1" : "10" + (e < 0 ? "⁻" : "") + String(String(abs(e)).map { digits[Int(String($0))!] })
            }
            axes.yAxis.min = 0
            axes.yAxis.max = peak * 1.15
        }
        for k in cells.count..<(rows * columns) { figure.panels[k].isHidden = true }
        return figure
    }

    // MARK: Early stopping

    static func earlyStoppingCaption(_ r: StudyResults) -> String {
        "Early stopping on the unregularized trajectory, one panel per seed. Lines: the unregularized run's validation loss (green; training samples \(RegularizersStudy.trainSamples)–\(RegularizersStudy.trainSamples + RegularizersStudy.validationSamples - 1), what early stopping watches) and test loss (orange), which early stopping never sees. The early-stopping run of the same seed follows exactly this trajectory until it stops: solid vertical line, the epoch it restored (lowest validation loss); dotted, the epoch it stopped at (\(RegularizersStudy.patience) epochs without improvement). Dot: the lowest test loss of the unregularized run."
    }

    static func earlyStopping(_ r: StudyResults) -> Figure {
        let stops = RegularizersAnalysis.earlyStops(r)
        guard let none = r["main"]?[RegularizersStudy.none], !stops.isEmpty else { return Figure() }
        let figure = Figure(width: 880, height: 300, rows: 1, columns: stops.count, sharedY: true)
        figure.xLabel = "epoch"
        figure.sharedLegend = true
        let horizon = Double(min(RegularizersStudy.epochs(r.profile), max(60, 3 * (stops.map(\.stopped).max() ?? 20))))
        for (k, stop) in stops.enumerated() {
            let axes = figure.panels[k]
            axes.title = "seed \(stop.seed)"
            if k == 0 { axes.yAxis.label = "loss" }
            guard let run = none.runs[stop.seed] else { continue }
            let rows = run.epochs.filter { Double($0.epoch) <= horizon }
            for (metric, color, name) in [(Metric.validationLoss, validationColor, "validation loss"), (.testLoss, testColor, "test loss")] {
                let pts = rows.compactMap { row in row.value(metric).map { (Double(row.epoch), $0) } }
                axes.line(x: pts.map(\.0), y: pts.map(\.1), label: name, color: color, width: 1.5)
            }
            axes.verticalLine(at: Double(stop.restored), label: k == 0 ? "restored epoch" : nil, color: .ink, dash: .solid)
            axes.verticalLine(at: Double(stop.stopped), label: k == 0 ? "stopped" : nil, color: .ink, dash: .dotted)
            axes.scatter(x: [Double(stop.noneMinimumEpoch)], y: [stop.noneMinimum], label: k == 0 ? "lowest test loss" : nil,
                         color: testColor, size: 8, alpha: 1)
            axes.xAxis.min = 0
            axes.xAxis.max = horizon
        }
        return figure
    }
}
