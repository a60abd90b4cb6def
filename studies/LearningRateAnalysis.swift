import DLCore
import DLPlot
import DLStudy
import Foundation

/// What the lr study derives from its records — per-run progress and failure, the sweep's good
/// region — and the sentences and figure marks written from them.
enum LearningRateAnalysis {
    typealias S = LearningRateStudy

    static func anyFailed(_ cell: CellResults) -> Bool { cell.values(.failed).values.contains { $0 > 0 } }

    /// The mean training loss at initialization (the same for every rate: same weights).
    static func initialLoss(_ r: StudyResults) -> Double? {
        r[S.sweep]?.cells.first.flatMap { cell in Summary(cell.seeds.compactMap { cell.runs[$0]?.epochs.first?.trainLoss })?.mean }
    }

    /// The fraction of the initial training loss a good rate must have removed within the budget.
    static let goodReduction = 0.75

    /// The good region of the sweep: the rates whose mean final training loss is at most a quarter
    /// of the initial loss (three quarters removed in the budget) with no failed seed. Its edges lie
    /// halfway (in log lr) to the neighbouring rates that are not good, since the sweep cannot place
    /// them closer; the region spans from the first good rate to the last.
    static func goodRegion(_ r: StudyResults) -> (low: Double, high: Double, rates: [Double], threshold: Double)? {
        guard let cells = r[S.sweep]?.cells.sorted(by: { ($0.cell.value ?? 0) < ($1.cell.value ?? 0) }), let start = initialLoss(r) else { return nil }
        let threshold = start * (1 - goodReduction), lrs = cells.map { $0.cell.value ?? .nan }
        let good = cells.indices.filter { !anyFailed(cells[$0]) && cells[$0].mean(.final(.trainLoss)) <= threshold }
        guard let first = good.first, let last = good.last else { return nil }
        func edge(_ i: Int, _ j: Int) -> Double { lrs.indices.contains(j) ? (lrs[i] * lrs[j]).squareRoot() : lrs[i] }
        return (edge(first, first - 1), edge(last, last + 1), good.map { lrs[$0] }, threshold)
    }

    /// The sweep figure's two panels: the rates below the good region, and the rest.
    static func sweepPanels(_ r: StudyResults, _ rates: Sweep<Float>) -> [(title: String, levels: [LevelHandle])] {
        let split = goodRegion(r).map { g in rates.values.filter { Double($0) < g.low }.count } ?? rates.values.count / 2
        return [("below the good region", Array(rates.levels[..<split])), ("the good region and above", Array(rates.levels[split...]))]
    }

    static func uShapeCaption(_ r: StudyResults) -> String {
        "Final training loss (left, log scale) and test accuracy (right) against the learning rate: mean over seeds with 95% CI, dots are seeds; ✕ marks a rate at which some seed failed (diverged, or ended above its starting loss)."
            + (goodRegion(r).map { " Shaded: the good region, rates whose mean final loss is at most a quarter of the initial loss (\(number: $0.threshold), dashed line) with no failed seed; its edges lie halfway, in log lr, to the first rates outside it." } ?? "")
            + " The vertical line is the range test's suggestion (mean over seeds)."
    }

    /// The U shape's marks: the good region, failed rates, the loss thresholds, the suggestion.
    static func decorateUShape(_ axes: Axes, _ measure: Measure, _ r: StudyResults) {
        let loss = measure.quantity.name == Quantity.final(.trainLoss).name, start = initialLoss(r) ?? 2.3
        let region = goodRegion(r)
        if let region { axes.verticalSpan(region.low...region.high, label: "good region") }
        let failedX = r[S.sweep]?.cells.filter(anyFailed).compactMap(\.cell.value) ?? []
        if !failedX.isEmpty {
            axes.scatter(x: failedX, y: failedX.map { _ in loss ? start * 1.6 : 5 }, label: "failed", color: FigureStyle.failure, marker: .cross, size: 9, alpha: 1)
        }
        if loss, let region {
            axes.horizontalLine(at: region.threshold, label: "¼ of the initial loss", color: .gray, dash: .dashed)
            axes.horizontalLine(at: start, label: "initial loss", color: .gray, dash: .dotted)
            axes.yAxis.max = start * 2.2
        }
        if let s = r.summary(S.ramp, S.rangeTest.suggestion) {
            axes.verticalLine(at: pow(10, s.mean), label: loss ? "range-test suggestion" : nil, color: .ink, dash: .dashed)
        }
        axes.legend = loss ? .best : .none
        if !loss { axes.yAxis.min = 0 }
    }

