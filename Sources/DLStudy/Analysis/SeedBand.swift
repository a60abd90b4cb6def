import DLCore
import Foundation

/// The line and ±1 sd band drawn for one x of a curve over seeds.
///
/// On a linear axis: the mean, and mean ± sd. On a log axis the statistics are taken in log
/// space — the geometric mean g = exp(mean of ln v) and the band g ÷ s to g × s with
/// s = exp(sd of ln v), the geometric sd — so the band is symmetric as drawn and never reaches
/// zero. (mean − sd of a skewed positive quantity such as a loss is often ≤ 0, and a band drawn
/// from it on a log axis plunges to the bottom of the panel.) The sd is the sample sd (n − 1).
public struct SeedBand: Equatable, Sendable {
    public var center: Double
    public var low: Double
    public var high: Double

    public init(center: Double, low: Double, high: Double) {
        (self.center, self.low, self.high) = (center, low, high)
    }

    /// The band of the finite `values` (on a log axis, of the finite positive ones, the only ones
    /// a log axis can show); nil when there are none.
    public init?(_ values: [Double], log: Bool) {
        let v = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard let s = Summary(log ? v.map { Foundation.log($0) } : v) else { return nil }
        if log {
            let g = exp(s.mean), spread = exp(s.sd)
            self.init(center: g, low: g / spread, high: g * spread)
        } else {
            self.init(center: s.mean, low: s.mean - s.sd, high: s.mean + s.sd)
        }
    }
}

extension CellResults {
    /// The level's curve of `metric` as drawn: a `SeedBand` per epoch that every seed reached,
    /// in log space when `log` (see `SeedBand`).
    public func bandCurve(_ metric: Metric, x: CurveAxis = .epoch, log: Bool) -> (x: [Double], bands: [SeedBand]) {
        let rows = seeds.map { runs[$0]!.epochs.filter { $0.value(metric) != nil } }
        guard let shortest = rows.map(\.count).min(), shortest > 0 else { return ([], []) }
        var xs: [Double] = [], bands: [SeedBand] = []
        for i in 0..<shortest {
            guard let b = SeedBand(rows.map { $0[i].value(metric)! }, log: log) else { break }
            xs.append(x.value(rows[0][i]))
            bands.append(b)
        }
        return (xs, bands)
    }
}
