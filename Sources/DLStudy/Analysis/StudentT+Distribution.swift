import Foundation

/// Student's t distribution function and its quantiles, for claims' p-values and for intervals
/// at levels other than 95% (the 90% interval of an equivalence test).
///
/// Computed through the regularized incomplete beta function (continued fraction, modified
/// Lentz; Numerical Recipes §6.4), in a fixed order of operations, so the same inputs give the
/// same bits everywhere.
extension StudentT {
    /// P(T ≤ t) for ν degrees of freedom (ν ≥ 1).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(nu >= 1, "Student t needs at least one degree of freedom")
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let n = Double(nu)
        // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2)
        let tail = regularizedBeta(n / (n + t * t), a: n / 2, b: 0.5)
        return t >= 0 ? 1 - tail / 2 : tail / 2
    }

    /// P(T > t) for ν degrees of freedom, without the cancellation of 1 − cdf in the far tail.
    public static func survival(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        cdf(-t, degreesOfFreedom: nu)
    }

    /// The two-sided p-value of a t statistic: P(|T| ≥ |t|).
    public static func twoSidedP(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        if t.isNaN { return .nan }
        return min(1, 2 * cdf(-abs(t), degreesOfFreedom: nu))
    }

    /// The p-quantile, t such that P(T ≤ t) = p, by bisection on `cdf` to double precision.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1; got \(p)")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < p { lo = hi; hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The regularized incomplete beta function I_x(a, b).
    static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logGammas + logPowers
        let front = exp(logFront)
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1000 {
            let m = Double(m), m2 = 2 * m
            var aa: Double = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let num: Double = -(a + m) * (a + b + m) * x
            aa = num / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < eps { break }
        }
        return h
    }
}
