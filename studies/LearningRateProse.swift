import DLCore
import DLStudy
import Foundation

/// The lr study's sentences, written from the measured numbers.
enum LearningRateProse {
    static func mean(_ cell: CellResults?, _ q: Quantity) -> Double { cell?.summary(q)?.mean ?? .nan }

    static func sweep(_ r: StudyResults) -> String {
        guard let exp = r["sweep"], let first = exp.cells.first, let last = exp.cells.last,
              let start = LearningRateAnalysis.initialLoss(r) else { return "The sweep has no results yet." }
        var parts: [String] = []
        parts.append("Every run starts at a training loss of \(formatNumber(start)) (ln 10 ≈ 2.30 is chance for ten classes).")
        let fall = 100 * mean(first, LearningRateAnalysis.progress)
        parts.append("At lr \(first.label) the loss ends at \(formatNumber(mean(first, .final(.trainLoss)))) — \(formatNumber(fall, digits: 2))% lower — and test accuracy at \(formatNumber(100 * mean(first, .final(.testAccuracy))))%: the network has hardly left its initialization.")
        if let region = LearningRateAnalysis.goodRegion(r) {
            let good = exp.cells.filter { region.rates.contains($0.cell.value ?? .nan) }
            let best = good.min { mean($0, .final(.trainLoss)) < mean($1, .final(.trainLoss)) }
            let rates = good.map(\.label).joined(separator: ", ")
            parts.append("The good region — rates that removed at least three quarters of the initial loss (final loss at most \(formatNumber(region.threshold))) with no seed failing — holds lr \(rates); the lowest final loss, \(formatNumber(mean(best, .final(.trainLoss)))), is at lr \(best?.label ?? "?") with \(formatNumber(100 * mean(best, .final(.testAccuracy))))% test accuracy.")
            let spread = good.compactMap { c in c.summary(.final(.trainLoss)).map { (c, $0) } }
            if spread.count >= 2, let top = spread.last, top.1.sd >= (spread.map(\.1.sd).max() ?? 0) {
                parts.append("At its top end (lr \(top.0.label)) the seeds disagree most: final loss \(formatNumber(top.1.mean)) ± \(formatNumber(top.1.sd)), the noise of steps that are nearly too large.")
            }
        }
        let failures = last.values(LearningRateAnalysis.failed)
        let failedSeeds = failures.filter { $0.value > 0 }.keys.sorted()
        if failedSeeds.isEmpty {
            parts.append("Even lr \(last.label) trains in every seed here: the sweep found no upper limit.")
        } else {
            let how = failedSeeds.map { seed -> String in
                let run = last.runs[seed]!
                if run.status == .diverged { return "seed \(seed) reached a non-finite loss at step \(run.divergedAtStep ?? 0)" }
                let peak = run.steps.map(\.loss).filter(\.isFinite).max() ?? .nan
                return "seed \(seed) spiked to a loss of \(formatNumber(peak)) and ended at \(formatNumber(run.final?.trainLoss ?? .nan)), no better than chance (its ReLUs died)"
            }
            parts.append("At lr \(last.label), \(failedSeeds.count) of \(failures.count) seeds failed: \(how.joined(separator: "; ")).")
        }
        return parts.joined(separator: " ")
    }

