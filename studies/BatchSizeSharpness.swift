import DLCore
import DLStudy
import Foundation

extension BatchSizeStudy {
    /// Both experiments on one axis: sharpness against B and against η/B.
    @StudyBuilder
    static func sharpnessAgainstNoise(_ profile: Profile) -> [StudyBlock] {
        let (fixedSizes, scaledSizes) = (Self.fixedSizes(profile), Self.scaledSizes(profile))
        let (small, large) = (fixedSizes.first, fixedSizes.last)
        let (scaledSmall, scaledLarge) = (scaledSizes.first, scaledSizes.last)
        Heading("Sharpness against η/B")
        Prose("""
            Put both experiments on one axis: the fixed rate covers η/B from 1/\(sizes(profile).first! * 10) to \
            1/\(sizes(profile).last! * 10), the scaled rate sits at 1/640 for every B. If batch size itself made \
            minima sharp, the points would sort by B; if η/B does, they fall on one curve.
            """)
        FigureBlock.against(
            "sharpness-by-batch", caption: "Top Hessian eigenvalue λ₁ and ε-sharpness at the final weights against batch size, at the fixed rate and with the rate scaled to the batch (log axes; geometric mean with a 95% CI on the logarithms; faint dots are seeds).",
            series: [AgainstSeries(fixed, "η = 0.1"), AgainstSeries(linear, "η = 0.1 × B/64")], x: .batchSize,
            [Measure(.hessianTop, label: "top Hessian eigenvalue λ₁", log: true), Measure(.sharpness, label: "ε-sharpness", log: true)])
        FigureBlock.against(
            "sharpness-by-noise", caption: "The same points against η/B, the learning rate per example (log axes). The fixed-rate points run from batch \(small) (right) to batch \(large) (left); the scaled points all sit at 1/640.",
            series: [AgainstSeries(fixed, "η = 0.1"), AgainstSeries(linear, "η = 0.1 × B/64")], x: .rateOverBatch,
            [Measure(.hessianTop, label: "top Hessian eigenvalue λ₁", log: true), Measure(.sharpness, label: "ε-sharpness", log: true)])
        let noiseSmall = Claim("At batch \(small), a smaller η/B (η 0.1 × \(small)/64 instead of 0.1) ends sharper",
                               .hessianTop, scaledSmall, greaterThan: small).family("noise-scale")
        let noiseLarge = Claim("At batch \(large), a larger η/B (η 0.1 × \(large)/64 instead of 0.1) ends flatter",
                               .hessianTop, scaledLarge, lessThan: large).family("noise-scale")
        let narrows = Claim("At batch \(large), the scaled rate generalizes better than the fixed rate (test accuracy at the chosen epoch)",
                            chosenTest, scaledLarge, greaterThan: large).family("noise-scale")
        noiseSmall
        noiseLarge
        narrows
        Prose { r in
            let hs = (r.mean(small, .hessianTop), r.mean(scaledSmall, .hessianTop))
            let hl = (r.mean(large, .hessianTop), r.mean(scaledLarge, .hessianTop))
            let flattest = (fixedSizes.levels + scaledSizes.levels).min { r.mean($0, .hessianTop) < r.mean($1, .hessianTop) }!
            let edges = (fixedSizes.levels + scaledSizes.levels).map { r.mean($0, edge) }.filter(\.isFinite)
            let atFixedRatio = scaledSizes.levels.map { ($0, r.mean($0, .hessianTop)) }.filter { $0.1.isFinite }
            let (flatAt, sharpAt) = (atFixedRatio.min { $0.1 < $1.1 }, atFixedRatio.max { $0.1 < $1.1 })
            return "At batch \(small), lowering η/B \(64 / sizes(profile).first!)-fold moves λ₁ from \(number: hs.0) to \(number: hs.1); at batch \(large), raising it \(sizes(profile).last! / 64)-fold moves λ₁ from \(number: hl.0) to \(number: hl.1). "
                + "The flattest minimum on the page is \(flattest.experiment == linear ? "the scaled-rate" : "the fixed-rate") batch \(flattest) (λ₁ = \(number: r.mean(flattest, .hessianTop))). "
                + r.reading(noiseLarge, supported: "So the batch size alone does not make a minimum sharp: with a large enough rate the largest batch ends flat. ",
                            contradicted: "Here the larger η/B ends sharper, against the noise-scale reading. ",
                            inconclusive: "The seeds do not settle whether η/B or B sets the sharpness at the largest batch. ")
                + {
                    guard let f = flatAt, let s = sharpAt else { return "" }
                    return s.1 / f.1 > pow(10, sharpnessMargin)
                        ? "Nor does η/B alone: at η/B = 1/640, λ₁ still ranges from \(number: f.1) (batch \(f.0)) to \(number: s.1) (batch \(s.0)), so the rate itself, not only its ratio to the batch, shapes where SGD ends. "
                        : "At η/B = 1/640, λ₁ stays between \(number: f.1) and \(number: s.1) across batch sizes. "
                }()
                + "Scaling the rate moves test accuracy at batch \(large) from \(percent: r.mean(large, chosenTest)) to \(percent: r.mean(scaledLarge, chosenTest)) at the chosen epoch. "
                + (edges.isEmpty ? "" : "No setting reaches the edge of stability: λ₁η/2 is at most \(number: edges.max()!) at the end (1 would be λ₁ = 2/η).")
        }

    }
}