    static func sweepProse(_ r: StudyResults, _ rates: Sweep<Float>, _ crawls: Claim) -> String {
        guard let first = r[rates.first], let last = r[rates.last], let start = initialLoss(r) else { return "The sweep has no results yet." }
        var parts = ["Every run starts at a training loss of \(number: start) (ln 10 ≈ 2.30 is chance for ten classes)."]
        parts.append("At lr \(first.label) the loss ends at \(number: first.mean(.final(.trainLoss))) — \(percent: first.mean(.lossReduction), digits: 2) lower — and test accuracy at \(percent: first.mean(.final(.testAccuracy)))"
            + r.reading(crawls, supported: ": the network has hardly left its initialization.", contradicted: ": even the smallest rate moves the loss by more than 5% here.",
                        inconclusive: "; the seeds do not settle whether that is less than 5% (see the claim above)."))
        if let region = goodRegion(r) {
            let good = rates.levels.filter { region.rates.contains(r[$0]?.cell.value ?? .nan) }
            let best = good.min { r.mean($0, .final(.trainLoss)) < r.mean($1, .final(.trainLoss)) }!
            parts.append("The good region — rates that removed at least three quarters of the initial loss (final loss at most \(number: region.threshold)) with no seed failing — holds lr \(good.map(\.label).joined(separator: ", ")); the lowest final loss, \(number: r.mean(best, .final(.trainLoss))), is at lr \(best) with \(percent: r.mean(best, .final(.testAccuracy))) test accuracy.")
            let spread = good.compactMap { l in r.summary(l, .final(.trainLoss)).map { (l, $0) } }
            if spread.count >= 2, let top = spread.last, top.1.sd >= (spread.map(\.1.sd).max() ?? 0) {
                parts.append("At its top end (lr \(top.0)) the seeds disagree most: final loss \(number: top.1.mean) ± \(number: top.1.sd), the noise of steps that are nearly too large.")
            }
        }
        let failedSeeds = last.values(.failed).filter { $0.value > 0 }.keys.sorted()
        if failedSeeds.isEmpty {
            parts.append("Even lr \(last.label) trains in every seed here: the sweep found no upper limit.")
        } else {
            let how = failedSeeds.map { seed -> String in
                let run = last.runs[seed]!
                if run.status == .diverged { return "seed \(seed) reached a non-finite loss at step \(run.divergedAtStep ?? 0)" }
                return "seed \(seed) spiked to a loss of \(number: run.steps.map(\.loss).filter(\.isFinite).max() ?? .nan) and ended at \(number: run.final?.trainLoss ?? .nan), no better than chance (its ReLUs died)"
            }
            parts.append("At lr \(last.label), \(failedSeeds.count) of \(last.runs.count) seeds failed: \(how.joined(separator: "; ")).")
        }
        return parts.joined(separator: " ")
    }

