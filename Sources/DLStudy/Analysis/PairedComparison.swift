/// A comparison of two levels (or a level and a constant) on one metric, paired by seed.
///
/// Common random numbers make runs at the same seed share their initial weights and data
/// order, so the per-seed differences d_s = a_s − b_s remove most of the seed-to-seed noise.
/// The verdict reads the 95% confidence interval of the mean difference (Student t, n − 1
/// degrees of freedom): it supports a claim "a > b" when the whole interval lies above zero,
/// contradicts it when the whole interval lies below, and is inconclusive otherwise (including
/// when fewer than two seeds are available).
public struct PairedComparison: Codable, Hashable, Sendable {
    public enum Verdict: String, Codable, CaseIterable, Sendable { case supported, contradicted, inconclusive }

    /// The per-seed differences a − b (only seeds present and finite on both sides).
    public var differences: [Double]
    public var meanDifference: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Mean difference over the standard deviation of the differences (Cohen's d_z);
    /// infinite when every difference is the same non-zero value.
    public var effectSize: Double
    public var verdict: Verdict

    /// Compares `a` with `b` seed by seed for the claim "a > b" (or "a < b" when `greater` is
    /// false). Seeds are matched by key.
    public init(_ a: [UInt64: Double], _ b: [UInt64: Double], greater: Bool) {
        let seeds = a.keys.filter { b[$0] != nil }.sorted()
        differences = seeds.compactMap { s in
            let d = a[s]! - b[s]!
            return d.isFinite ? d : nil
        }
        let summary = Summary(differences)
        meanDifference = summary?.mean ?? .nan
        let half = summary?.ci95 ?? .infinity
        ciLow = meanDifference - half
        ciHigh = meanDifference + half
        let sd = summary?.sd ?? 0
        effectSize = sd > 0 ? meanDifference / sd : (meanDifference == 0 ? 0 : meanDifference.sign == .minus ? -.infinity : .infinity)
        if differences.count < 2 {
            verdict = .inconclusive
        } else if greater ? ciLow > 0 : ciHigh < 0 {
            verdict = .supported
        } else if greater ? ciHigh < 0 : ciLow > 0 {
            verdict = .contradicted
        } else {
            verdict = .inconclusive
        }
    }
}

import Foundation
