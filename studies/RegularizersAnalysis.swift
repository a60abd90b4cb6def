import DLCore
import DLPlot
import DLStudy
import Foundation

/// The numbers the regularizers study reads from its records: the levels it compares (chosen on
/// validation), L1 and L2 matched by accuracy, and the figure no stock figure draws: early
/// stopping set on its own trajectory.
enum RegularizersAnalysis {
    typealias S = RegularizersStudy

    /// The weight-statistics probe lists one value per weight matrix and then the total; these
    /// read the total (every weight-matrix entry).
    static let nearZeroTotal = Quantity.probeTotal("weights.near_zero", name: "near-zero (|w| < 10⁻³)")
    static let normTotal = Quantity.probeTotal("weights.l2", name: "‖w‖₂")
    /// The fraction of weights at or above the near-zero threshold (the sparsity figure's x).
    static let weightsAbove = Quantity.custom("weights with |w| ≥ 10⁻³") { record in
        nearZeroTotal.value(record).map { 1 - $0 }
    }

    static let tableQuantities: [Quantity] = [
        S.tuning.score.named("val. acc. (chooses)"), S.testChosen, S.chosenEpoch, S.trainLossChosen, S.finalGap, nearZeroTotal, normTotal,
    ]

    /// Every tuned regularizer at its chosen strength, in the tuning's order.
    static func chosen(_ r: StudyResults) -> [LevelHandle] { S.tuning.groups.compactMap { S.tuning.chosen($0, in: r) } }

    /// The levels the comparison figures show: none, each regularizer at its chosen strength,
    /// and twice the data.
    static func compared(_ r: StudyResults) -> [LevelHandle] { [S.noneLevel] + chosen(r) + [S.sizeLevel(2000)] }

    /// The regularizer (at its chosen strength) with the highest mean validation score.
    static let bestRegularizer = best(among: S.tuning.groups)
    /// The same among those that change the model rather than the data (L2, L1, dropout).
    static let bestModelRegularizer = best(among: [S.l2, S.l1, S.dropout])

    static func best(among groups: [String]) -> LevelChoice {
        LevelChoice(placeholder: S.tuning.cells(groups[0])[0]) { r in
            let picks = groups.compactMap { S.tuning.chosen($0, in: r) }
            return Tuning.best(picks.map { r.mean($0, S.tuning.score) }, higherIsBetter: true).map { picks[$0] }
        }
    }

    /// An L1 and an L2 strength of similar accuracy: among the pairs whose mean validation
    /// scores differ by at most `S.matchMargin`, the most accurate (the higher of the two
    /// scores' minimum; the first in grid order on a tie); without such a pair, the closest.
    static func matchedPair(_ r: StudyResults) -> (l1: LevelHandle, l2: LevelHandle, difference: Double)? {
        let (c1, c2) = (S.tuning.cells(S.l1), S.tuning.cells(S.l2))
        let (s1, s2) = (S.tuning.scores(S.l1, in: r), S.tuning.scores(S.l2, in: r))
        var within: (i: Int, j: Int, key: Double)?, closest: (i: Int, j: Int, d: Double)?
        for i in s1.indices where s1[i].isFinite {
            for j in s2.indices where s2[j].isFinite {
                let d = abs(s1[i] - s2[j]), key = min(s1[i], s2[j])
                if d <= S.matchMargin, within == nil || key > within!.key { within = (i, j, key) }
                if closest == nil || d < closest!.d { closest = (i, j, d) }
            }
        }
        if let w = within { return (c1[w.i], c2[w.j], s1[w.i] - s2[w.j]) }
        return closest.map { (c1[$0.i], c2[$0.j], s1[$0.i] - s2[$0.j]) }
    }

    /// The matched L1 or L2 cell, for `Claim.chosen`.
    static func matched(_ group: String) -> LevelChoice {
        LevelChoice(placeholder: S.tuning.cells(group)[0]) { r in
            matchedPair(r).map { group == S.l1 ? $0.l1 : $0.l2 }
        }
    }

    /// The histogram panels: none and the matched pair (L2 first, in the colors of the other figures).
    static func matchedLevels(_ r: StudyResults) -> [LevelHandle] {
        [S.noneLevel] + (matchedPair(r).map { [$0.l2, $0.l1] } ?? [])
    }

