import Foundation

/// The curve a range test recorded and the two rates it suggests, computed like fastai v2 on
/// the smoothed losses with the edges left out (the first `skipStart` and last `skipEnd`
/// points; all points when that leaves fewer than two).
public struct LRRangeTestResult: Codable, Hashable, Sendable {
    public let learningRates: [Double]
    /// Raw losses, one per recorded batch.
    public let losses: [Double]
    /// Bias-corrected exponentially smoothed losses.
    public let smoothedLosses: [Double]
    /// Whether the test stopped because the loss diverged or turned non-finite.
    public let diverged: Bool
    /// The rate where the smoothed loss falls fastest per unit of log lr: with forward
    /// differences `g_i = (s_{i+1} − s_i)/(ln lr_{i+1} − ln lr_i)`, the `lr_i` of the most negative
    /// `g_i` (fastai's `steep`). Nil with fewer than two usable points.
    public let steepestDescentLR: Double?
    /// The rate at the smallest smoothed loss.
    public let minimumLossLR: Double?
    /// `steepestDescentLR` searched only up to the smallest smoothed loss. Past the minimum the
    /// loss can only fall again by recovering from a spike, which `steep` may pick as "steepest"
    /// at a rate far too large; on the descent towards the minimum it cannot.
    public let steepestBeforeMinimumLR: Double?
    /// fastai's `valley` (its default since v2.5): the longest stretch of smoothed losses that keeps
    /// falling (longest decreasing subsequence of the points kept, as for the others), and the rate halfway
    /// along it (index `start + ⌊len/3⌋ + ⌊len/6⌋` as fastai computes it).
    public let valleyLR: Double?

    /// The minimum-loss rate divided by ten (fastai's `minimum` suggestion).
    public var minimumOverTenLR: Double? { minimumLossLR.map { $0 / 10 } }

    public init(
        learningRates: [Double], losses: [Double], smoothedLosses: [Double], diverged: Bool,
        skipStart: Int, skipEnd: Int
    ) {
        self.learningRates = learningRates
        self.losses = losses
        self.smoothedLosses = smoothedLosses
        self.diverged = diverged
        let finite = smoothedLosses.indices.filter { smoothedLosses[$0].isFinite }
        var kept = finite.filter { $0 >= skipStart && $0 < smoothedLosses.count - skipEnd }
        if kept.count < 2 { kept = finite }
        let pick = { (i: Int) in learningRates[i] }
        minimumLossLR = kept.min { smoothedLosses[$0] < smoothedLosses[$1] }.map(pick)
        let slopes = zip(kept, kept.dropFirst()).map { i, j in
            (i, (smoothedLosses[j] - smoothedLosses[i])
                / (log(learningRates[j]) - log(learningRates[i])))
        }
        steepestDescentLR = slopes.min { $0.1 < $1.1 }.map { pick($0.0) }
        if let m = kept.min(by: { smoothedLosses[$0] < smoothedLosses[$1] }) {
            steepestBeforeMinimumLR = slopes.filter { $0.0 < m }.min { $0.1 < $1.1 }.map { pick($0.0) }
        } else {
            steepestBeforeMinimumLR = nil
        }
        valleyLR = Self.valleyIndex(kept.map { smoothedLosses[$0] }).map { pick(kept[$0]) }
    }

    /// fastai's `valley` on a loss sequence: the index a third-and-a-sixth into the longest
    /// decreasing subsequence (whose span runs from its first to its last element).
    static func valleyIndex(_ losses: [Double]) -> Int? {
        let n = losses.count
        guard n >= 2 else { return n == 1 ? 0 : nil }
        var lengths = [Int](repeating: 1, count: n)
        var maxStart = 0, maxEnd = 0
        for i in 1..<n {
            for j in 0..<i {
                if losses[i] < losses[j] && lengths[i] < lengths[j] + 1 { lengths[i] = lengths[j] + 1 }
                if lengths[maxEnd] < lengths[i] {
                    maxEnd = i
                    maxStart = maxEnd - lengths[maxEnd]
                }
            }
        }
        let sections = Double(maxEnd - maxStart) / 3
        return max(0, min(n - 1, maxStart + Int(sections) + Int(sections / 2)))
    }
}
