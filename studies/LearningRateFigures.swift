import DLCore
import DLPlot
import DLStudy
import Foundation

/// The lr study's figures: the sweep's curves, the U shape, the range test, the schedules.
enum LearningRateFigures {
    static let failColor = Color(hex: "#D55E00")

    // MARK: Sweep

    /// Minibatch loss against steps, one line per rate (mean over the seeds still alive, in
    /// log-spaced bins), an ✕ where a seed's loss turned non-finite. Two panels sharing the y axis
    /// — the rates below the good region, and the rest — so that no panel has more than six lines.
    static func sweep(_ r: StudyResults) -> Figure {
        let figure = Figure(width: 760, height: 340, rows: 1, columns: 2, sharedY: true)
        guard let exp = r["sweep"] else { return figure }
        let cells = exp.cells
        let split = LearningRateAnalysis.goodRegion(r).map { g in cells.filter { ($0.cell.value ?? 0) < g.low }.count } ?? cells.count / 2
        let groups = [Array(cells[..<split]), Array(cells[split...])]
        let start = LearningRateAnalysis.initialLoss(r) ?? 2.3
        let top = 8 * start
        var low = Double.infinity
        for (k, group) in groups.enumerated() {
            let axes = figure.panels[k]
            axes.title = k == 0 ? "below the good region" : "the good region and above"
            axes.xAxis.label = "step"
            if k == 0 { axes.yAxis.label = "minibatch training loss" }
            axes.xAxis.scale = .log
            axes.yAxis.scale = .log
            axes.legendTitle = "learning rate"
            axes.legend = .lowerLeft
            let colors = Palette.sequential(group.count)
            for (i, cell) in group.enumerated() {
                let runs = cell.seeds.map { cell.runs[$0]! }
                let total = runs.map { $0.steps.last?.step ?? 0 }.max() ?? 0
                guard total > 0 else { continue }
                let edges = logBins(upTo: total)
                var xs: [Double] = [], ys: [Double] = []
                for (a, b) in zip(edges, edges.dropFirst()) {
                    let perSeed = runs.compactMap { run -> Double? in
                        run.steps.filter { Double($0.step) >= a && Double($0.step) < b }.map(\.loss).filter(\.isFinite).mean
                    }
                    guard let m = perSeed.mean else { continue }
                    xs.append((a * (b - 1)).squareRoot())
                    ys.append(min(m, top * 10))
                    low = min(low, m)
                }
                let diverged = cell.diverged
                axes.line(x: xs, y: ys, label: cell.label + (diverged.isEmpty ? "" : " (\(diverged.count) diverged)"), color: colors[i],
                          width: 1.5, dash: diverged.isEmpty ? .solid : .dashed)
                let marks = diverged.values.sorted().map(Double.init)
                if !marks.isEmpty {
                    axes.scatter(x: marks, y: marks.map { _ in top / 1.5 }, color: failColor, marker: .cross, size: 9, alpha: 1)
                }
            }
        }
        for axes in figure.panels {
            axes.yAxis.max = top
            if low.isFinite { axes.yAxis.min = low / 1.3 }
        }
        return figure
    }

    /// Bin edges 1, …, `upTo` + 1, log-spaced with at most 60 bins and none narrower than a step.
    static func logBins(upTo n: Int) -> [Double] {
        var edges: [Double] = [1]
        let ratio = pow(Double(n + 1), 1.0 / 60)
        while edges.last! < Double(n + 1) {
            edges.append(min(Double(n + 1), max(edges.last! + 1, (edges.last! * ratio).rounded())))
        }
        return edges
    }

    // MARK: U shape

    static func uShapeCaption(_ r: StudyResults) -> String {
        var text = "Final training loss (left, log scale) and test accuracy (right) against the learning rate: mean over seeds with 95% CI, dots are seeds; ✕ marks a rate at which some seed failed (diverged, or ended above its starting loss)."
        if let g = LearningRateAnalysis.goodRegion(r) {
            text += " Shaded: the good region, rates whose mean final loss is at most a quarter of the initial loss (\(formatNumber(g.threshold)), dashed line) with no failed seed; its edges lie halfway, in log lr, to the first rates outside it."
        }
        text += " The vertical line is the range test's suggestion (mean over seeds)."
        return text
    }

