import Foundation

/// One number compared with its baseline: a curve at one epoch, a final metric or a probe, of
/// one level.
public struct CheckPoint: Equatable, Sendable {
    public enum Kind: String, Equatable, Hashable, Sendable { case curve, final, probe }

    public var experiment: String
    public var level: String
    public var kind: Kind
    /// The metric (`trainLoss`), `steps`, or the probe's key.
    public var name: String
    /// The epoch, for a curve point.
    public var epoch: Int?
    public var baseline: Baseline.Stat
    public var current: Baseline.Stat
    /// The largest |current − baseline| allowed here.
    public var tolerance: Double
    /// Set when the point fails for a reason other than distance: a value on one side only (the
    /// runs diverged), or a different number of seeds contributing.
    public var problem: String?
    /// Set when statistical mode lets an out-of-tolerance point through as platform noise, with
    /// the reason (an isolated excursion, a rate drop an epoch or two apart).
    public var tolerated: String?

    public init(experiment: String, level: String, kind: Kind, name: String, epoch: Int?, baseline: Baseline.Stat,
                current: Baseline.Stat, tolerance: Double, problem: String? = nil) {
        self.experiment = experiment; self.level = level; self.kind = kind; self.name = name; self.epoch = epoch
        self.baseline = baseline; self.current = current; self.tolerance = tolerance; self.problem = problem
    }

    /// current − baseline, when both have a value.
    public var delta: Double? {
        guard let b = baseline.mean, let c = current.mean else { return nil }
        return c - b
    }

    /// |Δ| / tolerance: at most 1 passes; 0 when equal (or neither side has a value, or the
    /// point is `tolerated`); ∞ for a point that fails for a `problem`, or moves at all under a
    /// zero tolerance.
    public var ratio: Double {
        if problem != nil { return .infinity }
        if tolerated != nil { return 0 }
        guard let d = delta else { return 0 }
        if d == 0 { return 0 }
        return tolerance > 0 ? abs(d) / tolerance : .infinity
    }

    public var passed: Bool { ratio <= 1 }

    /// Where the point is: "trainLoss at 0.3, epoch 8", "final testAccuracy at main/0.3" for
    /// an experiment other than "main".
    public var place: String {
        let what: String
        switch kind {
        case .curve: what = name
        case .final: what = "final \(name)"
        case .probe: what = "probe \(name)"
        }
        let level = experiment == "main" ? self.level : "\(experiment)/\(self.level)"
        return "\(what) at \(level)" + (epoch.map { ", epoch \($0)" } ?? "")
    }

    /// The comparison in numbers: "|Δ| 0.238 > tolerance 0.0213", or the problem.
    public var verdict: String {
        if let problem { return problem }
        if let tolerated { return tolerated }
        guard let d = delta else { return "no finite value on either side" }
        return "|Δ| \(Self.number(abs(d))) \(passed ? "≤" : ">") tolerance \(Self.number(tolerance))"
    }

    /// "trainLoss at 0.3, epoch 8: baseline 0.213, current 0.451, |Δ| 0.238 > tolerance 0.0213".
    public var line: String {
        "\(place): baseline \(Self.value(baseline)), current \(Self.value(current)), \(verdict)"
    }

    static func value(_ s: Baseline.Stat) -> String {
        s.mean.map { number($0) } ?? "none (no finite value)"
    }

    /// Four significant digits without trailing zeros: enough to see a change, short enough to
    /// read (0.2134, 0.75, 1.5e-8).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return formatNumber(x) }
        return String(format: "%.4g", x).replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e")
            .replacingOccurrences(of: "e+", with: "e")
    }
}