    static func rangeTestProse(_ r: StudyResults, above: Claim, below: Claim) -> String {
        guard let cell = r[S.ramp] else { return "The range test has no results yet." }
        let tests = cell.seeds.map { S.rangeTest.result(cell.runs[$0]!) }
        let steep = tests.compactMap(\.steepestBeforeMinimumLR), minimum = tests.compactMap(\.minimumLossLR)
        let fastai = tests.compactMap(\.steepestDescentLR), stopped = tests.filter(\.diverged).compactMap(\.learningRates.last)
        let list = { (v: [Double]) in v.map { Format.number($0) }.joined(separator: ", ") }, factor = S.rangeTest.config.divergenceFactor
        var text = "Over the \(spelled: cell.seeds.count) seeds the smoothed loss falls fastest, on its way down, at lr \(list(steep)), and is lowest at lr \(list(minimum)) (so the minimum ÷ 10 suggests \(list(minimum.map { $0 / 10 })))."
        if zip(fastai, steep).contains(where: { $0 != $1 }) {
            text += " fastai's unrestricted `steep` says \(list(fastai)): where it differs, it picked a fall after the minimum — the loss recovering from a spike at a rate already too large."
        }
        text += " fastai's `valley` suggests \(list(tests.compactMap(\.valleyLR)))."
        if !stopped.isEmpty { text += " The test stopped at lr \(list(stopped)), where the smoothed loss passed \(number: factor)× its best." }
        guard let region = goodRegion(r), let s = Summary(steep.map(log10))?.mean, let m = Summary(minimum.map { log10($0 / 10) })?.mean else { return text }
        let (lr, lm) = (pow(10, s), pow(10, m)), inside = { (x: Double) in x >= region.low && x <= region.high }
        let (a, b) = (r.outcome(above), r.outcome(below))
        let sweepRuns = r[S.sweep]?.cells.count ?? 0, batches = Double(S.epochs(r.profile) * S.stepsPerEpoch * sweepRuns)
        text += " The sweep's good region spans \(number: region.low) to \(number: region.high); the mean suggestion, \(number: lr), lies \(inside(lr) ? "inside it" : "outside it") (\(steep.filter(inside).count) of \(steep.count) seeds' suggestions do)"
        text += a.verdict == .supported && b.verdict == .supported
            ? ", so one \(S.rangeTest.config.steps)-batch run found what the \(sweepRuns)-rate sweep found with \(ratio: batches / Double(S.rangeTest.config.steps)) the batches."
            : "; paired over the seeds, the claims above find it above the region's lower edge (\(a.word)) and below its upper edge (\(b.word))."
        return text + " The more cautious minimum ÷ 10 (\(number: lm)) lies \(inside(lm) ? "inside" : "outside") the region."
    }

    static func schedulesProse(_ r: StudyResults) -> String {
        guard let exp = r[S.scheduled], let constant = r[S.constant] else { return "The schedules have no results yet." }
        let loss = { (c: CellResults) in c.mean(.final(.trainLoss)) }, acc = { (c: CellResults) in c.mean(.final(.testAccuracy)) }
        let others = exp.cells.filter { $0.label != constant.label && loss($0).isFinite }
        guard let best = others.min(by: { loss($0) < loss($1) }), let bestAcc = exp.cells.max(by: { acc($0) < acc($1) }) else { return "No schedule finished." }
        let beat = others.filter { loss($0) < loss(constant) }.map(\.label)
        let supported = r.outcomes(r.claims(about: .logFinal(.trainLoss), in: S.scheduled)).levels(.supported)
        let testLossRise = best.mean(.final(.testLoss)) - constant.mean(.final(.testLoss))
        return "The constant rate ends at a training loss of \(number: loss(constant)) and \(percent: acc(constant)) test accuracy. "
            + "\(beat.count) of \(others.count) schedules end lower on average" + (beat.isEmpty ? "." : " (\(beat.joined(separator: ", "))).")
            + (supported.count == others.count ? " Paired over the seeds, the claims above support every one of them." : " Paired over the seeds, the claims above support \(supported.count) of them\(supported.isEmpty ? "" : " (\(supported.joined(separator: ", ")))").")
            + " The lowest is \(best.label): \(number: loss(best)) (\(ratio: loss(constant) / loss(best)) below constant) with \(percent: acc(best)) test accuracy."
            + " The best final test accuracy is \(bestAcc.label)'s, \(percent: acc(bestAcc))"
            + (testLossRise > 0 ? "; a schedule that drives the training loss lowest also lets the network fit its \(count: r.facts(S.scheduled).data?.train ?? 0) samples more closely, and its test loss ends \(testLossRise, digits: 2) higher than constant's — a lower training loss is not automatically a better model." : ".")
    }
}
