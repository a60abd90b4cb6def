import DLCore
import DLPlot
import DLStudy
import Foundation

/// The numbers the regularizers study reads from its records, and the figure no stock figure
/// draws: early stopping set on its own trajectory.
enum RegularizersAnalysis {
    typealias S = RegularizersStudy

    /// The weight-statistics probe lists one value per weight matrix and then the total; these
    /// read the total (every weight-matrix entry).
    static let nearZeroTotal = Quantity.probeTotal("weights.near_zero", name: "near-zero (|w| < 10⁻³)")
    static let normTotal = Quantity.probeTotal("weights.l2", name: "‖w‖₂")

    static let tableQuantities: [Quantity] = [
        .final(.trainLoss), .final(.testLoss), .final(.testAccuracy), .best(.testAccuracy),
        Quantity.final(.generalizationGap).named("gap"),
        nearZeroTotal, normTotal, .epochs,
    ]

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

    static func earlyStops(_ r: StudyResults) -> [EarlyStop] {
        guard let es = r[S.earlyLevel], let none = r[S.noneLevel] else { return [] }
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
        let figure = Figure(width: 880, height: 300, rows: 1, columns: stops.count, sharedY: true)
        (figure.xLabel, figure.sharedLegend) = ("epoch", true)
        let horizon = Double(min(S.epochs(r.profile), max(60, 3 * (stops.map(\.stopped).max() ?? 20))))
        for (k, stop) in stops.enumerated() {
            let axes = figure.panels[k]
            axes.title = "seed \(stop.seed)"
            if k == 0 { axes.yAxis.label = "loss" }
            guard let run = none.runs[stop.seed] else { continue }
            for metric in [Metric.validationLoss, .testLoss] {
                let pts = run.epochs.filter { Double($0.epoch) <= horizon }.compactMap { row in row.value(metric).map { (Double(row.epoch), $0) } }
                axes.line(x: pts.map(\.0), y: pts.map(\.1), label: metric.label, color: FigureStyle.color(metric), width: 1.5)
            }
            axes.verticalLine(at: Double(stop.restored), label: k == 0 ? "restored epoch" : nil, color: .ink, dash: .solid)
            axes.verticalLine(at: Double(stop.stopped), label: k == 0 ? "stopped" : nil, color: .ink, dash: .dotted)
            axes.scatter(x: [Double(stop.noneMinimumEpoch)], y: [stop.noneMinimum], label: k == 0 ? "lowest test loss" : nil,
                         color: FigureStyle.color(.testLoss), size: 8, alpha: 1)
            (axes.xAxis.min, axes.xAxis.max) = (0, horizon)
        }
        return figure
    }
}
