import DLCore
import DLStudy

/// 1×1 convolutions: what they are (a per-pixel linear map across channels, a scalar only with
/// one channel in and out), and what they buy — cheap channel reduction before 3×3 and 5×5
/// convolutions (Inception), control of depth, and a non-linearity that keeps the resolution
/// (Network in Network) — on the coloured shapes, where the channels have something to mix.
public enum Conv1x1Study {
    static let bottleneck = ExperimentHandle("bottleneck"), depth = ExperimentHandle("depth"), nonlinear = ExperimentHandle("nonlinearity")
    static let stemWidth = 16, blockWidth = 32, reduced = 4, rate: Float = 0.003

    static let plain3 = bottleneck.level("3×3"), reduced3 = bottleneck.level("1×1 → 3×3")
    static let plain5 = bottleneck.level("5×5"), reduced5 = bottleneck.level("1×1 → 5×5")
    static let widths = [4, 16, 64]
    /// "No difference" between a linear 1×1 and none means within this many points of test
    /// accuracy (fixed before the runs: below the 2–6-point spread between seeds here).
    static let equivalenceMargin = 0.03
    static let withReLU = nonlinear.level("1×1 + ReLU"), linear1x1 = nonlinear.level("linear 1×1"), none = nonlinear.level("no 1×1")

    /// A k×k convolution to `blockWidth` channels ("same" padding) and its ReLU.
    static func conv(_ k: Int) -> [LayerSpec] { [.conv2d(blockWidth, kernel: k, padding: k / 2), .relu] }
    /// A 1×1 convolution to `width` channels, with or without its ReLU.
    static func pointwise(_ width: Int, relu: Bool = true) -> [LayerSpec] { [.conv2d(width, kernel: 1)] + (relu ? [.relu] : []) }

    /// The network around every block: a 3×3 stem to `stemWidth` channels and 2×2 max pooling
    /// (16×16 → 8×8), the block, 2×2 max pooling (→ 4×4), and a Linear layer to the classes.
    static func network(_ block: [LayerSpec]) -> ModelSpec {
        let pool = LayerSpec(.maxPool2d, kernel: 2)
        return ModelSpec(layers: [.conv2d(stemWidth, kernel: 3, padding: 1), .relu, pool] + block + [pool, .flatten, LayerSpec(.linear)])
    }

