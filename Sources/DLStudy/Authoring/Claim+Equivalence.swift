// "No difference" and "not worse" claims, built from handles. Their margin is stated before
// the runs, in the metric's own unit (0.01 = one point of accuracy as a fraction).

extension Claim {
    /// "`level`'s `quantity` does not differ from `other`'s by more than `margin`", tested with
    /// two one-sided tests (TOST) on the paired differences.
    public static func equivalent(_ text: String, _ quantity: Quantity, _ level: LevelHandle, to other: LevelHandle,
                                  within margin: Double) -> Claim {
        Claim(text, quantity, level, greaterThan: other).testing(.equivalence(margin: margin))
    }

    /// "`level`'s `quantity` is not worse than `other`'s by more than `margin`": with
    /// `higherIsBetter` the claim is a − b > −margin, otherwise a − b < +margin.
    public static func notWorse(_ text: String, _ quantity: Quantity, _ level: LevelHandle, than other: LevelHandle,
                                by margin: Double, higherIsBetter: Bool) -> Claim {
        let base = higherIsBetter ? Claim(text, quantity, level, greaterThan: other) : Claim(text, quantity, level, lessThan: other)
        return base.testing(.nonInferiority(margin: margin))
    }
}
