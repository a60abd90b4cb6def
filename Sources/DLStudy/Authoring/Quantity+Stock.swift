import DLCore
import Foundation

/// Quantities more than one study needs, named once (their names appear in tables and claims).
extension Quantity {
    /// The fraction of the starting training loss a run removed: 1 − final/initial (0 = no
    /// progress; nil for a diverged run).
    public static let lossReduction = Quantity.custom("loss reduction (1 − final/initial)") { record in
        guard record.status != .diverged, let start = record.epochs.first?.trainLoss,
              let end = record.final?.trainLoss, start > 0, end.isFinite else { return nil }
        return 1 - end / start
    }

    /// 1 when the run failed — its loss became NaN/∞, or it ended above where it started (a
    /// spike that killed the ReLUs leaves a finite but useless network) — else 0.
    public static let failed = Quantity.custom("failed (diverged or ended above its start)") { record in
        if record.status == .diverged { return 1 }
        guard let start = record.epochs.first?.trainLoss, let end = record.final?.trainLoss, end.isFinite else { return 1 }
        return end >= start ? 1 : 0
    }

    /// How often the training loss spiked: evaluated epochs whose training loss is at least
    /// `factor` times the one before (nil for a diverged run). A mean curve over seeds shows
    /// such spikes as jagged lines, since the seeds spike at different epochs.
    public static func lossSpikes(factor: Double = 1.5) -> Quantity {
        .custom("training-loss spikes (×\(Format.plain(factor)) from one epoch to the next)") { record in
            guard record.status != .diverged else { return nil }
            let losses = record.epochs.compactMap(\.trainLoss)
            return Double(zip(losses, losses.dropFirst()).filter { $1 >= factor * $0 }.count)
        }
    }

    /// log₁₀ of a final metric, for values that span orders of magnitude: a paired difference
    /// of −1 means ten times lower (nil for a diverged run or a non-positive value).
    public static func logFinal(_ metric: Metric) -> Quantity {
        .custom("log₁₀ final \(metric.label)") { record in
            guard record.status != .diverged, let v = record.final?.value(metric), v > 0, v.isFinite else { return nil }
            return log10(v)
        }
    }

    /// The last entry of a probe that lists one value per layer and then the total (weight
    /// statistics), under a name of its own.
    public static func probeTotal(_ key: String, name: String) -> Quantity {
        .custom(name) { $0.probes[key]?.last }
    }

    /// The same values under another name (a shorter table header).
    public func named(_ name: String) -> Quantity {
        let q = self
        return .custom(name) { q.value($0) }
    }
}
