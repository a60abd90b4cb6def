/// `lr₀` at every step. JSON: `{"kind": "constant"}`.
public struct ConstantSchedule: ScheduleKind {
    public static let name = "constant"
    public init() {}
    public var unit: ScheduleUnit { .step }
    public func rate(base: Double, step: Int, epoch: Double) -> Double { base }
    public var label: String { "constant" }
    public func validate() throws {}
}
