import DLCore
import DLStudy
import Foundation

/// The same procedure on the MNIST-1D paper's CNN, cut to fit the time budget: a convolution
/// run costs about six times an MLP run here, so the CNN prunes 36% per round (two of the
/// MLP's 20% rounds at once: 0.64 = 0.8²) in 7 rounds to the same 4.4%, and drops the rewound
/// variant (rewinding made no difference for the MLP).
enum LotteryCNN {
    typealias S = LotteryStudy

    static let dense = ExperimentHandle("cnn-dense")
    static func round(_ k: Int) -> ExperimentHandle { ExperimentHandle("cnn-round-\(k)") }
    static let rounds = 7, amount = 0.36
    /// Adam at 3·10⁻³: at 10⁻³ the CNN's validation loss still falls at the end of 50 epochs.
    static let learningRate: Float = 3e-3
    static let variants = [S.ticket, S.reinitialized, S.randomMask]
    /// The rounds with 10–20% of the weights left: 16.8% and 10.7%.
    static let matchRounds = [4, 5]
    static let claimRound = 4

    static func fraction(_ k: Int) -> Double { pow(1 - amount, Double(k)) }

    static func base(_ profile: Profile) -> RunSpec {
        var spec = S.base(profile)
        spec.model = .mnist1dCNN
        spec.optimizer = .adam(lr: learningRate)
        return spec
    }

    static func factor(_ k: Int) -> Factor {
        let e = round(k)
        return Vary("variant", [
            Level(e.level(S.ticket)) { _ in },
            Level(e.level(S.reinitialized)) {
                $0.start?.weights = nil
                $0.start?.reinitialize = true
            },
            Level(e.level(S.randomMask)) { $0.start?.mask?.random = true },
        ])
    }

    static func stage(_ k: Int) -> Stage {
        Stage.prune(k == 1 ? dense.id : round(k - 1).id, amount: amount).starting(S.reinitialized, from: S.ticket)
    }

    static func series(_ variant: String) -> [LevelHandle] {
        [dense.level("dense")] + (1...rounds).map { round($0).level(variant) }
    }

    @StudyBuilder
    static func blocks(_ profile: Profile) -> [StudyBlock] {
        let sparsities = (1...rounds).map { Format.percent(fraction($0)) }
        // Each variant in its color of the MLP's figures.
        let lines = variants.map { SparsitySeries($0, series($0), dash: $0 == S.ticket ? .solid : .dashed, color: S.variants.firstIndex(of: $0)) }
        let claimLevel = round(claimRound)
        let reinitWorse = Claim("CNN: at \(Format.percent(fraction(claimRound))) of the weights, the re-initialized ticket is less accurate than the ticket",
                                S.accuracy, claimLevel.level(S.ticket), greaterThan: claimLevel.level(S.reinitialized))
        Heading("The MNIST-1D paper's CNN")
        Prose("""
            The same procedure on the CNN of the MNIST-1D paper (three 1-D convolutions with 25 channels, \
            kernels 5, 3, 3, stride 2, then a linear layer: 5,125 weights), trained with Adam at lr \
            \(constant: Double(learningRate)) (at 10⁻³ its validation loss still fell at the end of the budget). \
            A convolution run costs about six times an MLP run in this engine, so to stay within the time \
            budget the CNN prunes \(percent: amount) of the remaining weights per round — two of the MLP's \
            rounds at once — in \(rounds) rounds (\(list: sparsities) of the weights left), and it has no \
            rewound variant. Each layer's filters lose the same share; the first convolution has only 125 weights.
            """)
        Experiment(dense, base: S.keepingSnapshots(base(profile), steps: []), vary: Vary("network", [Level(dense.level("dense")) { _ in }]),
                   seeds: Seeds(S.seeds(profile)), keepWeights: true)
        for k in 1...rounds {
            let stage = Experiment(round(k), base: base(profile), vary: factor(k), seeds: Seeds(S.seeds(profile)), keepWeights: true, from: stage(k))
            k == 1 ? stage : stage.withoutSetupTable()
        }
        FigureBlock.sparsity("cnn-accuracy", caption: "CNN: test accuracy at the early-stopping epoch against the fraction of weights left, log scale (mean over seeds, band ±1 sd). Dotted grey: the dense CNN.",
                             series: lines, quantity: S.accuracy, reference: ("dense CNN", dense.level("dense")), yLabel: "test accuracy at early stopping")
        FigureBlock.sparsity("cnn-stop-step", caption: "CNN: the early-stopping iteration against the fraction of weights left (mean over seeds, band ±1 sd); the budget's last step (\(Format.count(S.epochs(profile) * S.stepsPerEpoch))) is a lower bound. Dotted grey: the dense CNN.",
                             series: lines, quantity: S.stopStep, reference: ("dense CNN", dense.level("dense")), yLabel: "early-stopping iteration (steps)")
        let matchRounds = self.matchRounds.map { (fraction: fraction($0), round: round($0)) }
        let match = LotteryText.matchClaims(dense.level("dense"), rounds: matchRounds, prefix: "CNN: ", family: "tickets match (CNN)")
        Prose { r in LotteryText.matchText(r, claims: match, dense: dense.level("dense"), rounds: matchRounds, variants: [S.ticket, S.reinitialized]) }
        for claim in match { claim }
        reinitWorse
        Prose { r in
            r.reading(reinitWorse,
                                     supported: "As for the MLP, new initial weights under the ticket's mask lose accuracy.",
                                     contradicted: "Unlike the MLP, the re-initialized CNN ticket is *more* accurate than the ticket.",
                                     inconclusive: "Whether re-initializing the CNN ticket costs accuracy the seeds do not settle.")
        }
    }
}
