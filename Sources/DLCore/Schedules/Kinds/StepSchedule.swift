/// `StepLR`, per epoch: `lr₀ · γ^⌊t / stepSize⌋`.
public struct StepSchedule: ScheduleKind {
    public static let name = "step"
    public var stepSize: Int
    public var gamma: Double

    public init(stepSize: Int, gamma: Double = 0.1) { self.stepSize = stepSize; self.gamma = gamma }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(stepSize: try c.decode(Int.self, forKey: .stepSize),
                  gamma: try c.decodeIfPresent(Double.self, forKey: .gamma) ?? 0.1)
    }

    public var unit: ScheduleUnit { .epoch }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.step(base: base, t: Int(epoch.rounded(.down)), stepSize: stepSize, gamma: gamma)
    }

    public var label: String { "step(\(stepSize), γ=\(LRSchedule.short(gamma)))" }

    public func validate() throws {
        try LRScheduleError.require(stepSize > 0, "stepSize", "must be at least 1 epoch, got \(stepSize).")
        try LRScheduleError.require(gamma > 0, "gamma", "must be positive (0.1 divides by ten), got \(gamma).")
    }
}
