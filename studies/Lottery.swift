import DLCore
import DLStudy
import Foundation

/// Frankle & Carbin (2019) on MNIST-1D: iterative magnitude pruning of an MLP, 20% of the
/// remaining weights per round, each round a stage that starts from the previous round's runs;
/// rewinding to the initialization and to an early step (Frankle et al. 2020); random
/// re-initialization of the ticket and random masks as controls; smaller dense networks (whole
/// units removed) for the honest speed comparison; and the MNIST-1D paper's CNN, in fewer,
/// larger rounds.
public enum LotteryStudy {
    public static let study = make()

    static let dense = ExperimentHandle("dense"), smaller = ExperimentHandle("smaller")
    /// The experiment of pruning round `k` (1 … `rounds`): 0.8^k of the weights left.
    static func round(_ k: Int) -> ExperimentHandle { ExperimentHandle("round-\(k)") }
    static let rounds = 14, amount = 0.2
    static let learningRate: Float = 1e-3, batchSize = 100, validationSamples = 500
    static let hidden = [100, 100]
    /// Frankle et al. (2020) rewind to an iteration early in training; here 2 epochs in.
    static let rewindStep = 70
    /// Hidden widths of the smaller dense networks: about 50%, 20%, 10% and 5% of the MLP's weights.
    static let widths = [65, 35, 21, 12]

    static let ticket = "ticket (rewound to init)", rewound = "ticket (rewound to step \(rewindStep))"
    static let reinitialized = "ticket mask, new init", randomMask = "random mask"
    static let variants = [ticket, rewound, reinitialized, randomMask]

    /// Test accuracy where the validation loss is lowest: early stopping chosen on validation.
    static let accuracy = Quantity.atBestEpoch(of: .validationLoss, .testAccuracy)
    /// The early-stopping iteration: the step where the validation loss is lowest.
    static let stopStep = Quantity.stepOfBest(.validationLoss)

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 30 : 50 }
    static func seeds(_ profile: Profile) -> Int { profile == .quick ? 2 : 5 }

    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(
            data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), validationSamples: validationSamples),
            model: .mlp(hidden: hidden),
            optimizer: .adam(lr: learningRate),
            batchSize: batchSize,
            budget: .epochs(epochs(profile)))
    }

    /// The weights of the MLP's Linear layers (biases are never pruned) with hidden widths `h`.
    static func weightCount(_ h: [Int]) -> Int {
        zip([40] + h, h + [10]).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The fraction of weights left after `k` rounds, as counted per layer (each layer keeps
    /// round(0.8 × what it had), the rounding `prune.l1_unstructured` does).
    static func nominalFraction(_ k: Int) -> Double { pow(1 - amount, Double(k)) }

    /// The four variants of a pruning round. Runs start from the upstream round's run of the same
    /// variant (the re-initialized ticket from the ticket's), prune 20% of its remaining weights
    /// and train from the chain's rewind point.
    static func roundFactor(_ k: Int) -> Factor {
        let e = round(k)
        return Vary("variant", [
            Level(e.level(ticket)) { _ in },
            Level(e.level(rewound)) { $0.start?.weights?.snapshot = "step-\(rewindStep)" },
            Level(e.level(reinitialized)) {
                $0.start?.weights = nil
                $0.start?.reinitialize = true
            },
            Level(e.level(randomMask)) { $0.start?.mask?.random = true },
        ])
    }

    static func roundStage(_ k: Int) -> Stage {
        let upstream = k == 1 ? dense.id : round(k - 1).id
        return Stage.prune(upstream, amount: amount).starting(reinitialized, from: ticket)
    }

    /// The levels of one variant over the rounds, the dense network first (100% of the weights).
    static func chain(_ variant: String, _ profile: Profile) -> [LevelHandle] {
        [dense.level("dense")] + (1...rounds).map { round($0).level(variant) }
    }

    static func make() -> Study {
        Study("lottery", title: "Lottery tickets: iterative magnitude pruning on MNIST-1D",
              question: "Does an MLP (or a CNN) on MNIST-1D contain a sparse subnetwork (a winning ticket) that, trained from its original initialization, matches the dense network — and does pruning make the model faster?") { profile in
            LotteryText.introduction(profile)
            Experiment(dense, base: keepingSnapshots(base(profile)), vary: Vary("network", [Level(dense.level("dense")) { _ in }]),
                       seeds: Seeds(seeds(profile)), keepWeights: true)
            for k in 1...rounds {
                // Rounds 2 … 14 differ from round 1 only in the round they start from: one setup table.
                let stage = Experiment(round(k), base: base(profile), vary: roundFactor(k), seeds: Seeds(seeds(profile)), keepWeights: true,
                                       from: roundStage(k))
                k == 1 ? stage : stage.withoutSetupTable()
            }
            Experiment(smaller, base: base(profile),
                       vary: Vary("hidden width", widths.map { w in Level(smaller.level("\(w)"), value: Double(w)) { $0.model = .mlp(hidden: [w, w]) } }),
                       seeds: Seeds(seeds(profile)))
            LotteryText.results(profile)
            LotteryCNN.blocks(profile)
            LotteryText.speed(profile)
            LotteryText.references
            LotteryText.doesNotShow(profile)
        }
    }

    /// The dense run keeps its initial weights and those after `rewindStep` steps, for the
    /// rounds to rewind to.
    static func keepingSnapshots(_ base: RunSpec, steps: [Int] = [rewindStep]) -> RunSpec {
        var spec = base
        spec.hooks = [.snapshots(initial: true, steps: steps, epochs: [])]
        return spec
    }
}
