import DLCore
import DLStudy

/// A seconds-long study that exercises every part of the pipeline: two learning rates on the
/// two-moons toy set, three seeds, a figure, a table and a claim. The tests run it end to end.
public enum DemoStudy {
    public static let study = make()

    /// The demo study with other settings, for tests of `dlstudy check`: other `learningRates`
    /// (the levels), another number of `seeds`, or `rateScale` multiplying every level's actual
    /// rate while its label stays (what an optimizer bug that mis-scales the rate would do).
    public static func make(learningRates: [Float] = [0.03, 0.3], seeds: Int = 3, rateScale: Float = 1) -> Study {
        Study("demo", title: "Demo: a larger learning rate learns two moons faster",
              question: "With a fixed budget, does SGD at lr 0.3 beat lr 0.03 on two moons?") { profile in
            Prose("""
                A tiny controlled experiment that runs in seconds: the same MLP, the same initial weights and \
                the same batch order at each seed; only the learning rate differs.
                """)
            Experiment(
                base: RunSpec(
                    data: DataSpec(.builtin(.moons(MoonsConfig()))),
                    model: .mlp(hidden: [32, 32]),
                    optimizer: .sgd(lr: 0.1),
                    batchSize: 32,
                    budget: .epochs(profile == .quick ? 8 : 30)),
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
        }
    }
}