    static func uShape(_ r: StudyResults) -> Figure {
        let figure = Figure(width: 720, height: 320, rows: 1, columns: 2)
        guard let exp = r["sweep"] else { return figure }
        let region = LearningRateAnalysis.goodRegion(r)
        let suggestion = r["range-test"]?.cells.first?.summary(LearningRateAnalysis.suggestion).map { pow(10, $0.mean) }
        let start = LearningRateAnalysis.initialLoss(r) ?? 2.3
        let quantities: [(Quantity, String, Double)] = [(.final(.trainLoss), "final training loss", 1), (.final(.testAccuracy), "final test accuracy (%)", 100)]
        for (k, (q, name, scale)) in quantities.enumerated() {
            let axes = figure.panels[k]
            axes.xAxis.label = "learning rate"
            axes.yAxis.label = name
            axes.xAxis.scale = .log
            axes.legend = k == 0 ? .best : .none
            if k == 0 { axes.yAxis.scale = .log }
            if let region { axes.verticalSpan(region.low...region.high, label: "good region") }
            var xs: [Double] = [], ys: [Double] = [], err: [Double] = [], failedX: [Double] = []
            for cell in exp.cells {
                let lr = cell.cell.value ?? .nan
                if cell.values(LearningRateAnalysis.failed).values.contains(where: { $0 > 0 }) { failedX.append(lr) }
                let values = cell.orderedValues(q).filter(\.isFinite).map { $0 * scale }
                guard let s = Summary(values) else { continue }
                xs.append(lr); ys.append(s.mean); err.append(s.ci95.isFinite ? s.ci95 : 0)
                axes.scatter(x: values.map { _ in lr }, y: values, color: Palette.categorical(0), size: 4, alpha: 0.35)
            }
            axes.line(x: xs, y: ys, color: Palette.categorical(0), width: 1, dash: .dotted)
            axes.errorBars(x: xs, y: ys, yError: err, color: Palette.categorical(0))
            let failY = k == 0 ? start * 1.6 : 5
            if !failedX.isEmpty {
                axes.scatter(x: failedX, y: failedX.map { _ in failY }, label: "failed", color: failColor, marker: .cross, size: 9, alpha: 1)
            }
            if k == 0, let region {
                axes.horizontalLine(at: region.threshold, label: "¼ of the initial loss", color: .gray, dash: .dashed)
                axes.horizontalLine(at: start, label: "initial loss", color: .gray, dash: .dotted)
                axes.yAxis.max = start * 2.2
            }
            if let suggestion { axes.verticalLine(at: suggestion, label: k == 0 ? "range-test suggestion" : nil, color: .ink, dash: .dashed) }
            if k == 1 { axes.yAxis.min = 0 }
            axes.xAxis.ticks = exp.cells.compactMap(\.cell.value)
            axes.xAxis.formatter = { v in String(format: "%g", v) }
        }
        return figure
    }

    // MARK: Range test

    static func rangeTestCaption(_ r: StudyResults) -> String {
        "The range test: smoothed minibatch loss against the learning rate on one exponential ramp per seed (raw losses faint). Circles: the suggestion (steepest descent before the minimum); diamonds: the smallest loss's rate ÷ 10; ✕: where the smoothed loss passed \(formatNumber(LearningRateStudy.rangeTest.divergenceFactor))× its best and the test stopped. Shaded: the sweep's good region."
    }

