import DLCore
import DLStudy
import Foundation

/// The averaging study's page: the setup in words, the comparison, the notes' claims, flatness,
/// references and limits.
enum AveragingText {
    typealias S = AveragingStudy
    typealias M = AveragingMethods

    /// Names for claims whose values come from the methods' derived jobs.
    static let accuracy = Quantity.custom("test accuracy") { _ in nil }
    static let ece = Quantity.custom("test ECE") { _ in nil }
    static let nll = Quantity.custom("test NLL") { _ in nil }
    static let gain = Quantity.custom("accuracy gain over the members' mean") { _ in nil }
    static let flatness = Quantity.custom("λ₁ of the chosen model") { _ in nil }

    static func level(_ label: String) -> LevelHandle { S.single.level(label) }

    @StudyBuilder
    static func introduction(_ profile: Profile) -> [StudyBlock] {
        let e = S.epochs(profile)
        Prose("""
            The notes say that stochastic weight averaging (SWA; Izmailov et al. 2018) *gives one model that beats \
            snapshot ensembles and approaches fast geometric ensembling (FGE; Garipov et al. 2018)*, that \
            *ensembles of different architectures gain more*, and that ridge regression is one way to combine \
            predictions (stacking; Wolpert 1992). Here each is tested on MNIST-1D against the plain baselines, \
            on accuracy, on negative log-likelihood (NLL) and on calibration (expected calibration error, ECE, in \
            \(EnsembleEvaluation.bins) equal-width bins of confidence; Guo et al. 2017).

            Every run: an MLP (40 inputs, hidden \(S.hidden.map(String.init).joined(separator: "–")), ReLU), SGD with \
            momentum \(constant: Double(S.momentum)) and weight decay \(constant: Double(S.weightDecay)) at lr \
            \(constant: Double(S.learningRate)), batch \(S.batchSize), **\(e) epochs**, the rate annealed to 0 by a cosine \
            unless a method changes it. The last \(S.validationSamples) of the 4,000 training samples are a validation \
            split: every choice below is made on it (lowest validation NLL), never on the test set. The base \
            optimizer's settings were fixed beforehand, not tuned here; each method's own setting gets a small grid:

            - **\(M.sgdFinal)** and **\(M.sgdBest)** (the weights of the epoch with the lowest validation loss): one run;
            - **\(M.swa)**: the equal average of the weights at the end of every epoch from epoch \
            \(list: S.swaStarts(profile).map(String.init), conjunction: "or"), at a constant rate \(constant: Double(S.swaConstantRate)) \
            or at Izmailov et al.'s cyclical rate (from \(constant: Double(S.swaCycleHigh)) down to \(constant: Double(S.swaCycleLow)) \
            within each epoch, averaged at its low end): 4 candidates. The MLP has no batch norm, so there are no \
            statistics to recompute (the hook would, with `update_bn`'s semantics);
            - **\(M.ema)**: an exponential moving average of the weights after every step, decay \
            \(list: S.emaDecays.map { Format.plain($0) }, conjunction: "or"): 2 candidates;
            - **\(M.snapshots)** (Huang et al. 2017): SGDR warm restarts (Loshchilov & Hutter 2017) with \
            \(list: S.cycles(profile).map(String.init), conjunction: "or") cosine cycles in the same \(e) epochs, a snapshot at \
            the end of each cycle, their probabilities averaged: 2 candidates, **the same training budget as one SGD run**;
            - **independent ensembles** (Lakshminarayanan et al. 2017): the softmax outputs of \(S.ensembleSize) (or \(S.smallEnsemble)) \
            SGD runs from other seeds averaged — \(S.ensembleSize)× (or \(S.smallEnsemble)×) the training;
            - **\(M.mixed)**: the \(S.hidden.map(String.init).joined(separator: "–")) MLP with a one-layer MLP of width \
            \(S.wideHidden[0]) and a three-layer MLP of width \(S.deepHidden[0]), each from its own seed — the same seeds as \
            members 2 and 3 of the same-architecture ensemble, so the two ensembles of \(S.smallEnsemble) differ only in the \
            members' architectures;
            - **ridge stacking**: a ridge regression from the members' probabilities side by side to one-hot labels, \
            fitted in closed form on the validation split, λ from {\(S.stackingGrid.map { Format.plain($0) }.joined(separator: ", "))} \
            chosen by two-fold cross-validation within that split.

            \(Format.spelled(S.replicates(profile)).capitalizedFirst) replicates (seeds 0 … \(S.replicates(profile) - 1)); within a \
            replicate every single-model method starts from the same initial weights and sees the same batches, so \
            differences are paired by seed. The ensembles' predictions are computed after training from the kept \
            weights, as cached derived jobs. The extra members of the independent ensembles are SGD runs set up \
            exactly as the first level of the single-model experiment, at seeds from 1000 on.
            """)
    }

