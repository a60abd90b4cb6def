import DLCore
import DLStudy

/// A seconds-long study that exercises every part of the pipeline: two learning rates on the
/// two-moons toy set, three seeds, a figure, a table and a claim; then three optimizers on the
/// same task, so the quick profiles also train with momentum, weight decay, a warm-up in steps,
/// Adam and AdamW (no other study's quick profile does). The tests run it end to end.
public enum DemoStudy {
    public static let study = make()

    static let main = ExperimentHandle("main"), optimizers = ExperimentHandle("optimizers")
    static let sgd = optimizers.level("SGD momentum, warm-up"), adam = optimizers.level("Adam"), adamW = optimizers.level("AdamW")
    static let warmupSteps = 64, sgdRate: Float = 0.05, sgdDecay: Float = 5e-4, adamRate: Float = 0.01, adamWDecay: Float = 0.1

    /// The demo study with other settings, for tests of `dlstudy check`: other `learningRates`
    /// (the levels of the main experiment), another number of `seeds`, or `rateScale`
    /// multiplying every level's actual rate while its label stays (what an optimizer bug that
    /// mis-scales the rate would do).
    public static func make(learningRates: [Float] = [0.03, 0.3], seeds: Int = 3, rateScale: Float = 1) -> Study {
        let rates = Sweep(main, name: "learning rate", learningRates, number: { Double($0) }) { $0.optimizer.lr = $1 * rateScale }
        return Study("demo", title: "Demo: learning rates and optimizers on two moons",
                     question: "With a fixed budget, does SGD at lr 0.3 beat lr 0.03 on two moons, and does Adam beat SGD with momentum?") { profile in
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
        }
    }
}
