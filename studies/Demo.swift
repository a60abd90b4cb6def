import DLCore
import DLStudy

/// A seconds-long study that exercises every part of the pipeline: two learning rates on the
/// two-moons toy set, three seeds, a figure, a table and a claim; then three optimizers on the
/// same task, so the quick profiles also train with momentum, weight decay, a warm-up in steps,
/// Adam and AdamW (no other study's quick profile does); then a three-stage chain of staged runs
/// (train, prune by magnitude and retrain from the rewound initialization, prune again), with a
/// random mask as the control. The tests run it end to end.
public enum DemoStudy {
    public static let study = make()

    static let main = ExperimentHandle("main"), optimizers = ExperimentHandle("optimizers")
    static let sgd = optimizers.level("SGD momentum, warm-up"), adam = optimizers.level("Adam"), adamW = optimizers.level("AdamW")
    static let warmupSteps = 64, sgdRate: Float = 0.05, sgdDecay: Float = 5e-4, adamRate: Float = 0.01, adamWDecay: Float = 0.1
    static let dense = ExperimentHandle("dense"), pruned = ExperimentHandle("pruned"), prunedTwice = ExperimentHandle("pruned-twice")
    static let pruneAmount = 0.5
    static let weightsLeft = Quantity.custom("weights left") { $0.maskFractionRemaining }

    /// The dense network of the pruning chain: `base` at `lr`, keeping a snapshot of its initial
    /// weights for the later stages to rewind to.
    static func keepingInitialWeights(_ base: RunSpec, lr: Float) -> RunSpec {
        var spec = base
        spec.optimizer.lr = lr
        spec.hooks = [.snapshots(initial: true, steps: [], epochs: [])]
        return spec
    }

    /// The pruning stages' factor: magnitude pruning, and a random mask with the same number of
    /// weights removed per layer (the control).
    static func masks(_ experiment: ExperimentHandle) -> Factor {
        Vary("mask", [Level(experiment.level("magnitude")) { _ in }, Level(experiment.level("random")) { $0.start?.mask?.random = true }])
    }

