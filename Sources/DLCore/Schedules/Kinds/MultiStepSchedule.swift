/// `MultiStepLR`, per epoch: `lr₀ · γ^(number of milestones ≤ t)`.
public struct MultiStepSchedule: ScheduleKind {
    public static let name = "multiStep"
    public var milestones: [Int]
    public var gamma: Double

    public init(milestones: [Int], gamma: Double = 0.1) { self.milestones = milestones; self.gamma = gamma }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(milestones: try c.decode([Int].self, forKey: .milestones),
                  gamma: try c.decodeIfPresent(Double.self, forKey: .gamma) ?? 0.1)
    }

    public var unit: ScheduleUnit { .epoch }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.multiStep(base: base, t: Int(epoch.rounded(.down)), milestones: milestones, gamma: gamma)
    }

    public var label: String {
        "multistep(\(milestones.map(String.init).joined(separator: ", ")), γ=\(LRSchedule.short(gamma)))"
    }

    public func validate() throws {
        try LRScheduleError.require(milestones == milestones.sorted(), "milestones", "must be in increasing order.")
        try LRScheduleError.require(gamma > 0, "gamma", "must be positive (0.1 divides by ten), got \(gamma).")
    }
}
