// Claims between levels chosen from the results: each scheme at the rate its validation runs
// chose (`Tuning.choice`). The claim as evaluated, in the evidence line, summary.json and the
// baseline, names the chosen cells ("He, 0.1 > Xavier, 0.03").

extension Claim {
    /// "The chosen `level`'s `quantity` is greater than the chosen `other`'s", paired by seed.
    public static func chosen(_ text: String, _ quantity: Quantity, _ level: LevelChoice, greaterThan other: LevelChoice) -> Claim {
        chosen(text, quantity, level, other, greater: true)
    }

    /// "The chosen `level`'s `quantity` is less than the chosen `other`'s", paired by seed.
    public static func chosen(_ text: String, _ quantity: Quantity, _ level: LevelChoice, lessThan other: LevelChoice) -> Claim {
        chosen(text, quantity, level, other, greater: false)
    }

    /// "The chosen `level`'s `quantity` does not differ from the chosen `other`'s by more than
    /// `margin`": two one-sided tests (TOST) on the paired differences, as `Claim.equivalent`.
    public static func chosen(_ text: String, _ quantity: Quantity, _ level: LevelChoice, equivalentTo other: LevelChoice,
                              within margin: Double) -> Claim {
        chosen(text, quantity, level, other, greater: true).testing(.equivalence(margin: margin))
    }

    private static func chosen(_ text: String, _ quantity: Quantity, _ level: LevelChoice, _ other: LevelChoice, greater: Bool) -> Claim {
        @Sendable func make(_ a: LevelHandle, _ b: LevelHandle) -> Claim {
            greater ? Claim(text, quantity, a, greaterThan: b) : Claim(text, quantity, a, lessThan: b)
        }
        var claim = make(level.placeholder, other.placeholder)
        claim.choose = { results, declared in
            guard let a = level.choose(results), let b = other.choose(results) else { return nil }
            var resolved = make(a, b)
            if let family = declared.family { resolved = resolved.family(family) }
            return resolved.testing(declared.test)
        }
        return claim
    }
}

extension Claim {
    /// "The chosen `level`'s `quantity` is not worse than the chosen `other`'s by more than
    /// `margin`", as `Claim.notWorse`.
    public static func chosen(_ text: String, _ quantity: Quantity, _ level: LevelChoice, notWorseThan other: LevelChoice,
                              by margin: Double, higherIsBetter: Bool) -> Claim {
        (higherIsBetter ? chosen(text, quantity, level, greaterThan: other) : chosen(text, quantity, level, lessThan: other))
            .testing(.nonInferiority(margin: margin))
    }
}

extension LevelChoice {
    /// A level that is not chosen: always `level`.
    public static func fixed(_ level: LevelHandle) -> LevelChoice { LevelChoice(placeholder: level) { _ in level } }
}
