import DLCore
import DLStudy
import Foundation

/// Keskar et al. (2017): do large batches end in sharper minima that generalize worse? Three
/// experiments separate the batch size B from the learning rate per example η/B: one fixed rate
/// (η/B falls as B grows), the linear scaling rule (η/B held fixed; Goyal et al. 2017) and the
/// rate tuned per batch size on a validation split.
public enum BatchSizeStudy {
    static let fixed = ExperimentHandle("fixed"), linear = ExperimentHandle("linear"), tuned = ExperimentHandle("tuned")
    static let rate: Float = 0.1, epsilon = 1e-3, ascentSteps = 10, powerIterations = 20, warmupEpochs = 5
    /// The equivalence margins of the linear scaling rule, stated before the runs: 2 points of
    /// test accuracy, and 0.1 in log₁₀ λ₁ (a factor 10^0.1 ≈ 1.26).
    static let accuracyMargin = 0.02, sharpnessMargin = 0.1
    /// Early stopping of the tuning runs: epochs without a lower validation loss.
    static let patience = 10
    static let width = 100

    static func sizes(_ profile: Profile) -> [Int] { profile == .quick ? [16, 64, 256] : [16, 64, 256, 1024] }
    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 3 : 5) }
    /// The tuning grid: multiples of the linearly scaled rate 0.1 × B/64, a factor 2 apart.
    static func multiples(_ profile: Profile) -> [Double] { profile == .quick ? [0.5, 1, 2] : [0.25, 0.5, 1, 2, 4] }
    static func scaled(_ b: Int) -> Float { rate * Float(b) / 64 }
    static func tunedLabel(_ b: Int, _ m: Double) -> String { "B \(b), η \(Format.plain(Double(scaled(b)) * m))" }

    /// Plain SGD at one fixed rate, trained to the same training loss (not for the same number
    /// of epochs): a large batch that has merely seen too few updates would otherwise look
    /// "sharp" or "worse" for the wrong reason. A validation split chooses epochs and rates.
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(
            data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: profile == .quick ? 1000 : 3500, validationSamples: 500),
            model: .mlp(hidden: [width, width]),
            optimizer: .sgd(lr: rate),
            batchSize: 64,
            budget: Budget(steps: profile == .quick ? 6000 : 40_000, targetTrainLoss: profile == .quick ? 0.05 : 0.01,
                           stallSteps: 2000, stallLoss: 2.0))
    }

    /// The tuning runs: the same network and data, stopped by validation loss instead of a target.
    static func tuningBase(_ profile: Profile) -> RunSpec {
        var spec = base(profile)
        spec.budget = Budget(steps: profile == .quick ? 3000 : 20_000)
        spec.earlyStopping = EarlyStoppingConfig(monitor: "val_loss", mode: .min, patience: patience)
        return spec
    }

    // Stopping chosen on validation: each run is read at its epoch of lowest validation loss.
    static let chosenTest = Quantity.atBestEpoch(of: .validationLoss, .testAccuracy)
    static let chosenValidation = Quantity.atBestEpoch(of: .validationLoss, .validationAccuracy)
    static let chosenStep = Quantity.stepOfBest(.validationLoss).named("step of lowest validation loss")
    static let lowestValidationLoss = Quantity.best(.validationLoss)
    static let logHessian = Quantity.custom("log₁₀ λ₁") { r in r.probes["hessian_top"]?.first.flatMap { $0 > 0 ? log10($0) : nil } }
    /// λ₁ against the edge of stability 2/η (Cohen et al. 2021): 1 means at the edge.
    static let edge = Quantity.custom("λ₁ η / 2") { r in
        guard let h = r.probes["hessian_top"]?.first, let lr = r.epochs.last?.learningRate else { return nil }
        return h * lr / 2
    }

    public static let study = Study(
        "batchsize", title: "Batch size alone does not make minima sharp: larger batches end sharper only at one fixed learning rate; with the rate scaled or tuned to the batch, the largest batch ends flattest and no less accurate",
        question: "Do larger batches end in sharper minima that generalize worse, or is it the ratio of learning rate to batch size (η/B) that matters — and does scaling or tuning the rate per batch size remove the gap?"
    ) { profile in
        let fixedSizes = Sweep(fixed, \.batchSize, sizes(profile), name: "batch size")
        let scaledSizes = Sweep(linear, name: "batch size", sizes(profile), number: { Double($0) }) { (spec: inout RunSpec, b: Int) in
            spec.batchSize = b
            spec.optimizer.lr = scaled(b)
            spec.schedule = .warmup(.epochs(Double(warmupEpochs)), then: .constant)
        }
        let grid = sizes(profile).flatMap { b in multiples(profile).map { (b, $0) } }
        let tunedGrid = Factor("batch size, learning rate", levels: grid.map { b, m in
            Level(tunedLabel(b, m), value: Double(scaled(b)) * m / Double(b)) { spec in
                spec.batchSize = b
                spec.optimizer.lr = scaled(b) * Float(m)
            }
        })
        let (small, large) = (fixedSizes.first, fixedSizes.last)
        let (scaledSmall, scaledLarge, reference) = (scaledSizes.first, scaledSizes.last, scaledSizes[64])
        let n = seeds(profile).values.count
        let probes: [ProbeSpec] = [.sharpness(epsilon: epsilon, steps: ascentSteps), .hessianTopEigenvalue(iterations: powerIterations)]
        Prose("""
            Keskar et al. (2017) observed that networks trained with large minibatches converge to *sharp* minima \
            of the training loss — points where the loss rises quickly in some directions — and generalize worse \
            than those trained with small batches, which find *flat* minima. But at one learning rate η a larger \
            batch B also means a smaller step per example, η/B, and less gradient noise: Goyal et al. (2017) scale \
            η with B, and Smith & Le (2018) and Smith et al. (2018) argue that the noise scale, proportional to \
            η/B, not B itself, sets what SGD finds. This page separates the two on MNIST-1D (Greydanus 2020) with \
            one \(width)-\(width) ReLU MLP, the same initial weights and data order at each of \(n) seeds (common \
            random numbers), and three experiments: one fixed rate (η/B falls as B grows), the linear scaling \
            rule (η/B held fixed), and the rate tuned per batch size on a validation split.

            The first two train until the loss on the whole training set falls below \
            \(number: base(profile).budget.targetTrainLoss!), so all runs end equally well fitted and a large \
            batch is not judged on fewer updates. At the final weights we measure sharpness two ways: the \
            largest eigenvalue λ₁ of the Hessian of the training loss (\(powerIterations) power iterations on \
            Hessian-vector products), and Keskar's ε-sharpness, the largest relative rise of the training loss \
            within a box of relative size ε = \(constant: epsilon) around the weights w, \
            100 × (max over ‖δ‖ ≤ ε(|w| + 1) of L(w + δ) − L(w)) / (1 + L(w)), maximized by \(ascentSteps) steps \
            of projected sign-gradient ascent. Training to a low loss overfits, so test accuracy is reported \
            twice: at the end, and at the epoch of lowest validation loss (\(count: base(profile).data.validationSamples!) \
            training signals held out), the epoch early stopping would pick. The test set is never used to choose anything.
            """)

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

        Heading("The rate tuned per batch size on validation")
        Prose("""
            A fixed rate is a straw man for every batch size but one, and the linear rule is a rule, not an \
            optimum. So each batch size gets the same tuning budget: \(multiples(profile).count) learning rates, \
            \(list: multiples(profile).map { Format.plain($0) }) × 0.1 × B/64 (a factor 2 apart, centred on the \
            linear rule), each run at most \(count: tuningBase(profile).budget.steps!) steps and stopped when the \
            validation loss has not improved for \(patience) epochs, \(n) seeds each — \(count: grid.count * n) \
            runs. Each run is read at its epoch of lowest validation loss; for each batch size the rate with \
            the highest mean validation accuracy there is chosen, and only then is its test accuracy read. \
            These runs have no sharpness probes: they stop at different training losses.
            """)
        Experiment(tuned, base: tuningBase(profile), vary: tunedGrid, seeds: seeds(profile))
        FigureBlock.against(
            "tuning", caption: "The tuning grid: validation accuracy at each run's epoch of lowest validation loss against η/B, one line per batch size (mean, 95% CI; faint dots are seeds). The chosen rate is each line's highest point.",
            series: sizes(profile).map { b in AgainstSeries(tuned, "B = \(b)", only: { $0.batchSize == b }) }, x: .rateOverBatch,
            [Measure(chosenValidation, label: "validation accuracy at the chosen epoch (%)")])
        FigureBlock.against(
            "accuracy-by-batch", caption: "Test accuracy at the validation-chosen epoch against batch size: one fixed rate, the rate scaled to the batch, and the rate tuned per batch size on validation (mean, 95% CI; faint dots are seeds).",
            series: [AgainstSeries(fixed, "η = 0.1"), AgainstSeries(linear, "η = 0.1 × B/64"), AgainstSeries(tuned, "η tuned on validation", chooseBy: chosenValidation)],
            x: .batchSize, [Measure(chosenTest, label: "test accuracy at the chosen epoch (%)")])
        TableBlock("tuned", caption: "The tuning grid: each batch size at each rate, read at the epoch of lowest validation loss.", experiment: tuned.id,
                   [chosenValidation, chosenTest, chosenStep, .steps])
        Prose { r in
            let chosen = r.chosen(in: tuned, groupedBy: { Double($0.batchSize) }, by: chosenValidation)
            guard let first = chosen.first?.level, let last = chosen.last?.level else { return "The tuning runs are missing; see the table." }
            let picks = chosen.map { "\($0.level) (\(percent: r.mean($0.level, chosenTest)))" }
            var text = "Chosen on validation, with the test accuracy each then reaches: \(list: picks). "
            let diverged = (r[tuned]?.cells ?? []).filter { !$0.diverged.isEmpty }
            text += diverged.isEmpty ? "No tuning run diverged. "
                : "Diverged (no value; the level's mean is over its other seeds, and the figure shows only those): \(list: diverged.map { "\($0.diverged.count) of \($0.runs.count) seeds at \($0.label)" }). "
            let edges = chosen.filter { pick in
                let lr = r[pick.level]?.cell.spec.optimizer.lr ?? 0, b = Int(pick.group)
                return [multiples(profile).first!, multiples(profile).last!].contains { abs(Double(scaled(b)) * $0 - Double(lr)) < 1e-6 }
            }
            if !edges.isEmpty {
                text += "The choice lies at an end of the grid for \(list: edges.map { "batch \(Int($0.group))" }), so a wider grid might choose differently there. "
            }
            if let a = r[last], let b = r[first] {
                // Two one-sided tests at the 5% level (the 90% interval), as `Claim.equivalent` reads them.
                let paired = PairedComparison(a.values(chosenTest), b.values(chosenTest), greater: true)
                let d = ClaimTestResult(differences: paired.differences, test: .equivalence(margin: accuracyMargin), greater: true)
                text += "Tuned, the largest batch is \(d.meanDifference >= 0 ? "ahead of" : "behind") the smallest by \(points: abs(d.meanDifference)) (paired difference, 90% interval \(points: d.intervalLow) to \(points: d.intervalHigh)): "
                    + d.verdict.reading(supported: "within the \(Format.points(accuracyMargin)) margin (two one-sided tests, p = \(number: d.pValue)), so with its own rate the batch size does not matter here.",
                                        contradicted: "more than the \(Format.points(accuracyMargin)) margin, so even tuned the batch size matters here.",
                                        inconclusive: d.intervalLow > 0 ? "the largest batch is better, but the seeds cannot tell whether by more than the \(Format.points(accuracyMargin)) margin."
                                            : d.intervalHigh < 0 ? "the largest batch is worse, but the seeds cannot tell whether by more than the \(Format.points(accuracyMargin)) margin."
                                            : "the seeds cannot tell the two apart, nor whether they are within the \(Format.points(accuracyMargin)) margin.")
                    + " (This reading is not one of the Holm-adjusted claims: which levels it compares is decided by the validation results.)"
            }
            return text
        }

        References(
            Citation("Nitish Shirish Keskar, Dheevatsa Mudigere, Jorge Nocedal, Mikhail Smelyanskiy, Ping Tak Peter Tang", 2017,
                     "On Large-Batch Training for Deep Learning: Generalization Gap and Sharp Minima",
                     "International Conference on Learning Representations (ICLR 2017); arXiv:1609.04836", url: "https://arxiv.org/abs/1609.04836"),
            Citation("Priya Goyal, Piotr Dollár, Ross Girshick, Pieter Noordhuis, Lukasz Wesolowski, Aapo Kyrola, Andrew Tulloch, Yangqing Jia, Kaiming He", 2017,
                     "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", "arXiv:1706.02677", url: "https://arxiv.org/abs/1706.02677"),
            Citation("Samuel L. Smith, Quoc V. Le", 2018, "A Bayesian Perspective on Generalization and Stochastic Gradient Descent",
                     "International Conference on Learning Representations (ICLR 2018); arXiv:1710.06451", url: "https://arxiv.org/abs/1710.06451"),
            Citation("Samuel L. Smith, Pieter-Jan Kindermans, Chris Ying, Quoc V. Le", 2018, "Don't Decay the Learning Rate, Increase the Batch Size",
                     "International Conference on Learning Representations (ICLR 2018); arXiv:1711.00489", url: "https://arxiv.org/abs/1711.00489"),
            Citation("Laurent Dinh, Razvan Pascanu, Samy Bengio, Yoshua Bengio", 2017, "Sharp Minima Can Generalize For Deep Nets",
                     "Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR 70:1019–1028; arXiv:1703.04933", url: "https://arxiv.org/abs/1703.04933"),
            Citation("Jeremy M. Cohen, Simran Kaur, Yuanzhi Li, J. Zico Kolter, Ameet Talwalkar", 2021,
                     "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability",
                     "International Conference on Learning Representations (ICLR 2021); arXiv:2103.00065", url: "https://arxiv.org/abs/2103.00065"),
            .greydanus2020,
            .holm1979,
            .schuirmann1987
        )
        DoesNotShow(
            "That sharpness causes worse generalization: sharpness and accuracy move together here, but no experiment changes one without the other. Dinh et al. (2017) show that sharpness is not invariant to reparametrization — a ReLU network can be rescaled layer by layer into an arbitrarily sharp minimum computing the same function — so λ₁ and ε-sharpness describe these weights, not the function.",
            "The edge of stability: Cohen et al. (2021) find full-batch gradient descent drives λ₁ up to about 2/η. λ₁ is measured once, at the end, not along training, so whether a run sat at the edge earlier is not shown; at the end every setting is below it (see above).",
            "Anything at scale: one \(width)-\(width) MLP on MNIST-1D (a 1-D toy task, \(Format.count(base(profile).data.trainSamples!)) training signals), plain SGD without momentum or weight decay, \(n) seeds, batch sizes \(Format.list(sizes(profile).map(String.init))). Keskar et al. and Goyal et al. report ImageNet-scale networks, where the linear rule breaks down beyond some batch size.",
            "Smith et al. (2018)'s schedule — increasing the batch instead of decaying the rate — is not run: every run here has a constant rate after warm-up.",
            "A tuned rate with its own stopping for the sharpness comparison: the tuned runs stop at different training losses and carry no sharpness probes; sharpness is compared only between runs trained to the same loss.",
            "Other tuning budgets: \(multiples(profile).count) rates per batch size a factor 2 apart, and the equivalence margins (\(Format.points(accuracyMargin)), \(Format.number(sharpnessMargin)) in log₁₀ λ₁) chosen before the runs; a finer grid or other margins can change those verdicts."
        )
    }
}