    static func rangeTest(_ r: StudyResults) -> String {
        guard let cell = r["range-test"]?.cells.first else { return "The range test has no results yet." }
        let tests = cell.seeds.map { LearningRateAnalysis.rangeTest(cell.runs[$0]!) }
        let steep = tests.compactMap(\.steepestBeforeMinimumLR), minimum = tests.compactMap(\.minimumLossLR)
        let fastai = tests.compactMap(\.steepestDescentLR), valley = tests.compactMap(\.valleyLR)
        let list = { (v: [Double]) in v.map { formatNumber($0) }.joined(separator: ", ") }
        var text = "Over the three seeds the smoothed loss falls fastest, on its way down, at lr \(list(steep)), and is lowest at lr \(list(minimum)) (so the minimum ÷ 10 suggests \(list(minimum.map { $0 / 10 })))."
        if zip(fastai, steep).contains(where: { $0 != $1 }) {
            text += " fastai's unrestricted `steep` says \(list(fastai)): where it differs, it picked a fall after the minimum — the loss recovering from a spike at a rate already too large."
        }
        text += " fastai's `valley` suggests \(list(valley))."
        let stopped = tests.filter(\.diverged).compactMap(\.learningRates.last)
        if !stopped.isEmpty { text += " The test stopped at lr \(list(stopped)), where the smoothed loss passed \(formatNumber(LearningRateStudy.rangeTest.divergenceFactor))× its best." }
        if let region = LearningRateAnalysis.goodRegion(r), let s = steep.map(log10).mean {
            let lr = pow(10, s)
            let inside = lr >= region.low && lr <= region.high
            let seedsInside = steep.filter { $0 >= region.low && $0 <= region.high }.count
            text += " The sweep's good region spans \(formatNumber(region.low)) to \(formatNumber(region.high)); the mean suggestion, \(formatNumber(lr)), lies \(inside ? "inside it" : "outside it") (\(seedsInside) of \(steep.count) seeds' suggestions do)"
            text += inside && seedsInside == steep.count ? ", so one \(LearningRateStudy.rangeTest.steps)-batch run found what the \(r["sweep"]?.cells.count ?? 0)-rate sweep found with \(formatNumber(Double(LearningRateStudy.epochs(r.profile) * LearningRateStudy.stepsPerEpoch * (r["sweep"]?.cells.count ?? 0)) / Double(LearningRateStudy.rangeTest.steps), digits: 2))× the batches." : "."
            if let m = minimum.map({ log10($0 / 10) }).mean {
                let lm = pow(10, m)
                text += " The more cautious minimum ÷ 10 (\(formatNumber(lm))) lies \(lm >= region.low && lm <= region.high ? "inside" : "outside") the region."
            }
        }
        return text
    }

    static func schedules(_ r: StudyResults) -> String {
        guard let exp = r["schedules"], let constant = exp["constant"] else { return "The schedules have no results yet." }
        let c = mean(constant, .final(.trainLoss)), cAcc = 100 * mean(constant, .final(.testAccuracy))
        let others = exp.cells.dropFirst().filter { mean($0, .final(.trainLoss)).isFinite }
        guard let best = others.min(by: { mean($0, .final(.trainLoss)) < mean($1, .final(.trainLoss)) }) else {
            return "No schedule finished."
        }
        let beat = others.filter { mean($0, .final(.trainLoss)) < c }.map(\.label)
        var text = "The constant rate ends at a training loss of \(formatNumber(c)) and \(formatNumber(cAcc))% test accuracy. "
        text += "\(beat.count) of \(others.count) schedules end lower"
        text += beat.isEmpty ? "." : " (\(beat.joined(separator: ", ")))."
        text += " The lowest is \(best.label): \(formatNumber(mean(best, .final(.trainLoss)))) (\(formatNumber(c / mean(best, .final(.trainLoss)), digits: 2))× below constant) with \(formatNumber(100 * mean(best, .final(.testAccuracy))))% test accuracy."
        let bestAcc = exp.cells.max { mean($0, .final(.testAccuracy)) < mean($1, .final(.testAccuracy)) }
        if let bestAcc {
            text += " The best final test accuracy is \(bestAcc.label)'s, \(formatNumber(100 * mean(bestAcc, .final(.testAccuracy))))%"
            let testLossRise = mean(best, .final(.testLoss)) - mean(constant, .final(.testLoss))
            text += testLossRise > 0
                ? "; a schedule that drives the training loss lowest also lets the network fit its 4000 samples more closely, and its test loss ends \(formatNumber(testLossRise, digits: 2)) higher than constant's — a lower training loss is not automatically a better model."
                : "."
        }
        text += " The claims below compare each schedule with constant seed by seed."
        return text
    }
}
