/// `ExponentialLR`, per epoch: `lr₀ · γ^t`.
public struct ExponentialSchedule: ScheduleKind {
    public static let name = "exponential"
    public var gamma: Double

    public init(gamma: Double) { self.gamma = gamma }

    public var unit: ScheduleUnit { .epoch }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.exponential(base: base, t: epoch.rounded(.down), gamma: gamma)
    }

    public var label: String { "exponential(γ=\(LRSchedule.short(gamma)))" }

    public func validate() throws {
        try LRScheduleError.require(gamma > 0, "gamma", "must be positive (0.95 loses 5% an epoch), got \(gamma).")
    }
}