    static func base(_ profile: Profile) -> RunSpec {
        let data = profile == .quick ? ColorShapesConfig(trainCount: 600, testCount: 300) : ColorShapesConfig(trainCount: 2000, testCount: 500)
        return RunSpec(data: DataSpec(.builtin(.colorShapes(data))), model: network(conv(3)), optimizer: .adam(lr: rate),
                       batchSize: 50, budget: .epochs(profile == .quick ? 4 : 15))
    }

    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 2 : 5) }

    static let parameters = Quantity.custom("parameters") { Double($0.parameterCount) }
    static let multiplyAdds = Quantity.custom("multiply-adds per image") { Double($0.trainingFLOPsPerSample) / 6 }
    /// Seconds of training per epoch, evaluation passes excluded: a measurement of this machine
    /// while other runs share it, not a reproducible number (`check` does not compare it).
    static let trainingSeconds = Quantity.custom("training s per epoch (this machine)") { r in
        r.epochs.count > 1 ? (r.wallSeconds - (r.evaluationSeconds ?? 0)) / Double(r.epochs.count - 1) : nil
    }
    static let accuracy = Quantity.final(.testAccuracy)

    public static let study = Study(
        "conv1x1", title: "1×1 convolutions mix channels: cheap bottlenecks, depth control, a non-linearity per pixel",
        question: "Is a 1×1 convolution just a scalar multiplication — and how much do Inception's 1×1 reductions save, and cost, before 3×3 and 5×5 convolutions?",
        thumbnail: "bottleneck-cost"
    ) { profile in
        let b = base(profile)
        Prose("""
            Four of the notes this tool grew from ask about 1×1 convolutions: are they the same as scaling the \
            input by a number; why does Inception put them before its 3×3 and 5×5 convolutions; how do they \
            change the depth (number of channels) of a feature map; and why does Network in Network call a \
            1×1 convolution followed by a ReLU a small network at every pixel? This page answers the first \
            question exactly and measures the others on the *coloured shapes*: \(b.data.sizes!.train) training and \
            \(b.data.sizes!.test) test images of \(b.data.sizes!.classes) figures, each a figure of one random colour \
            on a background of another, so that a figure may vanish in one colour channel and only a mix of \
            channels finds it everywhere.
            """)

        if case .builtin(.colorShapes(let data)) = b.data.source {
            FigureBlock("samples", caption: "The first \(Conv1x1Samples.count) training images of the coloured shapes, one per class (the noise-free value range 0…1 shown as black…full colour; noise clipped).",
                        experiment: bottleneck.id, needs: { _ in [Conv1x1Samples.job(data)] }) { r in Conv1x1Samples.figure(r, data) }
        }
        Heading("Is a 1×1 convolution a scalar multiplication?")
        Prose("""
            A 1×1 convolution from Cᵢₙ to Cₒᵤₜ channels has a weight matrix W of Cₒᵤₜ × Cᵢₙ numbers (and \
            Cₒᵤₜ biases). At every pixel it maps the vector of Cᵢₙ channel values x to Wx + b: a Linear layer \
            applied to each pixel alone, the same at every pixel. It is a scalar multiplication only when W is \
            1 × 1 — one channel in, one out. With more channels every output channel is its own weighted sum \
            of all input channels. The table measures this with the engine's `Conv2d` on a \
            coloured-shapes image (\(b.data.sizes!.sampleValues / 3) pixels, the 1-channel rows on its red channel).
            """)
        Derive { _ in [Conv1x1Facts.job] }
        Prose { r in Conv1x1Facts.table(r) }

        Heading("Bottlenecks: a 1×1 reduction before 3×3 and 5×5")
        Prose("""
            Inception (Szegedy et al. 2015) reduces the channels with a 1×1 convolution before each expensive \
            convolution. Here the block after the stem (\(stemWidth) channels at 8×8) is a 3×3 or 5×5 \
            convolution to \(blockWidth) channels, with or without a 1×1 reduction to \(reduced) channels (each \
            followed by a ReLU). Everything else is fixed: Adam at lr \(constant: Double(rate)), batch \(b.batchSize), \
            \(b.budget.epochs!) epochs, the same initial weights of the shared layers and the same batch order at each seed.
            """)
        let blocks: [(LevelHandle, [LayerSpec])] = [
            (plain3, conv(3)), (reduced3, pointwise(reduced) + conv(3)), (plain5, conv(5)), (reduced5, pointwise(reduced) + conv(5)),
        ]
        Experiment(bottleneck, base: b, vary: Vary("block", blocks.map { level, block in Level(level) { $0.model = network(block) } }),
                   seeds: seeds(profile))
        Derive { runs in Conv1x1Timing.jobs(runs) }
        FigureBlock.pareto("bottleneck-cost", caption: "Test accuracy against the multiply-adds of one forward pass per image (log axis; mean with 95% CI, faint dots are seeds). Dashed: the Pareto front.",
                           experiments: [bottleneck], metric: Measure(accuracy), cost: Measure(multiplyAdds, log: true))
        TableBlock("bottleneck", caption: "Cost and accuracy per block (mean over seeds). Parameters and multiply-adds are exact counts; training seconds are this machine's, measured while other runs shared it.",
                   experiment: bottleneck, [parameters, multiplyAdds, trainingSeconds, .final(.trainAccuracy), accuracy])
        let cost3 = Claim("Without the 1×1 reduction, the 3×3 block is more accurate", accuracy, plain3, greaterThan: reduced3)
        let cost5 = Claim("Without the 1×1 reduction, the 5×5 block is more accurate", accuracy, plain5, greaterThan: reduced5)
        cost3
        cost5
        Prose { r in Conv1x1Prose.bottleneck(r, cost3: cost3, cost5: cost5) }
        Prose { r in Conv1x1Timing.prose(r) }

        Heading("Depth control: reduce, keep or increase the channels")
        Prose("""
            A 1×1 convolution sets the number of channels without touching the resolution. Between the stem \
            (\(stemWidth) channels) and a 3×3 convolution to \(blockWidth) channels, a 1×1 convolution with ReLU \
            maps to \(list: widths.map { "\($0)" }) channels: reduce, keep, increase.
            """)
        let widthSweep = Sweep(depth, name: "channels after the 1×1", widths, number: { Double($0) }) { (spec: inout RunSpec, c: Int) in
            spec.model = network(pointwise(c) + conv(3))
        }
        Experiment(depth, base: b, vary: widthSweep.factor, seeds: seeds(profile))
        FigureBlock.dots("depth", caption: "Test accuracy and parameters against the channels after the 1×1 convolution (log axis; mean with 95% CI, dots are seeds).",
                         experiment: depth, [Measure(accuracy), Measure(parameters)], logFactor: true)
        TableBlock("depth", caption: "Channels after the 1×1 convolution.", experiment: depth, [parameters, multiplyAdds, .final(.trainAccuracy), accuracy])
        let wider = Claim("Reducing to \(widths[0]) channels costs accuracy against keeping \(widths[1])", accuracy, widthSweep[widths[1]], greaterThan: widthSweep[widths[0]])
        let widest = Claim("Increasing to \(widths[2]) channels gains accuracy over keeping \(widths[1])", accuracy, widthSweep[widths[2]], greaterThan: widthSweep[widths[1]])
        wider
        widest
        Prose { r in Conv1x1Prose.depth(r, widths: widths.map { widthSweep[$0] }, wider: wider, widest: widest) }

        Heading("A non-linearity without changing the resolution")
        Prose("""
            Lin et al. (2014) follow convolutions with 1×1 convolutions and ReLUs: a small multilayer \
            perceptron across the channels at every pixel, which adds depth and non-linearity but keeps the \
            feature map's size. Between the stem and the 3×3 convolution: a 1×1 convolution to \(stemWidth) \
            channels with a ReLU, the same without the ReLU, or nothing. A linear 1×1 followed by a linear \
            convolution composes into one linear map, so without its ReLU it adds parameters but no new functions.
            """)
        Experiment(nonlinear, base: b, vary: Vary("between stem and 3×3", [
            Level(withReLU) { $0.model = network(pointwise(stemWidth) + conv(3)) },
            Level(linear1x1) { $0.model = network(pointwise(stemWidth, relu: false) + conv(3)) },
            Level(none) { $0.model = network(conv(3)) },
        ]), seeds: seeds(profile))
        FigureBlock.curves("nonlinearity", caption: "Training and test accuracy per epoch (mean over seeds, band ±1 sd).",
                           experiment: nonlinear, metrics: [.trainAccuracy, .testAccuracy])
        TableBlock("nonlinearity", caption: "With and without a 1×1 convolution, with and without its ReLU.", experiment: nonlinear,
                   [parameters, multiplyAdds, .final(.trainAccuracy), accuracy])
        let relu = Claim("1×1 + ReLU is more accurate than a linear 1×1", accuracy, withReLU, greaterThan: linear1x1)
        let linearIsNone = Claim.equivalent("A linear 1×1 convolution changes test accuracy by less than \(Format.points(equivalenceMargin, digits: 1)) against none",
                                            accuracy, linear1x1, to: none, within: equivalenceMargin)
        relu
        linearIsNone
        Prose { r in Conv1x1Prose.nonlinearity(r, relu: relu, linearIsNone: linearIsNone) }

        DoesNotShow(
            "Anything about large networks or real images: one small network, 16×16 synthetic images, \(b.budget.epochs!) epochs; Inception's savings matter where a 5×5 convolution has hundreds of input channels.",
            "That the reductions are free in general: the accuracy cost depends on how far the channels are reduced (here \(stemWidth) → \(reduced)) and on the budget; no level was tuned (one learning rate for all, chosen beforehand, not on validation or test data).",
            "That a linear 1×1 convolution never helps: it changes the parametrization and so the optimization path; the equivalence claim above bounds the difference only to ±\(Format.points(equivalenceMargin, digits: 1)), on this network and budget.",
            "Reproducible times: training and inference seconds are measurements of this shared 2-core machine; parameters and multiply-adds are exact, times are not.")
        References(
            Citation("Min Lin, Qiang Chen and Shuicheng Yan", 2014, "Network In Network", "International Conference on Learning Representations (ICLR)", url: "https://arxiv.org/abs/1312.4400"),
            Citation("Christian Szegedy, Wei Liu, Yangqing Jia, Pierre Sermanet, Scott Reed, Dragomir Anguelov, Dumitru Erhan, Vincent Vanhoucke and Andrew Rabinovich", 2015,
                     "Going deeper with convolutions", "IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 1–9", url: "https://arxiv.org/abs/1409.4842"),
            .dumoulin2016)
    }
}
