import DLCore
import DLStudy

/// What batch normalization buys, claim by claim (Ioffe & Szegedy 2015; Santurkar et al. 2018):
/// a wider usable learning-rate range, faster convergence, a deep plain network that trains,
/// dropout and L2 that can go, and a smoother loss along the gradient. The claims that BN helps
/// form one family and the claims that it replaces a regularizer another, each Holm-adjusted.
public enum BatchNormStudy {
    static let plain = ExperimentHandle("plain"), bn = ExperimentHandle("bn"), deep = ExperimentHandle("deep")
    static let dropout = ExperimentHandle("dropout"), l2 = ExperimentHandle("l2")
    static let rates: [Float] = [0.01, 0.03, 0.1, 0.3, 1, 3]
    static let commonRate: Float = 0.1, dropoutRate: Float = 0.2, decay: Float = 5e-4
    static let depth = 16, deepWidth = 64, width = 100
    /// The non-inferiority margin, stated before the runs: one point of test accuracy.
    static let margin = 0.01
    static let stepSizes = [0.05, 0.1, 0.2, 0.4, 0.8]

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 8 : 20 }
    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 3 : 5) }

    /// The two-layer MLP on MNIST-1D with plain SGD; `batchNorm` adds BN after each hidden linear layer.
    static func base(_ profile: Profile, batchNorm: Bool) -> RunSpec {
        RunSpec(
            data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: 3500, validationSamples: 500),
            model: .mlp(hidden: [width, width], batchNorm: batchNorm),
            optimizer: .sgd(lr: commonRate),
            batchSize: 64,
            budget: .epochs(epochs(profile)))
    }

    /// Final test accuracy with a diverged run counted at chance (10%), so that a rate at which
    /// one network blows up still pairs with the other's seed instead of dropping out.
    static let accuracyOrChance = Quantity.custom("test accuracy (diverged = 0.1)") { record in
        record.status == .diverged ? 0.1 : record.final?.testAccuracy
    }
    static let validationOrChance = Quantity.custom("validation accuracy (diverged = 0.1)") { record in
        record.status == .diverged ? 0.1 : record.final?.validationAccuracy
    }
    static let lossAfterOneEpoch = Quantity.custom("train loss after epoch 1") { record in
        record.epochs.first { $0.epoch == 1 }?.trainLoss
    }
    static let gradChange = Quantity.probe("landscape.grad_change").named("‖Δ∇L‖, end")
    static let lossRange = Quantity.probe("landscape.loss_range").named("loss variation, end")
    static let beta = Quantity.probe("landscape.beta").named("β, end")
    static let gradChangeInit = Quantity.probe("landscape_init.grad_change").named("‖Δ∇L‖, init")
    static let gradNormInit = Quantity.probe("landscape_init.grad_norm").named("‖g‖, init")
    static let betaInit = Quantity.probe("landscape_init.beta").named("β, init")

    /// The rates of a sweep whose mean validation accuracy is within 5 points of the sweep's best.
    static func usable(_ r: StudyResults, _ sweep: Sweep<Float>) -> [Float] {
        let means = sweep.levels.map { r.mean($0, validationOrChance) }
        guard let best = means.filter(\.isFinite).max() else { return [] }
        return zip(sweep.values, means).filter { $0.1 >= best - 0.05 }.map(\.0)
    }

    public static let study = Study(
        "batchnorm", title: "Batch normalization on a small MLP: a wider learning-rate range, a faster start and a deep network that trains — but no smoother loss along the gradient",
        question: "Which of the usual claims for batch normalization hold on a small MLP on MNIST-1D: more freedom in the learning rate, faster convergence, deep plain networks that train, dropout and L2 that can be removed, a smoother loss landscape?"
    ) { profile in
        let probes: [ProbeSpec] = [.landscapeSmoothness(stepSizes: stepSizes), .landscapeSmoothness(stepSizes: stepSizes, atInitialization: true)]
        let plainRates = Sweep(plain, \.optimizer.lr, rates, name: "learning rate") { Format.plain(Double($0)) }
        let bnRates = Sweep(bn, \.optimizer.lr, rates, name: "learning rate") { Format.plain(Double($0)) }
        let (top, common) = (bnRates.last, bnRates[commonRate])
        Prose("""
            Ioffe & Szegedy (2015) introduced batch normalization (BN) and credited it with several benefits, \
            repeated in course notes ever since: a higher and freer choice of learning rate, faster training, \
            deep networks that train at all, and less need for dropout and L2 regularization. Santurkar et al. \
            (2018) argued that the reason is not the "internal covariate shift" BN was named for but a smoother \
            loss landscape: along the gradient, the loss and the gradient change less. Each claim is tested here \
            on MNIST-1D (Greydanus 2020) with a \(width)-\(width) ReLU MLP and plain SGD at batch 64 for \
            \(epochs(profile)) epochs, with and without BN after each hidden linear layer. At each seed both \
            networks see the same data order (common random numbers), so the claims compare them seed by seed.

            The claims that BN *helps* (range, convergence, depth, smoothness) form one family and the claims \
            that BN *replaces* a regularizer form another; within each family the p-values are adjusted with \
            Holm's step-down procedure before a verdict is given, as the evidence lines say.
            """)

        Heading("Learning-rate range")
        Prose("""
            The same grid of \(spelled: rates.count) log-spaced rates, \(list: rates.map { Format.plain(Double($0)) }), for both \
            networks, with \(number: Double(base(profile, batchNorm: false).data.validationSamples ?? 0)) training samples held out as a \
            validation set. A rate counts as *usable* when its mean validation accuracy is within 5 points of the \
            best rate of the same network. A run that diverges counts at chance (accuracy 0.1) and is shown, not dropped.
            """)
        Experiment(plain, base: base(profile, batchNorm: false), vary: plainRates.factor, seeds: seeds(profile), probes: probes)
        Experiment(bn, base: base(profile, batchNorm: true), vary: bnRates.factor, seeds: seeds(profile), probes: probes)
        FigureBlock.sweepsCompared(
            "rates", caption: "Final validation and test accuracy against the learning rate, without and with BN (log rate axis; mean with 95% CI, faint dots are seeds; a diverged run is plotted at 0.1, chance).",
            experiments: [(plain, "plain"), (bn, "BN")], [Measure(validationOrChance), Measure(accuracyOrChance)], factorLabel: "learning rate")
        TableBlock("plain", caption: "Without BN.", experiment: plain, [.final(.trainLoss), validationOrChance, accuracyOrChance])
        TableBlock("bn", caption: "With BN.", experiment: bn, [.final(.trainLoss), validationOrChance, accuracyOrChance])
        let wider = Claim("At the largest rate (\(top)), the network with BN ends more accurate than the one without",
                          accuracyOrChance, top, greaterThan: plainRates.last).family("bn-helps")
        wider
        Prose { r in
            let (p, b) = (usable(r, plainRates), usable(r, bnRates))
            func span(_ v: [Float]) -> String { v.isEmpty ? "none" : "\(Format.plain(Double(v.first!))) to \(Format.plain(Double(v.last!))) (\(v.count) of \(rates.count) rates)" }
            return "Usable rates on validation: without BN \(span(p)); with BN \(span(b)). At rate \(top) the plain network ends at \(percent: r.mean(plainRates.last, accuracyOrChance)) test accuracy and the BN network at \(percent: r.mean(top, accuracyOrChance)). "
                + r.reading(wider, supported: "The wider range holds at its upper end.",
                            contradicted: "At its upper end the range is narrower with BN, against the claim.",
                            inconclusive: "The seeds do not settle the upper end after adjustment.")
        }

        Heading("Convergence")
        Prose("""
            At the common rate \(constant: Double(commonRate)) (in both grids), the training loss over the epochs; the claim \
            compares the loss on the whole training set after the first epoch.
            """)
        FigureBlock.curves("convergence-plain", caption: "Without BN: training loss per epoch at each rate (mean over seeds, band ±1 sd; log loss axis).",
                           experiment: plain, metrics: [.trainLoss], logY: true)
        FigureBlock.curves("convergence-bn", caption: "With BN: training loss per epoch at each rate (mean over seeds, band ±1 sd; log loss axis).",
                           experiment: bn, metrics: [.trainLoss], logY: true)
        let faster = Claim("At rate \(commonRate), BN reaches a lower training loss after one epoch",
                           lossAfterOneEpoch, common, lessThan: plainRates[commonRate]).family("bn-helps")
        faster
        Prose { r in
            "After one epoch at rate \(commonRate) the training loss is \(number: r.mean(plainRates[commonRate], lossAfterOneEpoch)) without BN and \(number: r.mean(common, lossAfterOneEpoch)) with it. "
                + r.reading(faster, supported: "BN starts faster here.", contradicted: "BN starts slower here.",
                            inconclusive: "The seeds do not settle which starts faster.")
        }

        Heading("A deep plain network")
        Prose("""
            \(depth) hidden layers of \(deepWidth) ReLU units with PyTorch's default initialization (uniform, variance \
            1/(3·fan-in), which shrinks the signal at every layer), trained at rate \(constant: Double(commonRate)) with \
            and without BN. Vanishing signals were one of the problems BN was said to solve.
            """)
        let deepPlain = deep.level("plain"), deepBN = deep.level("BN")
        Experiment(deep, base: base(profile, batchNorm: false), vary: Vary("network", [
            Level(deepPlain) { $0.model = .mlp(hidden: Array(repeating: deepWidth, count: depth)) },
            Level(deepBN) { $0.model = .mlp(hidden: Array(repeating: deepWidth, count: depth), batchNorm: true) },
        ]), seeds: seeds(profile))
        FigureBlock.curves("deep", caption: "\(depth)-layer MLP: training loss per epoch without and with BN (mean over seeds, band ±1 sd). ln 10 ≈ 2.30 is the loss of a uniform guess.",
                           experiment: deep, metrics: [.trainLoss])
        TableBlock("deep", caption: "\(depth) hidden layers of \(deepWidth).", experiment: deep, [.final(.trainLoss), .lossReduction, .final(.testAccuracy)])
        let trains = Claim("With BN the \(depth)-layer network ends with a lower training loss", .final(.trainLoss), deepBN, lessThan: deepPlain).family("bn-helps")
        trains
        Prose { r in
            "Without BN the deep network removes \(percent: r.mean(deepPlain, .lossReduction)) of its starting loss and ends at \(percent: r.mean(deepPlain, .final(.testAccuracy))) test accuracy; with BN it removes \(percent: r.mean(deepBN, .lossReduction)) and ends at \(percent: r.mean(deepBN, .final(.testAccuracy))). "
                + r.reading(trains, supported: "BN makes the deep network trainable at this rate.", contradicted: "Here BN makes it worse.",
                            inconclusive: "The seeds do not settle it.")
        }

        Heading("A smoother landscape")
        Prose("""
            Santurkar et al.'s measures, at the start and at the end of training at rate \(constant: Double(commonRate)): at the \
            weights w, with the gradient g of the training loss on a fixed batch of 512 training samples (BN in \
            training mode, normalizing with the batch's statistics as during training), the loss and the gradient \
            at w − ηg for η in \(list: stepSizes.map { Format.plain($0) }). *Gradient predictiveness* is the largest \
            change ‖∇L(w) − ∇L(w − ηg)‖ over those steps (smaller: the gradient predicts better where a step \
            leads), *loss variation* the range of L(w − ηg), and the effective β-smoothness the largest \
            change in gradient per unit of distance moved.
            """)
        FigureBlock.sweepsCompared(
            "smoothness", caption: "At the end of training: gradient predictiveness (largest gradient change along the gradient, left) and loss variation (right) against the learning rate, without and with BN (log axes; geometric mean with a 95% CI computed on the logarithms; faint dots are seeds).",
            experiments: [(plain, "plain"), (bn, "BN")], [Measure(gradChange, label: "gradient change ‖Δ∇L‖ (max over η)", log: true), Measure(lossRange, label: "loss variation (max − min over η)", log: true)], factorLabel: "learning rate")
        TableBlock("smoothness", caption: "With BN: landscape measures per rate. ‖g‖: gradient norm; ‖Δ∇L‖: gradient predictiveness, the largest ‖∇L(w) − ∇L(w − ηg)‖ over the step sizes; loss variation: the range of L(w − ηg); β: the largest gradient change per unit of distance moved; at initialization (the same for every rate) and at the end of training.", experiment: bn,
                   [gradNormInit, gradChangeInit, betaInit, gradChange, lossRange, beta])
        TableBlock("smoothness-plain", caption: "The same measures without BN.", experiment: plain,
                   [gradNormInit, gradChangeInit, betaInit, gradChange, lossRange, beta])
        let predictive = Claim("At rate \(commonRate), the gradient changes less along the gradient direction with BN (end of training)",
                               gradChange, common, lessThan: plainRates[commonRate]).family("bn-helps")
        let flatter = Claim("At rate \(commonRate), the loss varies less along the gradient direction with BN (end of training)",
                            lossRange, common, lessThan: plainRates[commonRate]).family("bn-helps")
        predictive
        flatter
        Claim("At initialization, the gradient changes less along the gradient direction with BN",
              gradChangeInit, common, lessThan: plainRates[commonRate]).family("bn-helps")
        Prose { r in
            "At rate \(commonRate) the largest gradient change along the gradient is \(number: r.mean(plainRates[commonRate], gradChange)) without BN and \(number: r.mean(common, gradChange)) with it; the loss varies by \(number: r.mean(plainRates[commonRate], lossRange)) and \(number: r.mean(common, lossRange)). "
                + r.reading(predictive, supported: "The gradient is more predictive with BN, as Santurkar et al. report. ",
                            contradicted: "The gradient is less predictive with BN here, against Santurkar et al. ",
                            inconclusive: "The seeds do not settle whether the gradient is more predictive with BN at the end of training. ")
                + "At initialization the comparison is not scale-free: the gradient's norm is \(number: r.mean(plainRates[commonRate], gradNormInit)) without BN and \(number: r.mean(common, gradNormInit)) with it (PyTorch's default initialization shrinks the plain network's signal), so the same step sizes move the BN network further. Per unit of distance moved the gradient still changes more with BN at initialization (effective β-smoothness \(number: r.mean(plainRates[commonRate], betaInit)) without BN, \(number: r.mean(common, betaInit)) with it)."
        }

        Heading("Does BN replace dropout and L2?")
        Prose("""
            The BN network at rate \(constant: Double(commonRate)) with dropout (p = \(constant: Double(dropoutRate)) after each hidden \
            ReLU) against without; and with weight decay \(constant: Double(decay)) against a tenfold smaller \
            \(constant: Double(decay / 10)). "BN lets you remove dropout" and "reduce L2" are claims of *no loss*, so they are \
            tested as non-inferiority: removing dropout (or reducing L2) costs at most \(percent: margin) of test accuracy, \
            supported when the 90% interval of the paired difference stays above −\(percent: margin).
            """)
        let withDropout = dropout.level("BN + dropout"), withoutDropout = dropout.level("BN, no dropout")
        Experiment(dropout, base: base(profile, batchNorm: true), vary: Vary("regularizer", [
            Level(withDropout) { $0.model = .mlp(hidden: [width, width], dropout: dropoutRate, batchNorm: true) },
            Level(withoutDropout) { _ in },
        ]), seeds: seeds(profile))
        let fullDecay = l2.level("BN, L2 \(Format.plain(Double(decay)))"), lessDecay = l2.level("BN, L2 \(Format.plain(Double(decay / 10)))")
        Experiment(l2, base: base(profile, batchNorm: true), vary: Vary("regularizer", [
            Level(fullDecay) { $0.optimizer = .sgd(lr: commonRate, weightDecay: decay) },
            Level(lessDecay) { $0.optimizer = .sgd(lr: commonRate, weightDecay: decay / 10) },
        ]), seeds: seeds(profile))
        TableBlock("dropout", caption: "BN with and without dropout.", experiment: dropout, [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
        TableBlock("l2", caption: "BN with full and reduced L2.", experiment: l2, [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
        FigureBlock.dots("replaces", caption: "Final test accuracy of the BN network with and without dropout (mean, 95% CI; dots are seeds).",
                         experiment: dropout, [Measure(.final(.testAccuracy))], horizontal: true)
        let noDropout = Claim.notWorse("With BN, removing dropout costs at most \(Format.percent(margin)) of test accuracy",
                                       .final(.testAccuracy), withoutDropout, than: withDropout, by: margin, higherIsBetter: true).family("bn-replaces")
        let lessL2 = Claim.notWorse("With BN, reducing L2 tenfold costs at most \(Format.percent(margin)) of test accuracy",
                                    .final(.testAccuracy), lessDecay, than: fullDecay, by: margin, higherIsBetter: true).family("bn-replaces")
        noDropout
        lessL2
        Prose { r in
            "Removing dropout moves test accuracy from \(percent: r.mean(withDropout, .final(.testAccuracy))) to \(percent: r.mean(withoutDropout, .final(.testAccuracy))); "
                + r.reading(noDropout, supported: "within the margin, so here BN does let dropout go. ",
                            contradicted: "more than the margin lost, so here BN does not replace dropout. ",
                            inconclusive: "the seeds cannot tell whether the cost is within the margin. ")
                + "Reducing L2 tenfold moves it from \(percent: r.mean(fullDecay, .final(.testAccuracy))) to \(percent: r.mean(lessDecay, .final(.testAccuracy))); "
                + r.reading(lessL2, supported: "within the margin.", contradicted: "more than the margin lost.",
                            inconclusive: "the seeds cannot tell whether the cost is within the margin.")
        }

        References(
            Citation("Sergey Ioffe, Christian Szegedy", 2015, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift",
                     "Proceedings of the 32nd International Conference on Machine Learning (ICML), PMLR 37:448–456; arXiv:1502.03167", url: "https://arxiv.org/abs/1502.03167"),
            Citation("Shibani Santurkar, Dimitris Tsipras, Andrew Ilyas, Aleksander Mądry", 2018, "How Does Batch Normalization Help Optimization?",
                     "Advances in Neural Information Processing Systems 31 (NeurIPS 2018); arXiv:1805.11604", url: "https://arxiv.org/abs/1805.11604"),
            .greydanus2020,
            .holm1979,
            .schuirmann1987
        )
        DoesNotShow(
            "Anything about convolutional networks or images at scale: one small MLP on MNIST-1D (a 1-D toy task), \(epochs(profile)) epochs, \(seeds(profile).values.count) seeds.",
            "Convergence at each network's own best rate: the convergence and smoothness claims compare both networks at one common rate, \(commonRate), not at rates tuned for each.",
            "Santurkar et al.'s full trajectory: the landscape is measured at two points (initialization and the end of training), not at every step, on one fixed batch, with step sizes fixed rather than scaled to each run's rate.",
            "Faster learning-rate decay, one of the notes' claims: no schedule is varied here.",
            "Why BN helps: the smoothness measures correlate with BN here but no experiment isolates them as the cause (Santurkar et al.'s noisy-BN control is not run).",
            "Dropout and L2 at other strengths: one dropout rate (\(dropoutRate)) and one tenfold reduction of L2; the non-inferiority margin (one point) was chosen before the runs and a different margin can change those verdicts."
        )
    }
}
