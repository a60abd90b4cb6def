import DLCore
import DLStudy
import Foundation

extension InitializationStudy {
    /// The 16-layer plain net trained, each scheme at its rate chosen on validation.
    @StudyBuilder
    static func trainability(_ profile: Profile) -> [StudyBlock] {
        let (reluTuning, tanhTuning) = (tuning(profile, relu), tuning(profile, tanh))
        Heading("A deep plain network: does it train?")
        Prose("""
            Each scheme trains the \(depth)-layer network with plain SGD (batch 64) for \(epochs(profile)) epochs at \
            every rate of the same grid of \(spelled: rates(profile).count) log-spaced rates, \(list: rates(profile).map { Format.plain(Double($0)) }) — \
            the tuning budget is the same for every scheme. \(number: Double(data(profile).validationSamples ?? 0)) of the training samples \
            are held out as a validation set. A scheme's rate is the one with the best mean validation accuracy \
            over seeds (its best epoch, a diverged run counting 0); in every run the weights of the epoch with \
            the best validation accuracy are restored, and the test set is read there, once. A diverged run \
            counts at chance (10%) in the claims.
            """)
        Experiment(relu, base: deepBase(profile, .relu), vary: reluTuning.factor, reluTuning.rateFactor, seeds: seeds(profile))
        Experiment(tanh, base: deepBase(profile, LayerSpec(.tanh)), vary: tanhTuning.factor, tanhTuning.rateFactor, seeds: seeds(profile))
        FigureBlock.tunedCurves("training", caption: "Training loss per epoch of each scheme at its validation-chosen rate (mean over seeds, band ±1 sd; log axis). ln 10 ≈ 2.30 is the loss of a uniform guess.",
                                tunings: [(reluTuning, "ReLU"), (tanhTuning, "tanh")], metric: .trainLoss)
        TableBlock("grid-relu", caption: "ReLU: every cell of the tuning grid (validation accuracy chooses; test accuracy is read at each run's validation-chosen epoch).",
                   experiment: relu.id, [validationAtChosenEpoch, testAtChosenEpoch, chosenEpoch, meanTrainLoss])
        TableBlock("grid-tanh", caption: "tanh: every cell of the tuning grid.",
                   experiment: tanh.id, [validationAtChosenEpoch, testAtChosenEpoch, chosenEpoch, meanTrainLoss])
        let heBeatsPyTorch = Claim.chosen("With ReLU, He (tuned) ends more accurate than PyTorch's default (tuned)", testAtChosenEpoch,
                                          reluTuning.choice("He"), greaterThan: reluTuning.choice("PyTorch default")).family("trainability")
        let pytorchSlower = Claim.chosen("With ReLU, PyTorch's default (tuned) trains slower than He (tuned): a higher mean training loss over the epochs", meanTrainLoss,
                                         reluTuning.choice("PyTorch default"), greaterThan: reluTuning.choice("He")).family("trainability")
        let heBeatsXavier = Claim.chosen("With ReLU, He (tuned) ends more accurate than Xavier (tuned)", testAtChosenEpoch,
                                         reluTuning.choice("He"), greaterThan: reluTuning.choice("Xavier")).family("trainability")
        let xavierBeatsHe = Claim.chosen("With tanh, Xavier (tuned) ends more accurate than He (tuned)", testAtChosenEpoch,
                                         tanhTuning.choice("Xavier"), greaterThan: tanhTuning.choice("He")).family("trainability")
        let xavierBeatsPyTorch = Claim.chosen("With tanh, Xavier (tuned) ends more accurate than PyTorch's default (tuned)", testAtChosenEpoch,
                                              tanhTuning.choice("Xavier"), greaterThan: tanhTuning.choice("PyTorch default")).family("trainability")
        heBeatsPyTorch
        pytorchSlower
        heBeatsXavier
        xavierBeatsHe
        xavierBeatsPyTorch
        Prose { r in
            func chosen(_ t: Tuning) -> String {
                Format.list(t.groups.map { g in
                    guard let rate = t.chosenRate(g, in: r), let level = t.chosen(g, in: r) else { return "\(g) n/a" }
                    return "\(g) \(Format.plain(Double(rate)))\(t.choseEdge(g, in: r) ? " (an end of the grid)" : "") reaching \(Format.percent(r.mean(level, testAtChosenEpoch)))"
                })
            }
            return "Chosen rates and test accuracy at the validation-chosen epoch — ReLU: \(chosen(reluTuning)); tanh: \(chosen(tanhTuning)). "
                + r.reading(heBeatsPyTorch, supported: "With ReLU, He beats PyTorch's default", contradicted: "With ReLU, PyTorch's default beats He",
                            inconclusive: "With ReLU, the seeds do not separate He from PyTorch's default")
                + r.reading(pytorchSlower, supported: " and trains faster; ", contradicted: ", though PyTorch's default trains faster; ", inconclusive: "; the seeds do not settle which trains faster; ")
                + r.reading(heBeatsXavier, supported: "He also beats Xavier. ", contradicted: "Xavier beats He. ",
                            inconclusive: "He and Xavier are not separated at their tuned rates after adjustment. ")
                + r.reading(xavierBeatsHe, supported: "With tanh, Xavier beats He", contradicted: "With tanh, He beats Xavier",
                            inconclusive: "With tanh, Xavier and He are not separated (the mean paired difference, Xavier − He, is \(Format.points(r.outcome(xavierBeatsHe).comparison?.meanDifference ?? .nan)))")
                + r.reading(xavierBeatsPyTorch, supported: ", and Xavier beats PyTorch's default.", contradicted: ", and PyTorch's default beats Xavier.",
                            inconclusive: "; Xavier against PyTorch's default is not settled.")
        }

    }
}