    @StudyBuilder
    static func results(_ profile: Profile, _ methods: PredictionMethods) -> [StudyBlock] {
        Heading("What each method buys")
        FigureBlock.methods("methods", caption: "Test accuracy, NLL and ECE per method (mean with 95% CI over replicates; dots are replicates). Blue: one model; orange: an ensemble of several. Candidates chosen on validation.",
                            methods, metrics: [.accuracy, .nll, .ece])
        Prose { r in table(r, methods, profile) }
        FigureBlock.ensembleGrowth("members", caption: "Test accuracy as members are added (mean over replicates, band ±1 sd): the independent ensembles in the order of their seeds (each member one more full training run), the snapshot ensemble from its last snapshot back (all within one run's budget). Dashed: one-model methods.",
                                   methods, labels: [M.sgdFinal, M.swa, M.snapshots, M.ensemble, M.mixed])
        FigureBlock.reliability("reliability", caption: "Reliability diagram on the test set: accuracy against confidence in \(EnsembleEvaluation.bins) equal-width bins, pooled over replicates (bins with fewer than 10 samples left out). Below the diagonal: overconfident.",
                                methods, labels: [M.sgdFinal, M.swa, M.snapshots, M.ensemble])
    }

    /// The methods' means as a Markdown table, with their compute.
    static func table(_ r: StudyResults, _ methods: PredictionMethods, _ profile: Profile) -> String {
        var rows = ["| method | models per prediction | training epochs per replicate | candidates (chosen on validation) | test accuracy | test NLL | test ECE |",
                    "|---|---|---|---|---|---|---|"]
        for m in methods.methods {
            let candidates = m.candidates(r.planned, methods.seeds[0]).count
            func cell(_ metric: PredictionMethod.Metric) -> String {
                guard let s = methods.summary(r, m.label, metric) else { return "—" }
                return metric == .nll ? "\(Format.number(s.mean)) ± \(Format.number(s.sd))"
                    : "\(Format.percent(s.mean)) ± \(Format.number(100 * s.sd, digits: 2))"
            }
            rows.append("| \(m.label) | \(m.models) | \(m.trainingEpochs) | \(candidates) | \(cell(.accuracy)) | \(cell(.nll)) | \(cell(.ece)) |")
        }
        return rows.joined(separator: "\n") + "\n\nMean ± sd over \(methods.seeds.count) replicates (the sd in points for percentages). Training epochs count the runs a prediction uses; a method with several candidates trained each of them for as long (its tuning cost: candidates × epochs)."
    }

