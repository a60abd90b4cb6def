/// The exponential ramp of a learning-rate range test (Smith 2017; fastai's `lr_find`), per
/// batch. Ignores `lr₀`: `startLR·(endLR/startLR)^(t/(steps − 1))`, staying at `endLR` past
/// step `steps − 1`. A run with this schedule, a budget of `steps` batches and every step
/// recorded *is* a range test; `LRRangeTest` smooths its losses and suggests a rate.
public struct RangeTestRampSchedule: ScheduleKind {
    public static let name = "rangeTest"
    public var startLR: Double
    public var endLR: Double
    public var steps: Int

    public init(startLR: Double, endLR: Double, steps: Int) { self.startLR = startLR; self.endLR = endLR; self.steps = steps }

    public var unit: ScheduleUnit { .step }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.rangeTest(t: step, startLR: startLR, endLR: endLR, steps: steps)
    }

    public var label: String { "range-test(\(LRSchedule.short(startLR))→\(LRSchedule.short(endLR)), \(steps) steps)" }

    public func validate() throws {
        try LRScheduleError.requirePositiveRate(startLR, "startLR")
        try LRScheduleError.requirePositiveRate(endLR, "endLR")
        try LRScheduleError.require(steps > 0, "steps", "must be at least 1 batch, got \(steps).")
    }
}
