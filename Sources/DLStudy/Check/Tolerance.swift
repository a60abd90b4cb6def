import DLCore
import Foundation

/// How far one checked number may move from its baseline before `dlstudy check` calls it a
/// regression:
///
///     |current − baseline| ≤ max(sigmas · s, absolute, relative · |baseline|)
///
/// where `s` is the pooled seed spread of the two sides,
/// `s = √(((n_b − 1)·sd_b² + (n_c − 1)·sd_c²) / (n_b + n_c − 2))` (for equal seed counts, the
/// root mean square of the two standard deviations; 0 with one seed on each side). The band
/// comes from the seeds' own spread, so a noisy curve gets a wide band and a steady one a narrow
/// band; the floors keep a band from vanishing where the seeds agree (epoch 0, an accuracy of
/// 100%) and absorb the last-digit differences another BLAS or CPU can make.
public struct Tolerance: Codable, Equatable, Hashable, Sendable {
    /// Multiples of the pooled seed standard deviation.
    public var sigmas: Double
    /// Absolute floor, in the quantity's units.
    public var absolute: Double
    /// Relative floor, as a fraction of |baseline|.
    public var relative: Double

    public init(sigmas: Double = 3, absolute: Double = 0, relative: Double = 0) {
        self.sigmas = sigmas; self.absolute = absolute; self.relative = relative
    }

    /// The pooled standard deviation of two sets of seeds (0 when neither has two values).
    public static func pooledSD(_ a: (sd: Double, n: Int), _ b: (sd: Double, n: Int)) -> Double {
        let dof = max(a.n - 1, 0) + max(b.n - 1, 0)
        guard dof > 0 else { return 0 }
        let ss = Double(max(a.n - 1, 0)) * a.sd * a.sd + Double(max(b.n - 1, 0)) * b.sd * b.sd
        return (ss / Double(dof)).squareRoot()
    }

    /// The largest allowed |current − baseline| at a point whose baseline mean is `baseline`
    /// and whose pooled seed standard deviation is `pooledSD`.
    public func limit(baseline: Double, pooledSD: Double) -> Double {
        Swift.max(sigmas * pooledSD, absolute, relative * abs(baseline))
    }

    /// The rule in words, for reports and help: "max(3·sd, 0.005, 2% of |baseline|)".
    public var formula: String {
        func short(_ x: Double) -> String {
            String(format: "%g", x).replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e")
        }
        var parts: [String] = []
        if sigmas > 0 { parts.append("\(short(sigmas))·sd") }
        if absolute > 0 { parts.append(short(absolute)) }
        if relative > 0 { parts.append(relative >= 1e-3 ? "\(short(100 * relative))% of |baseline|" : "\(short(relative))·|baseline|") }
        if parts.isEmpty { return "0 (exact)" }
        return parts.count == 1 ? parts[0] : "max(\(parts.joined(separator: ", ")))"
    }
}

/// The tolerances a study is checked with: sensible defaults per kind of quantity, overridden
/// per metric or probe where a study needs it.
///
///     Study("lr", title: "…", tolerances: Tolerances([.metric(.testLoss): Tolerance(sigmas: 4, absolute: 0.05)]))
///
/// Defaults (see `standard(for:)`): losses 3·sd, 0.005, 2% of |baseline|; accuracies 3·sd, 0.01;
/// the learning rate 1e-9, 1e-6 of |baseline| (a schedule is exact); probes 3·sd, 1e-6, 5% of
/// |baseline|; optimization steps 3·sd (exact when every seed takes the same steps).
public struct Tolerances: Sendable {
    /// What a tolerance applies to: a metric (its curve and its final value), a probe by key,
    /// or the number of optimization steps.
    public enum Key: Hashable, Sendable {
        case metric(Metric)
        case probe(String)
        case steps
    }

    /// Tolerances that replace the defaults for their keys.
    public var overrides: [Key: Tolerance]

    public init(_ overrides: [Key: Tolerance] = [:]) { self.overrides = overrides }

    /// The tolerance `key` is checked with.
    public func tolerance(for key: Key) -> Tolerance { overrides[key] ?? Self.standard(for: key) }

    /// The default tolerance of a kind of quantity.
    public static func standard(for key: Key) -> Tolerance {
        switch key {
        case .metric(let m) where m.isAccuracy: return Tolerance(sigmas: 3, absolute: 0.01)
        case .metric(.learningRate): return Tolerance(sigmas: 0, absolute: 1e-9, relative: 1e-6)
        case .metric: return Tolerance(sigmas: 3, absolute: 0.005, relative: 0.02)
        case .probe: return Tolerance(sigmas: 3, absolute: 1e-6, relative: 0.05)
        case .steps: return Tolerance(sigmas: 3)
        }
    }
}