    @StudyBuilder
    static func claims(_ profile: Profile, _ methods: PredictionMethods) -> [StudyBlock] {
        Heading("The notes' claims")
        Prose("""
            Four claims from the notes form one family; their p-values are adjusted together with Holm's \
            step-down procedure. "SWA approaches the ensembles" is tested as non-inferiority against the \
            ensemble of \(S.ensembleSize) with a margin of \(points: S.margin) of accuracy stated before the runs: SWA is one \
            model trained once, the ensemble is \(S.ensembleSize) models trained \(S.ensembleSize) times. The \
            snapshot ensemble costs one training run but \(S.cycles(profile).max()!) (or fewer) forward passes per prediction.
            """)
        let accuracies = methods.reading(.accuracy)
        let beatsSnapshots = Claim("SWA gives one model that beats the snapshot ensemble (test accuracy)", experiment: S.single.id,
                                   accuracy, M.swa, greaterThan: M.snapshots).reading(accuracies).family("notes")
        let approaches = Claim.notWorse("SWA approaches the ensemble of \(S.ensembleSize): at most \(Format.points(S.margin)) of test accuracy below it",
                                        accuracy, level(M.swa), than: level(M.ensemble), by: S.margin, higherIsBetter: true)
            .reading(accuracies).family("notes")
        let diverse = Claim("Ensembles of different architectures gain more over their members than ensembles of one architecture",
                            experiment: S.single.id, gain, M.mixed, greaterThan: M.sameSmall).reading(methods.reading(.gain)).family("notes")
        let stacking = Claim("Ridge stacking beats plain averaging of the same \(S.ensembleSize) members (test accuracy)", experiment: S.single.id,
                             accuracy, M.stacked, greaterThan: M.ensemble).reading(accuracies).family("notes")
        beatsSnapshots
        approaches
        diverse
        stacking
        Prose { r in
            let swa = methods.mean(r, M.swa, .accuracy), snap = methods.mean(r, M.snapshots, .accuracy), ens = methods.mean(r, M.ensemble, .accuracy)
            let sgd = methods.mean(r, M.sgdFinal, .accuracy)
            return "SWA reached \(Format.percent(swa)) against \(Format.percent(sgd)) for the final SGD weights, \(Format.percent(snap)) for the snapshot ensemble and \(Format.percent(ens)) for the ensemble of \(S.ensembleSize). "
                + r.reading(beatsSnapshots, supported: "SWA beat the snapshot ensemble, as the notes say. ",
                            contradicted: "The snapshot ensemble beat SWA: the notes' claim is contradicted here. ",
                            inconclusive: "Whether SWA beats the snapshot ensemble the replicates do not settle. ")
                + r.reading(approaches, supported: "SWA came within the \(Format.points(S.margin)) margin of the ensemble of \(S.ensembleSize). ",
                            contradicted: "SWA fell short of the ensemble of \(S.ensembleSize) by more than the margin. ",
                            inconclusive: "Whether SWA comes within \(Format.points(S.margin)) of the ensemble of \(S.ensembleSize) is not settled. ")
        }
        Prose { r in
            let gMixed = methods.mean(r, M.mixed, .gain), gSame = methods.mean(r, M.sameSmall, .gain)
            let aMixed = methods.mean(r, M.mixed, .accuracy), aSame = methods.mean(r, M.sameSmall, .accuracy)
            let st = methods.mean(r, M.stacked, .accuracy), av = methods.mean(r, M.ensemble, .accuracy)
            return "The three-architecture ensemble gained \(Format.points(gMixed)) over its members' mean accuracy, the same-architecture one \(Format.points(gSame)) (ensemble accuracies \(Format.percent(aMixed)) and \(Format.percent(aSame))); "
                + r.reading(diverse, supported: "mixing architectures bought more. ", contradicted: "mixing architectures bought less. ",
                            inconclusive: "the difference is within what the replicates can resolve. ")
                + "Ridge stacking of the \(S.ensembleSize) reached \(Format.percent(st)) against \(Format.percent(av)) for their plain average: "
                + r.reading(stacking, supported: "stacking helped.", contradicted: "stacking hurt — with \(S.validationSamples) validation samples to fit \(S.ensembleSize * 100) weights, its fit is noisier than an equal average.",
                            inconclusive: "the replicates do not settle it once the family's p-values are adjusted.")
        }
        Heading("Against the baselines")
        let swaBeatsSGD = Claim("SWA beats the final SGD weights (test accuracy)", experiment: S.single.id, accuracy, M.swa, greaterThan: M.sgdFinal)
            .reading(accuracies)
        let bestSame = Claim.equivalent("The best-validation SGD weights and the final ones do not differ by more than \(Format.points(S.margin)) of test accuracy (equivalence)",
                                        accuracy, level(M.sgdBest), to: level(M.sgdFinal), within: S.margin).reading(accuracies)
        let calibrated = Claim("The ensemble of \(S.ensembleSize) is better calibrated than one SGD model (lower ECE)", experiment: S.single.id,
                               ece, M.ensemble, lessThan: M.sgdFinal).reading(methods.reading(.ece))
        let likelihood = Claim("The ensemble of \(S.ensembleSize) has a lower test NLL than SWA", experiment: S.single.id,
                               nll, M.ensemble, lessThan: M.swa).reading(methods.reading(.nll))
        swaBeatsSGD
        bestSame
        calibrated
        likelihood
        Prose { r in
            "ECE: \(Format.percent(methods.mean(r, M.sgdFinal, .ece))) for the final SGD weights, \(Format.percent(methods.mean(r, M.swa, .ece))) for SWA, "
                + "\(Format.percent(methods.mean(r, M.snapshots, .ece))) for the snapshot ensemble and \(Format.percent(methods.mean(r, M.ensemble, .ece))) for the ensemble of \(S.ensembleSize). "
                + r.reading(calibrated, supported: "Averaging several models' probabilities made them better calibrated, as Lakshminarayanan et al. report.",
                            contradicted: "Here the ensemble was worse calibrated than one model.",
                            inconclusive: "The replicates do not settle whether the ensemble is better calibrated.")
        }
    }

