/// `ReduceLROnPlateau`, per epoch, observing `monitor` (PyTorch's defaults; see
/// `ReduceLROnPlateau` for the exact rule). As a pure function it returns `lr₀`; the rate it
/// has reduced to lives in a `ScheduleState`.
public struct PlateauSchedule: ScheduleKind {
    public static let name = "reduceOnPlateau"
    public var mode: MetricMode
    public var factor: Double
    public var patience: Int
    public var threshold: Double
    public var thresholdMode: ThresholdMode
    public var cooldown: Int
    public var minLR: Double
    public var eps: Double
    public var monitor: String

    public init(mode: MetricMode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: Double = 0, eps: Double = 1e-8,
                monitor: String = "val_loss") {
        self.mode = mode; self.factor = factor; self.patience = patience; self.threshold = threshold
        self.thresholdMode = thresholdMode; self.cooldown = cooldown; self.minLR = minLR; self.eps = eps
        self.monitor = monitor
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PlateauSchedule()
        self.init(mode: try c.decodeIfPresent(MetricMode.self, forKey: .mode) ?? d.mode,
                  factor: try c.decodeIfPresent(Double.self, forKey: .factor) ?? d.factor,
                  patience: try c.decodeIfPresent(Int.self, forKey: .patience) ?? d.patience,
                  threshold: try c.decodeIfPresent(Double.self, forKey: .threshold) ?? d.threshold,
                  thresholdMode: try c.decodeIfPresent(ThresholdMode.self, forKey: .thresholdMode) ?? d.thresholdMode,
                  cooldown: try c.decodeIfPresent(Int.self, forKey: .cooldown) ?? d.cooldown,
                  minLR: try c.decodeIfPresent(Double.self, forKey: .minLR) ?? d.minLR,
                  eps: try c.decodeIfPresent(Double.self, forKey: .eps) ?? d.eps,
                  monitor: try c.decodeIfPresent(String.self, forKey: .monitor) ?? d.monitor)
    }

    public var unit: ScheduleUnit { .epoch }

    public func rate(base: Double, step: Int, epoch: Double) -> Double { base }

    public var label: String {
        var parts = ["\(monitor) \(mode.rawValue)", "×\(LRSchedule.short(factor))", "patience=\(patience)"]
        if threshold != 1e-4 || thresholdMode != .rel {
            parts.append("threshold=\(LRSchedule.short(threshold)) \(thresholdMode.rawValue)")
        }
        if cooldown != 0 { parts.append("cooldown=\(cooldown)") }
        if minLR != 0 { parts.append("min=\(LRSchedule.short(minLR))") }
        return "plateau(\(parts.joined(separator: ", ")))"
    }

    public func validate() throws {
        try LRScheduleError.require(factor > 0 && factor < 1, "factor", "must lie in (0, 1), got \(factor).")
        try LRScheduleError.require(patience >= 0, "patience", "must not be negative, got \(patience).")
        try LRScheduleError.require(threshold >= 0, "threshold", "must not be negative, got \(threshold).")
        try LRScheduleError.require(cooldown >= 0, "cooldown", "must not be negative, got \(cooldown).")
        try LRScheduleError.require(minLR >= 0, "minLR", "must not be negative, got \(minLR).")
        try LRScheduleError.require(eps >= 0, "eps", "must not be negative, got \(eps).")
    }

    public var plateau: PlateauSchedule? { self }
}

/// How `ReduceLROnPlateau` compares a metric with its best value.
public enum ThresholdMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Relative: better than `best·(1 ∓ threshold)`.
    case rel
    /// Absolute: better than `best ∓ threshold`.
    case abs
}
