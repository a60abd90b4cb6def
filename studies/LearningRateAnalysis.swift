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
        parts.append("At lr \(first.label) the loss ends at \(number: first.mean(.final(.trainLoss))) — \(percent: first.mean(.lossReduction), digits: 2) lower — and test accuracy at the validation-chosen epoch is \(percent: first.mean(S.chosenTest))"
            + r.reading(crawls, supported: ": the network has hardly left its initialization.", contradicted: ": even the smallest rate moves the loss by more than 5% here.",
                        inconclusive: "; the seeds do not settle whether that is less than 5% (see the claim above)."))
        if let region = goodRegion(r) {
            let good = rates.levels.filter { region.rates.contains(r[$0]?.cell.value ?? .nan) }
            let best = good.min { r.mean($0, .final(.trainLoss)) < r.mean($1, .final(.trainLoss)) }!
            parts.append("The good region — rates that removed at least three quarters of the initial loss (final loss at most \(number: region.threshold)) with no seed failing — holds lr \(good.map(\.label).joined(separator: ", ")); the lowest final loss, \(number: r.mean(best, .final(.trainLoss))), is at lr \(best) with \(percent: r.mean(best, S.chosenTest)) test accuracy.")
            let spread = good.compactMap { l in r.summary(l, .final(.trainLoss)).map { (l, $0) } }
            if spread.count >= 2, let top = spread.last, top.1.sd >= (spread.map(\.1.sd).max() ?? 0) {
                parts.append("At its top end (lr \(top.0)) the seeds disagree most: final loss \(number: top.1.mean) ± \(number: top.1.sd), the noise of steps that are nearly too large.")
            }
        }
        parts.append(deadUnitsProse(r, rates))
        let diverging = rates.levels.compactMap { r[$0] }.filter { !$0.diverged.isEmpty }
        if !diverging.isEmpty {
            parts.append("Diverged: \(Format.list(diverging.map { "\($0.diverged.count) of \($0.runs.count) seeds at lr \($0.label)" })) — their curves above are drawn seed by seed, and a mean in the table over fewer seeds says so.")
        }
        let failedSeeds = last.values(.failed).filter { $0.value > 0 }.keys.sorted()
        if failedSeeds.isEmpty {
            parts.append("Even lr \(last.label) trains in every seed here: the sweep found no upper limit.")
        } else {
            let how = failedSeeds.map { seed -> String in
                let run = last.runs[seed]!
                if run.status == .diverged { return "seed \(seed) reached a non-finite loss at step \(run.divergedAtStep ?? 0)" }
                let dead = run.probes["dead_units.count"]?.first.map { ", with \(Int($0)) of \(S.hiddenUnits) hidden units dead" } ?? ""
                return "seed \(seed) spiked to a loss of \(number: run.steps.map(\.loss).filter(\.isFinite).max() ?? .nan) and ended at \(number: run.final?.trainLoss ?? .nan), no better than chance\(dead)"
            }
            parts.append("At lr \(last.label), \(failedSeeds.count) of \(last.runs.count) seeds failed: \(how.joined(separator: "; ")).")
        }
        return parts.joined(separator: " ")
    }

    /// Dead ReLU units at the end, per rate, as measured (mean over the seeds that have the probe).
    static func deadUnitsProse(_ r: StudyResults, _ rates: Sweep<Float>) -> String {
        let measured = rates.levels.compactMap { level in r.summary(level, S.deadUnits).map { (level, $0) } }
        guard !measured.isEmpty else { return "No run has a dead-unit count." }
        let none = measured.filter { $0.1.max == 0 }.map(\.0.label), some = measured.filter { $0.1.max > 0 }
        var text = "Dead ReLU units — hidden units that output 0 on every one of the \(count: S.data(r.profile).trainSamples ?? 0) training samples at the end, so no gradient reaches them again — "
        text += some.isEmpty ? "are 0 of \(S.hiddenUnits) at every rate." : "are 0 of \(S.hiddenUnits) in every seed at lr \(Format.list(none)); at "
            + Format.list(some.map { "lr \($0.0.label), \(number: $0.1.mean) of \(S.hiddenUnits) on average (\(Int($0.1.min))–\(Int($0.1.max)) over \($0.1.n) seeds)" }) + "."
        return text
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
        let sweepRuns = r[S.sweep]?.cells.count ?? 0, batches = Double(S.epochs(r.profile) * S.stepsPerEpoch(r.profile) * sweepRuns)
        text += " The sweep's good region spans \(number: region.low) to \(number: region.high); the mean suggestion, \(number: lr), lies \(inside(lr) ? "inside it" : "outside it") (\(steep.filter(inside).count) of \(steep.count) seeds' suggestions do)"
        text += a.verdict == .supported && b.verdict == .supported
            ? ", so one \(S.rangeTest.config.steps)-batch run found what the \(sweepRuns)-rate sweep found with \(ratio: batches / Double(S.rangeTest.config.steps)) the batches."
            : "; paired over the seeds, the claims above find it above the region's lower edge (\(a.word)) and below its upper edge (\(b.word))."
        return text + " The more cautious minimum ÷ 10 (\(number: lm)) lies \(inside(lm) ? "inside" : "outside") the region."
    }

    /// The tuning: budget, grid, each schedule's chosen peak (and whether it is an end of the grid).
    static func tuningProse(_ r: StudyResults, _ t: Tuning) -> String {
        let picks = t.groups.map { g -> String in
            guard let rate = t.chosenRate(g, in: r), let level = t.chosen(g, in: r) else { return "\(g): no choice (no results)" }
            return "\(g) η₀ = \(Format.plain(Double(rate)))\(t.choseEdge(g, in: r) ? " (an end of the grid)" : "") — validation \(Format.percent(r.mean(level, S.chosenValidation))), test \(Format.percent(r.mean(level, S.chosenTest)))"
        }
        let edges = t.groups.filter { t.choseEdge($0, in: r) }
        let diverged = (r[S.scheduled]?.cells ?? []).filter { !$0.diverged.isEmpty }
        return "Chosen on validation: \(Format.list(picks))."
            + (edges.isEmpty ? " No choice lies at an end of the grid." : " For \(Format.list(edges)) the choice lies at an end of the grid, so a wider grid might choose differently there.")
            + (diverged.isEmpty ? " No tuning run diverged." : " Diverged (scored 0, so never chosen): \(Format.list(diverged.map { "\($0.diverged.count) of \($0.runs.count) seeds at \($0.label)" })).")
    }

    static func schedulesProse(_ r: StudyResults, _ t: Tuning, test: [Claim], train: [Claim], stepCosine: Claim, warmup: Claim) -> String {
        guard let constant = t.chosen("constant", in: r), r[constant] != nil else { return "The schedules have no results yet." }
        let others = Array(t.groups.dropFirst())
        func acc(_ g: String) -> Double { t.chosen(g, in: r).map { r.mean($0, S.chosenTest) } ?? .nan }
        func loss(_ g: String) -> Double { t.chosen(g, in: r).map { r.mean($0, .final(.trainLoss)) } ?? .nan }
        func named(_ claims: [Claim], _ verdict: PairedComparison.Verdict) -> [String] {
            zip(others, claims).filter { r.outcome($0.1).verdict == verdict }.map(\.0)
        }
        func verdicts(_ claims: [Claim]) -> String {
            let (s, c) = (named(claims, .supported), named(claims, .contradicted))
            let i = others.count - s.count - c.count
            return "supported for \(s.isEmpty ? "none" : Format.list(s)); contradicted for \(c.isEmpty ? "none" : Format.list(c)); inconclusive for \(i == 0 ? "none" : Format.list(others.filter { !s.contains($0) && !c.contains($0) }))"
        }
        let bestAcc = t.groups.max { acc($0) < acc($1) } ?? "constant", lowest = t.groups.min { loss($0) < loss($1) } ?? "constant"
        var text = "At its tuned peak the constant rate reaches \(percent: acc("constant")) test accuracy at the validation-chosen epoch and ends at a training loss of \(number: loss("constant")). "
        text += "Test accuracy at the chosen epoch: \(Format.list(others.map { "\($0) \(Format.percent(acc($0)))" })); the highest mean is \(bestAcc)'s. "
        text += "Paired over the seeds and Holm-adjusted, \"the schedule beats the tuned constant rate on test accuracy\" is \(verdicts(test)). "
        text += "On training loss the lowest is \(lowest)'s, \(number: loss(lowest)) (\(Format.list(others.map { "\($0) \(Format.number(loss($0)))" }))); \"the schedule ends lower than the tuned constant rate\" is \(verdicts(train)). "
        let (sc, wu) = (r.outcome(stepCosine), r.outcome(warmup))
        func interval(_ o: ClaimOutcome, _ difference: String) -> String {
            guard let d = o.test else { return "" }
            return " (paired difference, \(difference): \(Format.points(d.meanDifference)), 90% interval \(Format.points(d.intervalLow)) to \(Format.points(d.intervalHigh)))"
        }
        text += sc.reading(supported: "Step decay and cosine are equivalent within ±\(Format.points(S.accuracyMargin))\(interval(sc, "cosine − step")); ",
                           contradicted: "Step decay and cosine differ by more than \(Format.points(S.accuracyMargin))\(interval(sc, "cosine − step")); ",
                           inconclusive: "Whether step decay and cosine are within ±\(Format.points(S.accuracyMargin)) of each other the seeds do not settle\(interval(sc, "cosine − step")); ")
        text += wu.reading(supported: "the warm-up changes cosine's test accuracy by less than \(Format.points(S.accuracyMargin))\(interval(wu, "warm-up + cosine − cosine")).",
                           contradicted: "the warm-up changes cosine's test accuracy by more than \(Format.points(S.accuracyMargin))\(interval(wu, "warm-up + cosine − cosine")).",
                           inconclusive: "whether the warm-up changes cosine's test accuracy by less than \(Format.points(S.accuracyMargin)) is not settled\(interval(wu, "warm-up + cosine − cosine")).")
        let trainGap = loss("constant") / max(loss(lowest), 1e-12), testGap = acc(bestAcc) - acc("constant")
        text += lowest == "constant" ? " No schedule ends below the tuned constant rate's training loss."
            : " A lower training loss is not a better model: \(lowest)'s final training loss is \(Format.ratio(trainGap)) lower than the tuned constant rate's, while "
                + (bestAcc == "constant" ? "no schedule's mean test accuracy is above the constant rate's." : "the largest gain in mean test accuracy over it, \(bestAcc)'s, is \(Format.points(testGap)).")
        return text
    }
}