    /// The demo study with other settings, for tests of `dlstudy check`: other `learningRates`
    /// (the levels of the main experiment), another number of `seeds`, or `rateScale`
    /// multiplying every level's actual rate while its label stays (what an optimizer bug that
    /// mis-scales the rate would do).
    public static func make(learningRates: [Float] = [0.03, 0.3], seeds: Int = 3, rateScale: Float = 1) -> Study {
        let rates = Sweep(main, name: "learning rate", learningRates, number: { Double($0) }) { $0.optimizer.lr = $1 * rateScale }
        return Study("demo", title: "Demo: learning rates, optimizers and pruning on two moons",
                     question: "With a fixed budget, does SGD at lr 0.3 beat lr 0.03 on two moons, does Adam beat SGD with momentum, and does a magnitude-pruned quarter of the network train better than a random one?") { profile in
            let base = RunSpec(
                data: DataSpec(.builtin(.moons(MoonsConfig()))),
                model: .mlp(hidden: [32, 32]),
                optimizer: .sgd(lr: 0.1),
                batchSize: 32,
                budget: .epochs(profile == .quick ? 8 : 30))
            let (slow, fast) = (rates.first, rates.last)
            Prose("""
                A tiny controlled experiment that runs in seconds: the same MLP, the same initial weights and \
                the same batch order at each seed; only the learning rate differs.
                """)
            Experiment(main, base: base, vary: rates.factor, seeds: Seeds(seeds))
            FigureBlock.curves("loss", caption: "Training and test loss per epoch (mean over seeds, band: ±1 sd).",
                               experiment: main, metrics: [.trainLoss, .testLoss], logY: true)
            TableBlock("final", caption: "Final metrics.", experiment: main, [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
            Claim("The larger rate ends with a lower training loss", .final(.trainLoss), fast, lessThan: slow)
            Prose { r in
                "Final test accuracy: \(percent: r.mean(fast, .final(.testAccuracy))) at lr \(fast) against \(percent: r.mean(slow, .final(.testAccuracy))) at lr \(slow)."
            }

            Heading("Optimizers")
            Prose("""
                The same network, data and budget with three optimizers: SGD with momentum 0.9 and weight \
                decay \(constant: Double(sgdDecay)) at lr \(constant: Double(sgdRate)), warmed up linearly from a third of it over the first \
                \(warmupSteps) steps (\(spelled: warmupSteps / base.stepsPerEpoch!) epochs); Adam at lr \(constant: Double(adamRate)); AdamW at \
                lr \(constant: Double(adamRate)) with decoupled weight decay \(constant: Double(adamWDecay)). The settings are common defaults, \
                not tuned (on the test set or otherwise): this is a demo of the pipeline, so the comparison says \
                nothing about tuned optimizers.
                """)
            Experiment(
                optimizers, base: base,
                vary: Vary("optimizer", [
                    Level(sgd) {
                        $0.optimizer = .sgd(lr: sgdRate * rateScale, momentum: 0.9, weightDecay: sgdDecay)
                        $0.schedule = .warmup(.steps(warmupSteps), then: .constant)
                    },
                    Level(adam) { $0.optimizer = .adam(lr: adamRate * rateScale) },
                    Level(adamW) { $0.optimizer = .adamW(lr: adamRate * rateScale, weightDecay: adamWDecay) },
                ]),
                seeds: Seeds(seeds))
            FigureBlock.curveWithRate("optimizers", caption: "Training loss per epoch by optimizer (mean over seeds, band: ±1 sd), above each optimizer's learning rate at the end of every epoch (seed 0).",
                                      experiment: optimizers, metric: .trainLoss, logY: true)
            TableBlock("optimizers", caption: "Final metrics by optimizer.", experiment: optimizers,
                       [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
            Claim("Adam ends with a lower training loss than SGD with momentum", .final(.trainLoss), adam, lessThan: sgd)

            Heading("Pruning and rewinding")
            let denseBase = keepingInitialWeights(base, lr: 0.3 * rateScale)
            Prose("""
                Staged runs, in miniature: the network of the first experiment at lr 0.3 is trained and its \
                initial weights kept; then \(percent: pruneAmount) of its weights (per layer, smallest magnitude \
                first) are pruned and the rest retrained from the *same initial weights*; then half of the \
                remaining weights again, leaving a quarter — the procedure of Frankle & Carbin's lottery tickets. \
                The control prunes as many weights per layer at random. Each stage starts from the previous \
                stage's run of the same seed, named by its cache key, so the chain is cached, resumed and \
                sharded like any run. Biases are never pruned.
                """)
            Experiment(dense, base: denseBase, vary: Vary("network", [Level(dense.level("dense")) { _ in }]), seeds: Seeds(seeds), keepWeights: true)
            Experiment(pruned, base: denseBase, vary: masks(pruned), seeds: Seeds(seeds), keepWeights: true,
                       from: .prune(dense.id, amount: pruneAmount))
            Experiment(prunedTwice, base: denseBase, vary: masks(prunedTwice), seeds: Seeds(seeds),
                       from: .prune(pruned.id, amount: pruneAmount))
            FigureBlock.curves("pruned", caption: "Training and test loss per epoch with a quarter of the weights left, magnitude against random masks (mean over seeds, band: ±1 sd).",
                               experiment: prunedTwice, metrics: [.trainLoss, .testLoss], logY: true)
            TableBlock("pruned", caption: "Final metrics with a quarter of the weights left (the fraction counts the pruned tensors; biases are not pruned).", experiment: prunedTwice,
                       [weightsLeft, .final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
            Claim("With a quarter of the weights left, magnitude pruning ends with a lower training loss than a random mask",
                  .final(.trainLoss), prunedTwice.level("magnitude"), lessThan: prunedTwice.level("random"))
        }
    }
}