    static func rangeTest(_ r: StudyResults) -> Figure {
        let figure = Figure(width: 640, height: 340)
        let axes = figure.axes
        axes.xAxis.label = "learning rate"
        axes.yAxis.label = "training loss (minibatch)"
        axes.xAxis.scale = .log
        axes.legend = .best
        if let region = LearningRateAnalysis.goodRegion(r) { axes.verticalSpan(region.low...region.high, label: "sweep's good region") }
        guard let cell = r["range-test"]?.cells.first else { return figure }
        var low = Double.infinity, start = 2.3
        for (i, seed) in cell.seeds.enumerated() {
            let test = LearningRateAnalysis.rangeTest(cell.runs[seed]!)
            let color = Palette.categorical(i)
            axes.line(x: test.learningRates, y: test.losses, color: color.withAlpha(0.18), width: 0.75)
            axes.line(x: test.learningRates, y: test.smoothedLosses, label: "seed \(seed)", color: color, width: 1.75)
            low = min(low, test.smoothedLosses.filter(\.isFinite).min() ?? low)
            start = test.smoothedLosses.first ?? start
            func mark(_ lr: Double?, _ shape: MarkerShape) {
                guard let lr, let i = test.learningRates.firstIndex(of: lr) else { return }
                axes.scatter(x: [lr], y: [test.smoothedLosses[i]], color: color, marker: shape, size: 9, alpha: 1)
            }
            mark(test.steepestBeforeMinimumLR, .circle)
            if let m = test.minimumLossLR, let j = test.learningRates.firstIndex(of: m) {
                // The minimum ÷ 10 sits left of the minimum; mark it on the curve there.
                let target = m / 10
                let near = test.learningRates.indices.min { abs(log(test.learningRates[$0] / target)) < abs(log(test.learningRates[$1] / target)) } ?? j
                axes.scatter(x: [target], y: [test.smoothedLosses[near]], color: color, marker: .diamond, size: 9, alpha: 1)
            }
            if test.diverged, let lr = test.learningRates.last {
                let top = start + 0.55 * (start - (low.isFinite ? low : start - 1))
                axes.scatter(x: [lr], y: [min(test.smoothedLosses.last!, top)], color: failColor, marker: .cross, size: 9, alpha: 1)
            }
        }
        // The interesting part is the dip below the starting loss; the blow-up leaves the top.
        axes.yAxis.max = start + 0.6 * (start - (low.isFinite ? low : start - 1))
        if low.isFinite { axes.yAxis.min = low - 0.15 * (start - low) }
        return figure
    }

    // MARK: Schedules

    /// Four columns of schedules; each loss panel sits above its schedule's learning rate.
    static func schedules(_ r: StudyResults) -> Figure {
        guard let exp = r["schedules"] else { return Figure() }
        let cells = exp.cells
        let columns = 4, pairs = (cells.count + columns - 1) / columns
        let figure = Figure(width: 860, height: 250 * Double(pairs) + 40, rows: 2 * pairs, columns: columns, sharedX: true)
        figure.rowHeights = (0..<(2 * pairs)).map { $0 % 2 == 0 ? 2.6 : 1 }
        figure.xLabel = "epoch"
        let constant = cells.first?.curve(.trainLoss)
        let all = cells.flatMap { $0.curve(.trainLoss).summaries.map(\.mean) }.filter { $0.isFinite && $0 > 0 }
        let peak = cells.compactMap { $0.runs.values.first?.steps.map(\.learningRate).max() }.max() ?? 1
        let perEpoch = Double(LearningRateStudy.stepsPerEpoch)
        for (i, cell) in cells.enumerated() {
            let row = 2 * (i / columns), column = i % columns
            let loss = figure[row, column], rate = figure[row + 1, column]
            loss.title = cell.label
            loss.yAxis.scale = .log
            loss.legend = .none
            rate.legend = .none
            if column == 0 { loss.yAxis.label = "train loss"; rate.yAxis.label = "lr" }
            if let constant, i > 0 {
                loss.line(x: constant.x, y: constant.summaries.map(\.mean), color: .gray, width: 1, dash: .dashed)
            }
            let c = cell.curve(.trainLoss)
            let color = Palette.categorical(i)
            loss.line(x: c.x, y: c.summaries.map(\.mean), color: color,
                      band: (c.summaries.map { max($0.mean - $0.sd, 1e-6) }, c.summaries.map { $0.mean + $0.sd }))
            if let lo = all.min(), let hi = all.max() { loss.yAxis.min = lo / 1.3; loss.yAxis.max = hi * 1.3 }
            if let run = cell.runs[0] ?? cell.runs.values.first {
                // A step row counts the batches done; its batch ran at epoch (step − 1)/steps per epoch.
                rate.line(x: run.steps.map { Double($0.step - 1) / perEpoch }, y: run.steps.map(\.learningRate),
                          color: color, width: 1.25)
            }
            rate.yAxis.min = 0
            rate.yAxis.max = peak * 1.1
        }
        for k in cells.count..<(pairs * columns) {
            figure[2 * (k / columns), k % columns].isHidden = true
            figure[2 * (k / columns) + 1, k % columns].isHidden = true
        }
        return figure
    }
}
