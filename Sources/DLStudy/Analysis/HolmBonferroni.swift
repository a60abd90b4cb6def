/// Holm's step-down adjustment of a family of p-values (Holm 1979).
///
/// Sort the m p-values; the k-th smallest (k = 1…m) is multiplied by m − k + 1, capped at 1,
/// and made no smaller than the adjusted value before it. A claim is significant at α when its
/// adjusted p is below α — the same decisions as comparing the k-th smallest raw p with
/// α/(m − k + 1) and stopping at the first that fails. This is what statsmodels'
/// `multipletests(method="holm")` returns as `pvals_corrected`.
public enum HolmBonferroni {
    /// The adjusted p-values, in the order given. NaN p-values (a claim without the numbers for
    /// a test) stay NaN and do not count in m.
    public static func adjust(_ p: [Double]) -> [Double] {
        let order = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] != p[$1] ? p[$0] < p[$1] : $0 < $1 }
        let m = order.count
        var adjusted = [Double](repeating: .nan, count: p.count)
        var running = 0.0
        for (k, i) in order.enumerated() {
            running = max(running, min(1, Double(m - k) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }
}
