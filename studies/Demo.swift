import DLCore
import DLStudy

/// A seconds-long study that exercises every part of the pipeline: two learning rates on the
/// two-moons toy set, three seeds, a figure, a table and a claim; then three optimizers on the
/// same task, so the quick profiles also train with momentum, weight decay, a warm-up in steps,
/// Adam and AdamW (no other study's quick profile does). The tests run it end to end.
public enum DemoStudy {
    public static let study = make()

    /// The demo study with other settings, for tests of `dlstudy check`: other `learningRates`
    /// (the levels of the main experiment), another number of `seeds`, or `rateScale`
    /// multiplying every level's actual rate while its label stays (what an optimizer bug that
    /// mis-scales the rate would do).
    public static func make(learningRates: [Float] = [0.03, 0.3], seeds: Int = 3, rateScale: Float = 1) -> Study {
        Study("demo", title: "Demo: learning rates and optimizers on two moons",
              question: "With a fixed budget, does SGD at lr 0.3 beat lr 0.03 on two moons, and does Adam beat SGD with momentum?") { profile in
            let base = RunSpec(
                data: DataSpec(.builtin(.moons(MoonsConfig()))),
                model: .mlp(hidden: [32, 32]),
                optimizer: .sgd(lr: 0.1),
                batchSize: 32,
                budget: .epochs(profile == .quick ? 8 : 30))
            Prose("""
                A tiny controlled experiment that runs in seconds: the same MLP, the same initial weights and \
                the same batch order at each seed; only the learning rate differs.
                """)
            Experiment(
                base: base,
                vary: Vary("learning rate", learningRates.map { lr in Level("\(lr)", value: Double(lr)) { $0.optimizer.lr = lr * rateScale } }),
                seeds: Seeds(seeds))
            FigureBlock.curves("loss", caption: "Training and test loss per epoch (mean over seeds, band: ±1 sd).",
                               metrics: [.trainLoss, .testLoss], logY: true)
            TableBlock("final", caption: "Final metrics.", [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
            Claim("The larger rate ends with a lower training loss", .final(.trainLoss), "0.3", lessThan: "0.03")
            Prose { r in
                let a = r.main["0.3"]?.summary(.final(.testAccuracy))?.mean ?? .nan
                let b = r.main["0.03"]?.summary(.final(.testAccuracy))?.mean ?? .nan
                return "Final test accuracy: \(formatNumber(100 * a))% at lr 0.3 against \(formatNumber(100 * b))% at lr 0.03."
            }

            Heading("Optimizers")
            Prose("""
                The same network, data and budget with three optimizers: SGD with momentum 0.9 and weight \
                decay 5·10⁻⁴ at lr 0.05, warmed up linearly from a third of it over the first 64 steps \
                (two epochs); Adam at lr 0.01; AdamW at lr 0.01 with decoupled weight decay 0.1. The \
                settings are common defaults, not tuned (on the test set or otherwise): this is a demo of \
                the pipeline, so the comparison says nothing about tuned optimizers.
                """)
            Experiment(
                "optimizers", base: base,
                vary: Vary("optimizer", [
                    Level(sgdLabel) {
                        $0.optimizer = .sgd(lr: 0.05 * rateScale, momentum: 0.9, weightDecay: 5e-4)
                        $0.schedule = .warmup(.steps(64), then: .constant)
                    },
                    Level("Adam") { $0.optimizer = .adam(lr: 0.01 * rateScale) },
                    Level("AdamW") { $0.optimizer = .adamW(lr: 0.01 * rateScale, weightDecay: 0.1) },
                ]),
                seeds: Seeds(seeds))
            FigureBlock.curves("optimizers", caption: "Training loss and learning rate per epoch by optimizer (mean over seeds, band: ±1 sd).",
                               experiment: "optimizers", metrics: [.trainLoss, .learningRate])
            TableBlock("optimizers", caption: "Final metrics by optimizer.", experiment: "optimizers",
                       [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy)])
            Claim("Adam ends with a lower training loss than SGD with momentum", experiment: "optimizers",
                  .final(.trainLoss), "Adam", lessThan: sgdLabel)
        }
    }

    static let sgdLabel = "SGD momentum, warm-up"
}
