import DLCore
import DLStudy
import Foundation

extension BatchSizeStudy {
    /// The linear scaling rule (Goyal et al. 2017) tested as equivalence at every batch size.
    @StudyBuilder
    static func linearScaling(_ profile: Profile) -> [StudyBlock] {
        let scaledSizes = Self.scaledSizes(profile)
        let reference = scaledSizes[64]
        Heading("The linear scaling rule: η/B held fixed")
        Prose("""
            Goyal et al. (2017) scale the learning rate with the batch — batch ×k, rate ×k — with a linear \
            warm-up over the first epochs. Here η = 0.1 × B/64 (so batch 64 keeps 0.1 and η/B = 1/640 at every \
            size), warmed up linearly from a third of its value over \(warmupEpochs) epochs; everything else is as \
            above. If η/B is what matters, the rule predicts the *same* accuracy and sharpness at every batch size. \
            That is a claim of no difference, so it is tested as equivalence against batch 64 — two one-sided tests \
            (TOST; Schuirmann 1987) at the 5% level, supported when the 90% interval of the paired difference lies \
            inside a margin stated before the runs: \(points: accuracyMargin) of test accuracy at the chosen \
            epoch, and \(number: sharpnessMargin) in log₁₀ λ₁ (a factor \(number: pow(10, sharpnessMargin))). \
            The \(2 * (sizes(profile).count - 1)) equivalence claims form one family, Holm-adjusted (Holm 1979).
            """)
        Experiment(linear, base: base(profile), vary: scaledSizes.factor, seeds: seeds(profile), probes: probes)
        TableBlock("linear", caption: "Learning rate 0.1 × B/64 (η/B = 1/640) with \(warmupEpochs) epochs of warm-up: the end of training.", experiment: linear.id,
                   [.steps, .final(.trainLoss), .sharpness, .hessianTop])
        TableBlock("linear-accuracy", caption: "Learning rate 0.1 × B/64: test accuracy at the end and at the epoch of lowest validation loss.", experiment: linear.id,
                   [.final(.testAccuracy), lowestValidationLoss, chosenTest])
        let equivalences: [Claim] = scaledSizes.levels.filter { $0 != reference }.flatMap { level in [
            Claim.equivalent("With η/B fixed, batch \(level) matches batch 64 in test accuracy at the chosen epoch (±\(Format.points(accuracyMargin)))",
                             chosenTest, level, to: reference, within: accuracyMargin).family("linear-scaling"),
            Claim.equivalent("With η/B fixed, batch \(level) matches batch 64 in sharpness (log₁₀ λ₁ within ±\(Format.number(sharpnessMargin)))",
                             logHessian, level, to: reference, within: sharpnessMargin).family("linear-scaling"),
        ] }
        for claim in equivalences { claim }
        Prose { r in
            let outcomes = r.outcomes(equivalences)
            let held = outcomes.filter { $0.verdict == .supported }.count, broken = outcomes.filter { $0.verdict == .contradicted }.count
            let rows = scaledSizes.levels.map { "\($0): \(percent: r.mean($0, chosenTest)) and λ₁ = \(number: r.mean($0, .hessianTop))" }
            return "With η/B fixed, test accuracy at the chosen epoch and λ₁ are, by batch size, \(list: rows). "
                + "Of the \(outcomes.count) equivalence claims, supported (equivalent within the margin): \(held); contradicted (a difference beyond the margin): \(broken); inconclusive: \(outcomes.count - held - broken). "
                + (held == outcomes.count ? "The rule is borne out: holding η/B fixed gives the same accuracy and sharpness at every batch size."
                   : "So the rule is only partly borne out: holding η/B fixed does not give the same network at every batch size here. The sizes still differ in the number of updates and in the rate itself (η up to \(Format.plain(Double(scaled(sizes(profile).last!))))).")
        }

    }
}