    @StudyBuilder
    static func flatness(_ profile: Profile, _ methods: PredictionMethods) -> [StudyBlock] {
        let start = S.swaStarts(profile)[0]
        Heading("Flatness")
        Prose("""
            Izmailov et al. explain SWA's gain by where it lands: SGD's last iterates lie at the edge of a wide, \
            flat region and their average near its centre. Two measurements: the loss along the straight line \
            from the final SGD weights to the SWA weights (SWA from epoch \(start) at the constant rate, one \
            candidate for all replicates), continued beyond both ends; and the largest eigenvalue λ₁ of the \
            training loss's Hessian at each model (\(S.hessianIterations(profile)) power iterations), for every \
            single-model candidate. Sharpness measures are not invariant to reparametrization (Dinh et al. 2017): \
            read λ₁ as a description of these networks, not a cause.
            """)
        FigureBlock.interpolation("interpolation", caption: "Train and test loss along w(α) = (1 − α)·w_SGD + α·w_SWA between the final SGD weights (α = 0) and the SWA weights from epoch \(start) at the constant rate (α = 1), continued beyond both ends (mean ± sd over replicates).",
                                  experiment: S.single.id, from: M.sgdFinal, to: S.swaLabel(start, cyclic: false))
        FigureBlock.dots("hessian", caption: "λ₁, the top Hessian eigenvalue of the training loss, at each single-model candidate's final weights (mean, 95% CI; dots are replicates). For SGDR the final weights are the last snapshot.",
                         experiment: S.single, [Measure(.hessianTop, log: true)], horizontal: true)
        let flatter = Claim("SWA ends where the training loss is flatter than at the final SGD weights (lower λ₁)", experiment: S.single.id,
                            flatness, M.swa, lessThan: M.sgdFinal).reading(M.hessianTop(methods, profile))
        flatter
        Prose { r in
            let v = M.hessianTop(methods, profile)
            let mean = { (l: String) -> Double in Summary((v.values(r, l) ?? [:]).values.sorted())?.mean ?? .nan }
            return "λ₁ of the chosen SWA model averaged \(Format.number(mean(M.swa))), of the final SGD weights \(Format.number(mean(M.sgdFinal))). "
                + r.reading(flatter, supported: "SWA's solution is flatter by this measure, as Izmailov et al. report.",
                            contradicted: "SWA's solution is sharper by this measure.", inconclusive: "The replicates do not settle which is flatter.")
        }
    }

