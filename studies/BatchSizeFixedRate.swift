import DLCore
import DLStudy
import Foundation

extension BatchSizeStudy {
    /// One learning rate for every batch size: η/B falls as B grows.
    @StudyBuilder
    static func fixedRate(_ profile: Profile) -> [StudyBlock] {
        let fixedSizes = Self.fixedSizes(profile)
        let (small, large) = (fixedSizes.first, fixedSizes.last)
        Heading("One learning rate for every batch size")
        Experiment(fixed, base: base(profile), vary: fixedSizes.factor, seeds: seeds(profile), probes: probes, keepWeights: true)
        FigureBlock.curves(
            "loss-by-epoch", caption: "Fixed rate 0.1: training and test loss against epochs (log axes; mean over seeds, band ±1 sd). Samples seen are epochs × the training-set size, so this is also loss against samples seen.",
            experiment: fixed, metrics: [.trainLoss, .testLoss], x: .epoch, logX: true, logY: true)
        FigureBlock.curves(
            "loss-by-step", caption: "The same runs against optimization steps: at one learning rate every batch size needs a similar number of updates.",
            experiment: fixed, metrics: [.trainLoss, .testLoss], x: .step, logX: true, logY: true)
        FigureBlock.dots(
            "generalization", caption: "Fixed rate 0.1: test accuracy at the end (training loss below the target) and at the epoch of lowest validation loss, against batch size (mean, 95% CI; dots are seeds).",
            experiment: fixed, [Measure(.final(.testAccuracy)), Measure(chosenTest)], logFactor: true)
        FigureBlock.interpolation(
            "interpolation", caption: "Keskar's 1-D plot at the fixed rate: loss along the line from the batch-\(small) solution (α = 0) to the batch-\(large) solution (α = 1) of the same seed, continued beyond both ends.",
            experiment: fixed.id, from: small.label, to: large.label)
        TableBlock("fixed", caption: "Fixed learning rate 0.1 (η/B from 1/\(sizes(profile).first! * 10) to 1/\(sizes(profile).last! * 10)): the end of training.", experiment: fixed.id,
                   [.steps, .final(.trainLoss), .sharpness, .hessianTop])
        TableBlock("fixed-accuracy", caption: "Fixed learning rate 0.1: test accuracy at the end and at the epoch of lowest validation loss.", experiment: fixed.id,
                   [.final(.testAccuracy), lowestValidationLoss, chosenTest])
        let sharper = Claim("At one fixed rate, larger batches end in sharper minima (top Hessian eigenvalue)", .hessianTop, large, greaterThan: small).family("fixed-rate")
        let sharperEps = Claim("At one fixed rate, larger batches end in sharper minima (ε-sharpness)", .sharpness, large, greaterThan: small).family("fixed-rate")
        let worseEnd = Claim("At one fixed rate, larger batches generalize worse at the end of training", .final(.testAccuracy), small, greaterThan: large).family("fixed-rate")
        let worseChosen = Claim("At one fixed rate, larger batches generalize worse at the validation-chosen epoch", chosenTest, small, greaterThan: large).family("fixed-rate")
        sharper
        sharperEps
        worseEnd
        worseChosen
        Prose { r in
            let h = (r.mean(small, .hessianTop), r.mean(large, .hessianTop))
            let end = (r.mean(small, .final(.testAccuracy)), r.mean(large, .final(.testAccuracy)))
            let chosen = (r.mean(small, chosenTest), r.mean(large, chosenTest))
            return "At batch \(small) the runs reached the target after \(number: r.mean(small, .steps)) steps on average and ended with λ₁ = \(number: h.0); at batch \(large) they needed \(number: r.mean(large, .steps)) steps and ended at λ₁ = \(number: h.1). "
                + r.reading(sharper, supported: "At this one rate the larger batch ends about \(ratio: h.1 / h.0) sharper, as Keskar et al. report. ",
                            contradicted: "The larger batch ends flatter, against Keskar et al. ", inconclusive: "The seeds do not settle which is sharper. ")
                + "Test accuracy at the end is \(percent: end.0) at batch \(small) and \(percent: end.1) at batch \(large); at the validation-chosen epoch it is \(percent: chosen.0) and \(percent: chosen.1). "
                + r.reading(worseChosen, supported: "So at one rate the larger batch also generalizes worse, by \(points: chosen.0 - chosen.1) where early stopping would stop (\(points: end.0 - end.1) at the end, deep in overfitting). ",
                            contradicted: "At the chosen epoch the larger batch generalizes better. ",
                            inconclusive: "At the chosen epoch the seeds do not settle which generalizes better (the gap at the end, deep in overfitting, is \(points: end.0 - end.1)). ")
                + "The lowest validation loss is \(number: r.mean(small, lowestValidationLoss)) at batch \(small) and \(number: r.mean(large, lowestValidationLoss)) at batch \(large). "
                + "But every batch size here also had a different η/B; the next two experiments hold η/B fixed or tune η."
        }
        Prose { r in
            let counts = fixedSizes.levels.map { level in (level, r[level]?.orderedValues(spikes) ?? []) }
            guard counts.contains(where: { $0.1.contains { $0 > 0 } }) else {
                return "The training loss fell without a spike at every batch size: no epoch's loss was \(Format.plain(spikeFactor)) times the one before."
            }
            let rows = counts.map { level, v in "\(v.filter { $0 > 0 }.count) of \(v.count) seeds at batch \(level) (\(number: r.mean(level, spikes), digits: 2) per run)" }
            return "The training loss does not always fall smoothly. An epoch whose training loss is at least \(Format.plain(spikeFactor)) times the one before happened in \(list: rows). "
                + "The seeds spike at different epochs, which is what makes the mean curves above jagged. What causes the spikes is not measured here: λ₁ is probed only at the end, "
                + "and Cohen et al. (2021) see such spikes when λ₁ rises past 2/η during training."
        }

    }
}
