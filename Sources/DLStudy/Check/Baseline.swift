import DLCore
import Foundation

/// What a study's curves looked like when someone last accepted them: per experiment and level,
/// the mean and spread over seeds of every recorded metric at every epoch, the final metrics,
/// the probe values, and the claims' verdicts. `dlstudy bless` writes one per study and profile
/// (`studies/baselines/<study>.<profile>.json`); `dlstudy check` compares fresh runs with it.
///
/// Numbers are rounded to 6 significant digits and a value no seed has (every run diverged, or
/// never measured it) is `null`, so the file reads well and diffs line by line.
public struct Baseline: Codable, Equatable, Sendable {
    /// The file format this code reads and writes.
    /// 2: the numeric platform and each run's fingerprint (`bits`).
    public static let currentFormat = 2

    public var format: Int
    public var study: String
    public var title: String
    public var profile: String
    /// The dlstudy and engine versions, the date (ISO 8601) and the git commit that made it.
    public var dlstudyVersion: String
    public var engineVersion: String
    /// The numeric platform of the records it was made from (`NumericPlatform`): `check` on the
    /// same platform expects the same bits; elsewhere it compares statistically.
    public var platform: String
    public var generated: String
    public var gitCommit: String?
    public var experiments: [ExperimentValues]
    /// Each claim and its verdict, with the numbers that gave it, as `summary.json` has them
    /// (for the reader; only the verdict is checked).
    public var claims: [StudySummary.ClaimSummary]

    public struct ExperimentValues: Codable, Equatable, Sendable {
        public var id: String
        public var factors: [String]
        public var seeds: [UInt64]
        public var levels: [LevelValues]
    }

    public struct LevelValues: Codable, Equatable, Sendable {
        public var label: String
        /// Runs with a record, and how many of them diverged.
        public var runs: Int
        public var diverged: Int
        /// Per metric (`trainLoss`, `testAccuracy`, `learningRate`, …): the curve over epochs.
        public var curves: [String: Curve]
        /// Final metrics (the weights each run ended with) and `steps`.
        public var final: [String: Stat]
        /// Single-number probes by key.
        public var probes: [String: Stat]
        /// Each run's fingerprint, in seed order.
        public var bits: [RunBits]
        /// Whether the learning rate follows the loss (ReduceLROnPlateau): its curve then moves
        /// with the loss on another platform, and is compared with a tolerance in time.
        public var lossDrivenSchedule: Bool
    }

    /// One run's fingerprint (`RunFingerprint`): the digest of all its numbers and one per
    /// epoch, so a difference can be placed.
    public struct RunBits: Codable, Equatable, Sendable {
        public var seed: UInt64
        public var digest: String
        public var epochs: [String]
        /// The epoch and the optimization step of each row, kept in memory for messages (not
        /// in files).
        public var epochNumbers: [Int] = []
        public var steps: [Int] = []

        enum CodingKeys: String, CodingKey { case seed, digest, epochs }

        public init(seed: UInt64, digest: String, epochs: [String], epochNumbers: [Int] = [], steps: [Int] = []) {
            self.seed = seed; self.digest = digest; self.epochs = epochs; self.epochNumbers = epochNumbers; self.steps = steps
        }

        public static func == (a: RunBits, b: RunBits) -> Bool {
            a.seed == b.seed && a.digest == b.digest && a.epochs == b.epochs
        }
    }

    /// A metric over epochs: at each epoch some run recorded, the mean and standard deviation
    /// over the seeds with a finite value, and how many seeds that is.
    public struct Curve: Codable, Equatable, Sendable {
        public var epochs: [Int]
        public var mean: [Double?]
        public var sd: [Double?]
        public var n: [Int]

        public init(epochs: [Int], mean: [Double?], sd: [Double?], n: [Int]) {
            self.epochs = epochs; self.mean = mean; self.sd = sd; self.n = n
        }

        /// The value at `epoch`, nil when the curve has no such epoch.
        public func stat(atEpoch epoch: Int) -> Stat? {
            guard let i = epochs.firstIndex(of: epoch) else { return nil }
            return Stat(mean: mean[i], sd: sd[i], n: n[i])
        }
    }

    /// Mean and sample standard deviation over the seeds with a finite value, and their number.
    public struct Stat: Codable, Equatable, Sendable {
        public var mean: Double?
        public var sd: Double?
        public var n: Int

        public init(mean: Double?, sd: Double?, n: Int) { self.mean = mean; self.sd = sd; self.n = n }

        /// The summary of the finite values, rounded as a baseline stores it.
        public init(_ values: [Double]) {
            let s = Summary(values)
            self.init(mean: s.flatMap { Baseline.rounded($0.mean) }, sd: s.flatMap(Baseline.roundedSD), n: s?.n ?? 0)
        }
    }

    /// The baseline without what changes every time it is written (date, commit): equal
    /// measurements give equal values.
    public var measurements: Baseline {
        var b = self
        b.generated = ""
        b.gitCommit = nil
        return b
    }

    /// A summary's standard deviation as the file keeps it: 0 when it is only the rounding
    /// noise of averaging equal values (below 1e-12 of the mean), else `rounded`.
    static func roundedSD(_ s: Summary) -> Double? {
        s.sd <= 1e-12 * abs(s.mean) ? 0 : rounded(s.sd)
    }

    /// `x` to 6 significant digits (what the file keeps); nil for NaN and ±∞.
    public static func rounded(_ x: Double) -> Double? {
        guard x.isFinite else { return nil }
        return Double(String(format: "%.6g", x)) ?? x
    }
}