    static var references: References {
        References(
            Citation("Pavel Izmailov, Dmitrii Podoprikhin, Timur Garipov, Dmitry Vetrov and Andrew Gordon Wilson", 2018,
                     "Averaging Weights Leads to Wider Optima and Better Generalization",
                     "Proceedings of the 34th Conference on Uncertainty in Artificial Intelligence (UAI 2018); arXiv:1803.05407", url: "https://arxiv.org/abs/1803.05407"),
            Citation("Timur Garipov, Pavel Izmailov, Dmitrii Podoprikhin, Dmitry Vetrov and Andrew Gordon Wilson", 2018,
                     "Loss Surfaces, Mode Connectivity, and Fast Ensembling of DNNs",
                     "Advances in Neural Information Processing Systems 31 (NeurIPS 2018); arXiv:1802.10026", url: "https://arxiv.org/abs/1802.10026"),
            Citation("Gao Huang, Yixuan Li, Geoff Pleiss, Zhuang Liu, John E. Hopcroft and Kilian Q. Weinberger", 2017,
                     "Snapshot Ensembles: Train 1, Get M for Free",
                     "International Conference on Learning Representations (ICLR 2017); arXiv:1704.00109", url: "https://arxiv.org/abs/1704.00109"),
            Citation("Ilya Loshchilov and Frank Hutter", 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts",
                     "International Conference on Learning Representations (ICLR 2017); arXiv:1608.03983", url: "https://arxiv.org/abs/1608.03983"),
            Citation("Balaji Lakshminarayanan, Alexander Pritzel and Charles Blundell", 2017,
                     "Simple and Scalable Predictive Uncertainty Estimation using Deep Ensembles",
                     "Advances in Neural Information Processing Systems 30 (NIPS 2017); arXiv:1612.01474", url: "https://arxiv.org/abs/1612.01474"),
            Citation("David H. Wolpert", 1992, "Stacked Generalization", "Neural Networks 5(2):241–259",
                     url: "https://doi.org/10.1016/S0893-6080(05)80023-1"),
            Citation("Chuan Guo, Geoff Pleiss, Yu Sun and Kilian Q. Weinberger", 2017, "On Calibration of Modern Neural Networks",
                     "Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR 70:1321–1330; arXiv:1706.04599", url: "https://arxiv.org/abs/1706.04599"),
            Citation("Laurent Dinh, Razvan Pascanu, Samy Bengio and Yoshua Bengio", 2017, "Sharp Minima Can Generalize For Deep Nets",
                     "Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR 70:1019–1028; arXiv:1703.04933", url: "https://arxiv.org/abs/1703.04933"),
            .greydanus2020,
            .holm1979
        )
    }

    static func doesNotShow(_ profile: Profile) -> DoesNotShow {
        DoesNotShow(
            "Anything at scale: small MLPs on MNIST-1D (a 1-D toy task), \(S.epochs(profile)) epochs, \(S.replicates(profile)) replicates. Izmailov et al. and Huang et al. report on CIFAR and ImageNet with residual networks trained for hundreds of epochs; the size of their effects need not carry over.",
            "FGE itself: Garipov et al.'s fast geometric ensembles (short cycles, many snapshots) are not run; the snapshot ensemble here (SGDR cycles of several epochs) stands in for the cyclic-snapshot family, and the comparison with FGE in the notes is tested against independent ensembles instead.",
            "A tuned base optimizer: SGD's rate, momentum, weight decay and schedule were fixed beforehand for every method; each method's own setting had a grid of two to five values, chosen on validation. A method that needs a different base rate is at a disadvantage.",
            "Batch norm: the MLPs have none, so SWA's recomputation of batch-norm statistics (which the engine does, tested against PyTorch's update_bn) plays no part here.",
            "Stacking with a better meta-learner: ridge on probabilities with one λ; with \(S.validationSamples) validation samples its fit is noisy, and a larger split or a constrained combination (non-negative weights summing to one) might do better.",
            "Why SWA helps: λ₁ and the interpolation describe where the models end; no experiment isolates flatness as the cause, and λ₁ is not invariant to reparametrization (Dinh et al. 2017).",
            "Convolutional members: the mixed ensemble mixes MLP widths and depths only; an MLP with a CNN, as the notes also suggest, would differ more and may gain more.",
            "The margins (one point for non-inferiority and equivalence) were chosen before the runs; another margin can change those verdicts."
        )
    }
}
