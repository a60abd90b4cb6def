import Foundation

extension LRFormula {
    /// The range test's exponential ramp (Smith 2017), per batch:
    /// `startLR·(endLR/startLR)^(min(t, steps − 1)/(steps − 1))`; `startLR` when `steps` is 1.
    public static func rangeTest(t: Int, startLR: Double, endLR: Double, steps: Int) -> Double {
        guard steps > 1 else { return startLR }
        let p = Double(min(max(t, 0), steps - 1)) / Double(steps - 1)
        return startLR * pow(endLR / startLR, p)
    }
}