    /// The epoch of the lowest test loss (1-based; row 0 is the initialization).
    static func epochOfMinimum(_ record: RunRecord, _ metric: Metric = .testLoss) -> (epoch: Int, value: Double)? {
        let rows = record.epochs.compactMap { row in row.value(metric).flatMap { $0.isFinite ? (row.epoch, $0) : nil } }
        return rows.min { $0.1 < $1.1 }.map { (epoch: $0.0, value: $0.1) }
    }

    /// Early stopping per seed, set against the unregularized run of the same seed.
    struct EarlyStop {
        let seed: UInt64
        /// The epoch whose weights were restored, and the epoch training stopped at.
        let restored: Int
        let stopped: Int
        let restoredTestLoss: Double
        let restoredTestAccuracy: Double
        /// The unregularized run's lowest test loss and its epoch.
        let noneMinimumEpoch: Int
        let noneMinimum: Double
        let noneFinalTestLoss: Double
        /// restored test loss ÷ none's minimum − 1.
        var excess: Double { restoredTestLoss / noneMinimum - 1 }
    }

    /// The early-stopping runs at the chosen patience against the unregularized runs.
    static func earlyStops(_ r: StudyResults) -> [EarlyStop] {
        guard let level = S.tuning.chosen(S.early, in: r) else { return [] }
        return earlyStops(r, level)
    }

    static func earlyStops(_ r: StudyResults, _ level: LevelHandle) -> [EarlyStop] {
        guard let es = r[level], let none = r[S.noneLevel] else { return [] }
        return es.seeds.compactMap { seed in
            guard let run = es.runs[seed], let base = none.runs[seed], let final = run.final,
                  let restored = run.bestEpoch, let m = epochOfMinimum(base) else { return nil }
            return EarlyStop(seed: seed, restored: restored, stopped: run.epochs.last?.epoch ?? 0,
                             restoredTestLoss: final.testLoss ?? .nan, restoredTestAccuracy: final.testAccuracy ?? .nan,
                             noneMinimumEpoch: m.epoch, noneMinimum: m.value,
                             noneFinalTestLoss: base.final?.testLoss ?? .nan)
        }
    }

    /// One panel per seed: the unregularized run's validation and test loss, the epoch early
    /// stopping restored and the one it stopped at, and the lowest test loss.
    static func earlyStopping(_ r: StudyResults) -> Figure {
        let stops = earlyStops(r)
        guard let none = r[S.noneLevel], !stops.isEmpty else { return Figure() }
        let columns = min(stops.count, 3), rows = (stops.count + columns - 1) / columns
        let figure = Figure(width: 260 * Double(columns) + 100, height: 230 * Double(rows) + 60, rows: rows, columns: columns, sharedY: true)
        (figure.xLabel, figure.sharedLegend) = ("epoch", true)
        let horizon = Double(min(S.epochs(r.profile), max(60, 3 * (stops.map(\.stopped).max() ?? 20))))
        for (k, stop) in stops.enumerated() {
            let axes = figure.panels[k]
            axes.title = "seed \(stop.seed)"
            if k % columns == 0 { axes.yAxis.label = "loss" }
            guard let run = none.runs[stop.seed] else { continue }
            for metric in [Metric.validationLoss, .testLoss] {
                let pts = run.epochs.filter { Double($0.epoch) <= horizon }.compactMap { row in row.value(metric).map { (Double(row.epoch), $0) } }
                axes.line(x: pts.map(\.0), y: pts.map(\.1), label: k == 0 ? metric.label : nil, color: FigureStyle.color(metric), width: 1.5)
            }
            axes.verticalLine(at: Double(stop.restored), label: k == 0 ? "restored epoch" : nil, color: .ink, dash: .solid)
            axes.verticalLine(at: Double(stop.stopped), label: k == 0 ? "stopped" : nil, color: .ink, dash: .dotted)
            axes.scatter(x: [Double(stop.noneMinimumEpoch)], y: [stop.noneMinimum], label: k == 0 ? "lowest test loss" : nil,
                         color: FigureStyle.color(.testLoss), size: 8, alpha: 1)
            (axes.xAxis.min, axes.xAxis.max) = (0, horizon)
        }
        for k in stops.count..<(rows * columns) { figure.panels[k].isHidden = true }
        return figure
    }
}
