import DLCore
import DLStudy
import Foundation

/// The numbers the lr study derives from its records: the sweep's good region, the range test's
/// suggestion, and per-run progress.
enum LearningRateAnalysis {
    /// "0.0003", "0.1", "10": the rate as written in the sweep.
    static func label(_ lr: Float) -> String { String(format: "%g", Double(lr)) }

    /// A constant of the setup as one would write it: 0.1, 0.98, 1e-05 → "10⁻⁵" for powers of ten.
    static func short(_ x: Double) -> String {
        let e = log10(x)
        if x > 0, e == e.rounded(), abs(e) >= 4 {
            let digits = Array("⁰¹²³⁴⁵⁶⁷⁸⁹")
            let exponent = String(abs(Int(e))).map { digits[Int(String($0))!] }
            return "10" + (e < 0 ? "⁻" : "") + String(exponent)
        }
        return String(format: "%g", x)
    }

    /// Relative fall of the full training loss from initialization to the end:
    /// 1 − final/initial (0 = no progress; nil for a diverged run).
    static let progress = Quantity.custom("loss reduction (1 − final/initial)") { record in
        guard record.status != .diverged, let start = record.epochs.first?.trainLoss,
              let end = record.final?.trainLoss, start > 0, end.isFinite else { return nil }
        return 1 - end / start
    }

    /// log₁₀ of the final training loss: losses that span orders of magnitude are compared as
    /// ratios (a paired difference of −1 means ten times lower).
    static let logFinalLoss = Quantity.custom("log₁₀ final train loss") { record in
        guard record.status != .diverged, let end = record.final?.trainLoss, end > 0, end.isFinite else { return nil }
        return log10(end)
    }

    /// 1 when the run failed — its loss became NaN/∞, or it ended above where it started (a
    /// spike that killed the ReLUs leaves a finite but useless network) — else 0.
    static let failed = Quantity.custom("failed (diverged or ended above its start)") { record in
        if record.status == .diverged { return 1 }
        guard let start = record.epochs.first?.trainLoss, let end = record.final?.trainLoss, end.isFinite else { return 1 }
        return end >= start ? 1 : 0
    }

    /// The range test of one run: its recorded minibatch losses replayed through `LRRangeTest`
    /// (a non-finite loss, which ends the run, counts as the last point).
    static func rangeTest(_ record: RunRecord) -> LRRangeTestResult {
        var losses = record.steps.map(\.loss)
        if record.status == .diverged { losses.append(.infinity) }
        return LRRangeTest.replay(losses, config: LearningRateStudy.rangeTest)
    }

    /// The study's suggestion, in log₁₀: steepest descent up to the loss minimum.
    static let suggestion = Quantity.custom("range-test suggestion (log₁₀ lr)") { record in
        rangeTest(record).steepestBeforeMinimumLR.map(log10)
    }

    /// Every suggestion the range test makes, as rates, for the table.
    static let suggestions: [Quantity] = [
        .custom("steepest descent before the minimum") { rangeTest($0).steepestBeforeMinimumLR },
        .custom("fastai steep") { rangeTest($0).steepestDescentLR },
        .custom("fastai valley") { rangeTest($0).valleyLR },
        .custom("smallest loss ÷ 10") { rangeTest($0).minimumOverTenLR },
        .custom("smallest loss") { rangeTest($0).minimumLossLR },
    ]

    /// Each swept rate with its mean final training loss over seeds (nil when any seed failed).
    static func sweep(_ r: StudyResults) -> [(lr: Double, finalLoss: Double?)] {
        guard let exp = r["sweep"] else { return [] }
        return exp.cells.map { cell in
            let anyFailed = cell.values(failed).values.contains { $0 > 0 }
            return (cell.cell.value ?? .nan, anyFailed ? nil : cell.summary(.final(.trainLoss))?.mean)
        }
    }

    /// The mean training loss at initialization (the same for every rate: same weights).
    static func initialLoss(_ r: StudyResults) -> Double? {
        r["sweep"]?.cells.first.map { cell in cell.seeds.compactMap { cell.runs[$0]?.epochs.first?.trainLoss } }?.mean
    }

    /// The fraction of the initial training loss a good rate must have removed within the budget.
    static let goodReduction = 0.75

    /// The good region of the sweep: the rates whose mean final training loss is at most a quarter
    /// of the initial loss (three quarters removed in the budget) with no failed seed. Its edges lie
    /// halfway (in log lr) to the neighbouring rates that are not good, since the sweep cannot place
    /// them closer; the region spans from the first good rate to the last.
    static func goodRegion(_ r: StudyResults) -> (low: Double, high: Double, rates: [Double], threshold: Double)? {
        let levels = sweep(r).sorted { $0.lr < $1.lr }
        guard let start = initialLoss(r) else { return nil }
        let threshold = start * (1 - goodReduction)
        let good = levels.indices.filter { levels[$0].finalLoss.map { $0 <= threshold } ?? false }
        guard let first = good.first, let last = good.last else { return nil }
        func edge(_ i: Int, _ j: Int) -> Double {
            guard levels.indices.contains(j) else { return levels[i].lr }
            return (levels[i].lr * levels[j].lr).squareRoot()
        }
        return (edge(first, first - 1), edge(last, last + 1), good.map { levels[$0].lr }, threshold)
    }
}

extension Array where Element == Double {
    var mean: Double? { isEmpty ? nil : reduce(0, +) / Double(count) }
}
