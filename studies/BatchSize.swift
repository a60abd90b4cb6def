import DLCore
import DLStudy

/// Keskar et al. (2017): do large batches end in sharper minima that generalize worse? And how
/// much of the gap does the linear scaling rule (Goyal et al. 2017) close?
public enum BatchSizeStudy {
    static let fixed = ExperimentHandle("fixed"), linear = ExperimentHandle("linear")
    static let rate: Float = 0.1, epsilon = 1e-3, ascentSteps = 10, powerIterations = 20, warmupEpochs = 5

    /// Plain SGD at one fixed rate, trained to the same training loss (not for the same number
    /// of epochs): a large batch that has merely seen too few updates would otherwise look
    /// "sharp" or "worse" for the wrong reason.
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(
            data: profile == .quick ? DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: 1000) : .mnist1d,
            model: .mlp(hidden: [100, 100]),
            optimizer: .sgd(lr: rate),
            batchSize: 64,
            budget: Budget(steps: profile == .quick ? 6000 : 40_000, targetTrainLoss: profile == .quick ? 0.05 : 0.01,
                           stallSteps: 2000, stallLoss: 2.0))
    }

    static func sizes(_ profile: Profile) -> [Int] { profile == .quick ? [16, 64, 256] : [16, 64, 256, 1024] }

    public static let study = Study(
        "batchsize", title: "Small batches find flat minima",
        question: "With everything else fixed, do larger batches end in sharper minima that generalize worse — and does scaling the learning rate with the batch fix it?"
    ) { profile in
        let fixedSizes = Sweep(fixed, \.batchSize, sizes(profile), name: "batch size")
        let scaledName = "batch size (lr \(constant: Double(rate)) × B/64, warm-up)"
        let scaledSizes = Sweep(linear, name: scaledName, sizes(profile), number: { Double($0) }) { (spec: inout RunSpec, b: Int) in
            spec.batchSize = b
            spec.optimizer.lr = rate * Float(b) / 64
            spec.schedule = .warmup(.epochs(Double(warmupEpochs)), then: .constant)
        }
        let (small, large) = (fixedSizes.first, fixedSizes.last)
        let probes: [ProbeSpec] = [.sharpness(epsilon: epsilon, steps: ascentSteps), .hessianTopEigenvalue(iterations: powerIterations)]
        Prose("""
            Keskar et al. (2017) observed that networks trained with large minibatches converge to *sharp* minima \
            of the training loss — points where the loss rises quickly in some directions — and generalize worse \
            than those trained with small batches, which find *flat* minima. Here we test that on MNIST-1D: \
            the same MLP, the same initial weights and the same data order at each seed, plain SGD at one \
            learning rate (\(constant: Double(rate))); only the batch size changes.

            Every run trains until its loss on the whole training set falls below \
            \(number: base(profile).budget.targetTrainLoss!), so all runs end equally well fitted: a large \
            batch is not judged on fewer updates. We then measure sharpness two ways at the final weights: \
            Keskar's ε-sharpness (ε = \(constant: epsilon), maximized by \(ascentSteps) steps of projected sign-gradient ascent) and the \
            largest eigenvalue of the Hessian of the training loss (\(powerIterations) power iterations on Hessian-vector products).
            """)
        Experiment(fixed, base: base(profile), vary: fixedSizes.factor, seeds: Seeds(3), probes: probes, keepWeights: true)
        FigureBlock.curves(
            "loss-by-epoch", caption: "Training and test loss against epochs (log axes; mean over seeds, band ±1 sd). Samples seen are epochs × the training-set size, so this is also loss against samples seen.",
            experiment: fixed, metrics: [.trainLoss, .testLoss], x: .epoch, logX: true, logY: true)
        FigureBlock.curves(
            "loss-by-step", caption: "The same runs against optimization steps: at one learning rate every batch size needs a similar number of updates.",
            experiment: fixed, metrics: [.trainLoss, .testLoss], x: .step, logX: true, logY: true)
        FigureBlock.dots(
            "generalization", caption: "Final test accuracy and generalization gap (test − train loss) against batch size (mean, 95% CI; dots are seeds).",
            experiment: fixed, [Measure(.final(.testAccuracy)), Measure(.final(.generalizationGap))], logFactor: true)
        FigureBlock.dots(
            "sharpness", caption: "ε-sharpness and the top Hessian eigenvalue at the final weights against batch size (mean, 95% CI; dots are seeds).",
            experiment: fixed, [Measure(.sharpness), Measure(.hessianTop)], logFactor: true)
        FigureBlock.interpolation(
            "interpolation", caption: "Keskar's 1-D plot: loss along the line from the batch-\(small) solution (α = 0) to the batch-\(large) solution (α = 1) of the same seed, continued beyond both ends.",
            experiment: fixed.id, from: small.label, to: large.label)
        TableBlock("fixed", caption: "Fixed learning rate \(constant: Double(rate)).", experiment: fixed,
                   [.steps, .final(.trainLoss), .final(.testLoss), .final(.testAccuracy), .sharpness, .hessianTop])
        let sharper = Claim("Larger batches end in sharper minima (top Hessian eigenvalue)", .hessianTop, large, greaterThan: small)
        let worse = Claim("Larger batches generalize worse at a fixed learning rate", .final(.testAccuracy), small, greaterThan: large)
        sharper
        Claim("Larger batches end in sharper minima (ε-sharpness)", .sharpness, large, greaterThan: small)
        worse
        Prose { r in
            let acc = (r.mean(small, .final(.testAccuracy)), r.mean(large, .final(.testAccuracy)))
            let h = (r.mean(small, .hessianTop), r.mean(large, .hessianTop))
            let (s, w) = (r.outcome(sharper), r.outcome(worse))
            let said = { (o: ClaimOutcome) in o.reading(supported: "support", contradicted: "contradict", inconclusive: "do not settle") }
            return "At batch \(small) the runs reached the target after \(number: r.mean(small, .steps)) steps on average and ended with a top Hessian eigenvalue of \(number: h.0) and \(percent: acc.0) test accuracy; at batch \(large) they needed \(number: r.mean(large, .steps)) steps and ended at an eigenvalue of \(number: h.1) and \(percent: acc.1) accuracy. "
                + (s.verdict == .supported && w.verdict == .supported
                    ? "The larger batch found a minimum about \(ratio: h.1 / h.0) sharper that generalizes \(points: acc.0 - acc.1) worse, as Keskar et al. report. "
                    : "This is not the pattern Keskar et al. report: the seeds \(said(s)) that the larger batch ends sharper, and \(said(w)) that it generalizes worse. ")
                + "The claims' verdicts compare the two sizes seed by seed."
        }

        Heading("The linear scaling rule")
        Prose("""
            Goyal et al. (2017) scale the learning rate with the batch — batch ×k, rate ×k — with a linear \
            warm-up over the first epochs. Here the rate is \(constant: Double(rate)) × B/64 (so batch 64 keeps \(constant: Double(rate))), warmed up \
            linearly from a third of its value over \(warmupEpochs) epochs; everything else is as above.
            """)
        Experiment(linear, base: base(profile), vary: scaledSizes.factor, seeds: Seeds(3), probes: probes)
        FigureBlock.dots(
            "linear-scaling", caption: "With the learning rate scaled to the batch: test accuracy and top Hessian eigenvalue against batch size (mean, 95% CI; dots are seeds).",
            experiment: linear, [Measure(.final(.testAccuracy)), Measure(.hessianTop)], factorLabel: "batch size", logFactor: true)
        FigureBlock.pareto(
            "cost", caption: "What each setting costs: final test accuracy against the optimization steps it took to reach the target, for both experiments (mean with 95% CI both ways; faint dots are seeds; labels are batch sizes). Dashed: the Pareto front, the settings no other setting beats on both steps and accuracy.",
            experiments: [fixed, linear], metric: Measure(.final(.testAccuracy)), cost: Measure(.steps, log: true))
        TableBlock("linear", caption: "Learning rate \(constant: Double(rate)) × B/64 with \(warmupEpochs) epochs of warm-up.", experiment: linear,
                   [.steps, .final(.trainLoss), .final(.testLoss), .final(.testAccuracy), .hessianTop])
        let narrows = Claim("Linear scaling narrows the gap: batch \(large) with a scaled rate generalizes better than at the fixed rate",
                            .final(.testAccuracy), scaledSizes.last, greaterThan: large)
        narrows
        Prose { r in
            let (smallAcc, fixedAcc, scaledAcc) = (r.mean(small, .final(.testAccuracy)), r.mean(large, .final(.testAccuracy)),
                                                   r.mean(scaledSizes.last, .final(.testAccuracy)))
            let gap = smallAcc - fixedAcc, closed = gap > 0 ? (scaledAcc - fixedAcc) / gap : .nan
            guard gap.isFinite, scaledAcc.isFinite else { return "Some runs are missing or diverged; see the tables." }
            return "At batch \(large), scaling the rate moved test accuracy from \(percent: fixedAcc) to \(percent: scaledAcc)"
                + (closed.isFinite ? ", closing \(percent: closed, digits: 2) of the \(100 * gap, digits: 2)-point gap to batch \(small) (\(percent: smallAcc))." : ".")
                + r.reading(narrows, supported: "", contradicted: " The seeds contradict the claim that scaling helps: see its verdict above.",
                            inconclusive: " The seeds do not settle whether scaling helps: see the claim's verdict above.")
        }
    }
}
