import DLCore
import Foundation
import DLPlot
import DLStudy

/// Zero, constant and random initialization: which ones break the symmetry between hidden units
/// (a shallow MLP, where the answer is a fact); and in a deep plain network (ReLU and tanh, no
/// normalization), do Xavier, He and PyTorch's default differ in how the activations' scale
/// survives the depth, and in how well the network trains at a rate tuned for each on validation?
public enum InitializationStudy {
    // MARK: Symmetry: a shallow MLP
    static let main = ExperimentHandle("main"), logistic = ExperimentHandle("logistic")
    static let zero = main.level("zero"), constant = main.level("constant 0.01"), random = main.level("PyTorch default")
    static let linearModel = logistic.level("logistic regression")
    static let schemes: [(LevelHandle, InitScheme)] = [
        (zero, InitScheme(weight: .zeros, bias: .zeros)),
        (constant, InitScheme(weight: .constant(0.01), bias: .zeros)),
        (random, .pytorchDefault),
    ]
    static let hidden = [100, 100], rate: Float = 0.1

    // MARK: Depth: a 16-layer plain network
    static let scale = ExperimentHandle("scale"), relu = ExperimentHandle("deep-relu"), tanh = ExperimentHandle("deep-tanh")
    static let depth = 16, width = 64
    static let random3: [(String, InitScheme)] = [
        ("Xavier", InitScheme(weight: .xavierNormal(gain: 1), bias: .zeros)),
        ("He", InitScheme(weight: .kaimingNormal(a: 0, mode: .fanIn), bias: .zeros)),
        ("PyTorch default", .pytorchDefault),
    ]
    static let activations: [(String, LayerSpec)] = [("ReLU", .relu), ("tanh", LayerSpec(.tanh))]

    static func rates(_ profile: Profile) -> [Float] { profile == .quick ? [0.01, 0.1, 1] : [0.01, 0.03, 0.1, 0.3, 1] }
    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 4 : 15 }
    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 2 : 5) }

    /// MNIST-1D with a validation split carved from the training set.
    static func data(_ profile: Profile) -> DataSpec {
        DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: profile == .quick ? 1000 : 2500,
                 validationSamples: profile == .quick ? 250 : 500)
    }

    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(data: data(profile), model: .mlp(hidden: hidden), optimizer: .sgd(lr: rate), batchSize: 64,
                budget: .epochs(profile == .quick ? 6 : 20))
    }

    /// `depth` hidden layers of `width` units, each Linear followed by `activation`, no normalization.
    static func deepModel(_ activation: LayerSpec) -> ModelSpec {
        ModelSpec(layers: (0..<depth).flatMap { _ in [LayerSpec.linear(width), activation] } + [LayerSpec(.linear)])
    }

    /// The deep net trained with plain SGD; the weights of the epoch with the best validation
    /// accuracy are restored at the end (patience = the whole budget, so no run stops early), so
    /// every final number is read at the validation-chosen epoch.
    static func deepBase(_ profile: Profile, _ activation: LayerSpec) -> RunSpec {
        RunSpec(data: data(profile), model: deepModel(activation), optimizer: .sgd(lr: 0.1),
                earlyStopping: EarlyStoppingConfig(monitor: "val_accuracy", mode: .max, patience: epochs(profile), restoreBestWeights: true),
                batchSize: 64, budget: .epochs(epochs(profile)))
    }

    static func schemeFactor(_ experiment: ExperimentHandle) -> Factor {
        Vary("initialization", random3.map { name, scheme in Level(experiment.level(name)) { $0.initialization = scheme } }, changesInitOrData: true)
    }

    // MARK: Quantities
    static let meanCosine1 = Quantity.probe("symmetry.0.mean_cos").named("mean cos, W₁ rows")
    static let meanCosine2 = Quantity.probe("symmetry.2.mean_cos").named("mean cos, W₂ rows")
    static let deviation1 = Quantity.probe("symmetry.0.max_dev").named("max row deviation, W₁")
    /// The L2 norm of the second weight matrix (`weights.l2` lists W₁, W₂, W₃, then the total).
    static let secondNorm = Quantity.custom("‖W₂‖") { r in r.probes["weights.l2"].flatMap { $0.count > 1 ? $0[1] : nil } }
    /// The activations' spread measured: each unit's std across the samples, as a root mean
    /// square over the layer's units (`activations.signal_std`), so that biases that make units
    /// differ from one another do not count as signal.
    static let spreadKey = "activations.signal_std"
    /// The spread of hidden layer k's activations (1-based) at initialization.
    static func activationStd(_ k: Int) -> Quantity {
        Quantity.custom("spread, layer \(k)") { r in
            r.probes[spreadKey].flatMap { $0.indices.contains(2 * k - 1) ? $0[2 * k - 1] : nil }
        }
    }
    /// log₂ of the std at the last hidden layer over the std at the first: 0 keeps the scale, −1 halves it.
    static let depthLogRatio = Quantity.custom("log₂ spread ratio, layer 16 : 1") { r in
        guard let s = r.probes[spreadKey], s.count > 2 * depth - 1, s[1] > 0, s[2 * depth - 1] > 0 else { return nil }
        return log2(s[2 * depth - 1] / s[1])
    }
    static let depthLogRatioSize = Quantity.custom("|log₂ spread ratio, layer 16 : 1|") { r in
        depthLogRatio.value(r).map(abs)
    }
    /// Test accuracy of the weights restored at the epoch of best validation accuracy; a
    /// diverged run counts at chance (10%).
    static let testAtChosenEpoch = Quantity.custom("test acc. at chosen epoch") { r in
        r.status == .diverged ? 0.1 : r.final?.testAccuracy
    }
    /// What chooses a scheme's rate: the validation accuracy of the restored (best) epoch, 0 for
    /// a diverged run.
    static let validationAtChosenEpoch = Quantity.custom("best val. acc.") { r in
        r.status == .diverged ? 0 : r.final?.validationAccuracy
    }
    static let chosenEpoch = Quantity.epochOfBest(.validationAccuracy).named("chosen epoch")
    static let firstNorm = Quantity.firstWeightNorm.named("‖W₁‖")
    /// The mean training loss over the epochs (the area under the training curve ÷ epochs): lower trains faster.
    static let meanTrainLoss = Quantity.custom("mean train loss") { r in
        let v = r.epochs.filter { $0.epoch > 0 }.compactMap(\.trainLoss)
        return r.status == .diverged || v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }

    static func tuning(_ profile: Profile, _ experiment: ExperimentHandle) -> Tuning {
        Tuning(experiment, schemeFactor(experiment), rates: rates(profile), score: validationAtChosenEpoch)
    }

    public static let study = Study(
        "init", title: "Zero and constant initialization never break the symmetry between hidden units; in a 16-layer plain network the random scheme's scale decides whether the signal survives",
        question: "Do hidden units that start equal stay equal — and, in a deep plain network, does it matter which random initialization (Xavier, He, PyTorch's default) breaks the tie?",
        thumbnail: "scale"
    ) { profile in
        let inputs = base(profile).data.sizes!.sampleValues
        let (reluTuning, tanhTuning) = (tuning(profile, relu), tuning(profile, tanh))
        Prose("""
            If every weight of a layer starts at the same value, every hidden unit of that layer computes the \
            same function, receives the same gradient and takes the same step: the units stay identical \
            forever, and the layer is as good as one unit wide. With zeros and ReLU it is worse: every hidden \
            activation is 0, so no weight gradient reaches the hidden layers at all. Random weights break the \
            tie (LeCun et al. 1998). Their *scale* is a second question, which a shallow network cannot answer: \
            Glorot & Bengio (2010) chose the variance 2/(fan-in + fan-out) to keep the signal's variance \
            through the layers of a tanh network, and He et al. (2015) the variance 2/fan-in for ReLU, which \
            zeroes half of its input. PyTorch's default for `Linear` draws uniformly with variance \
            1/(3·fan-in) (`kaiming_uniform_` with a = √5).

            The page has two parts: symmetry in a \(hidden.map(String.init).joined(separator: "-")) ReLU MLP, where the answers \
            are facts about the arithmetic that every seed reproduces exactly; then a \(depth)-layer plain network \
            (no normalization, no skip connections), where the three random schemes are compared on the \
            scale of the activations at initialization and on how well the network trains, each at a \
            learning rate chosen for it on a validation split. Claims come in three families (symmetry, \
            scale, trainability); within each, p-values are adjusted with Holm's (1979) step-down procedure.
            """)

        Heading("Which initializations break the symmetry?")
        Prose("""
            The same MLP, data and batch order at each seed; plain SGD (lr \(constant: Double(rate)), batch \(base(profile).batchSize)). \
            Only the initialization changes: all zeros; every weight 0.01; PyTorch's default. Biases start at \
            zero except in PyTorch's default. Symmetry is measured after training by the hidden units' \
            incoming weight vectors (the rows of W₁ and W₂): their mean pairwise cosine similarity, 1 when \
            every unit points the same way and about 0 for random directions, and the largest distance of \
            any row from the mean row, 0 exactly when the units are identical. (A matrix's rank is a weak \
            probe here: any random \(hidden[0]) × \(inputs) matrix has rank \(inputs).)
            """)
        Experiment(main, base: base(profile),
                   vary: Vary("initialization", schemes.map { level, scheme in Level(level) { $0.initialization = scheme } }, changesInitOrData: true),
                   seeds: seeds(profile), probes: [.symmetry, .weightStatistics(nearZero: 1e-3)])
        Experiment(logistic, base: { var s = base(profile); s.model = .logisticRegression; return s }(),
                   vary: Vary(\.model, [ModelSpec.logisticRegression], name: "model", label: { _ in linearModel.label }), seeds: seeds(profile))
        FigureBlock.curves("loss", caption: "Training and test loss per epoch by initialization (mean over seeds, band ±1 sd; log loss axis).",
                           experiment: main.id, metrics: [.trainLoss, .testLoss], logY: true)
        FigureBlock("similarity", caption: "Pairwise cosine similarity of the first layer's \(hidden[0]) hidden units (rows of W₁) after training, seed 0. A solid block means identical units; zero weights have no direction (blank).",
                    experiment: main.id) { r in similarity(r) }
        TableBlock("symmetry", caption: "After training: the units' weight vectors. The cosines of all-zero rows are undefined (n/a).", experiment: main.id,
                   [.final(.trainLoss), .final(.testAccuracy), firstNorm, secondNorm, meanCosine1, meanCosine2, deviation1])
        let zeroStays = Claim("Zero initialization: the first hidden layer's weights never move (‖W₁‖ stays 0)", firstNorm, zero, lessThan: 1e-12).family("symmetry")
        let zeroStays2 = Claim("Zero initialization: the second hidden layer's weights never move (‖W₂‖ stays 0)", secondNorm, zero, lessThan: 1e-12).family("symmetry")
        let constantStays = Claim("Constant initialization: the first layer's hidden units stay identical (every row of W₁ equals the mean row)", deviation1, constant, lessThan: 1e-12).family("symmetry")
        let randomBreaks = Claim("Random initialization breaks the symmetry: W₁'s rows are less alike than under constant initialization (mean pairwise cosine)", meanCosine1, random, lessThan: constant).family("symmetry")
        let linearLike = Claim("The zero-initialized network is less accurate than a linear model", .final(.testAccuracy), zero, lessThan: linearModel).family("symmetry")
        zeroStays
        zeroStays2
        constantStays
        randomBreaks
        linearLike
        Prose { r in
            let seeds = r.facts(main).seeds
            let exact = { (c: Claim) in r.outcome(c).test?.isExact == true && r.outcome(c).verdict == .supported }
            let zeroFact = exact(zeroStays) && exact(zeroStays2)
                ? "In every one of the \(seeds) seeds the zero-initialized network ends with ‖W₁‖ = ‖W₂‖ = 0 exactly: only the output layer's bias learned, so it predicts the class prior"
                : "The zero-initialized network's hidden weights end at ‖W₁‖ = \(number: r.mean(zero, firstNorm)) and ‖W₂‖ = \(number: r.mean(zero, secondNorm)) (mean over \(seeds) seeds)"
            let constantFact = exact(constantStays)
                ? "the constant initialization ends, in every seed, with all \(hidden[0]) rows of W₁ exactly equal (mean pairwise cosine \(number: r.mean(constant, meanCosine1))): one effective unit per layer"
                : "the constant initialization ends with rows of W₁ that differ from their mean by at most \(number: r.mean(constant, deviation1)) (mean pairwise cosine \(number: r.mean(constant, meanCosine1)))"
            return zeroFact + " (\(percent: r.mean(zero, .final(.testAccuracy))) test accuracy, against \(percent: r.mean(linearModel, .final(.testAccuracy))) for a logistic regression); "
                + constantFact + ", and reaches \(percent: r.mean(constant, .final(.testAccuracy))). "
                + "PyTorch's random default ends with a mean pairwise cosine of \(number: r.mean(random, meanCosine1)) between W₁'s rows (\(number: r.mean(random, meanCosine2)) for W₂) and \(percent: r.mean(random, .final(.testAccuracy))) accuracy. "
                + r.reading(linearLike, supported: "A network that cannot break its symmetry is worse than no hidden layer at all.",
                            contradicted: "Against the claim, the zero-initialized network beats the linear model here.",
                            inconclusive: "The seeds do not settle whether it is worse than the linear model.")
        }

        Heading("A deep plain network: the scale of the signal")
        Prose("""
            \(depth) hidden layers of \(width) units, each a `Linear` followed by ReLU or by tanh, then a `Linear` to the \
            10 classes; no batch normalization. Three random schemes: Xavier/Glorot normal (gain 1, biases 0), \
            He/Kaiming normal (fan-in, gain √2, biases 0) and PyTorch's default (weights and biases uniform). \
            Before any training, the spread of every hidden layer's activations is measured on 1000 \
            training samples: each unit's standard deviation across the samples, as a root mean square over \
            the layer's units — the part of the activations that carries the input (a bias that makes units \
            differ from one another but not from sample to sample does not count). For a ReLU layer He's variance keeps the mean square of the activations from \
            layer to layer; Xavier's halves it at every layer (its variance is half of He's here, where \
            fan-in = fan-out), and PyTorch's default divides it by six. With tanh (whose slope is at most 1) \
            Xavier's gain 1 lets the signal decay slowly, while He's gain √2 pushes the units toward \
            saturation at ±1. The same seeds give the same initial weights as the training runs below.
            """)
        let scaleLevel = { (act: String, scheme: String) in scale.level("\(act), \(scheme)") }
        Experiment(scale, base: { var s = deepBase(profile, .relu); s.budget = .epochs(1); s.earlyStopping = nil; return s }(),
                   vary: Vary("activation", activations.map { name, act in Level(name) { $0.model = deepModel(act) } }),
                   Vary("initialization", random3.map { name, scheme in Level(name) { $0.initialization = scheme } }, changesInitOrData: true),
                   seeds: seeds(profile), probes: [.activationStatistics])
        FigureBlock.layerProfile(
            "scale", caption: "Spread of each hidden layer's activations at initialization: each unit's standard deviation across 1000 training samples, root mean square over the layer's units (log axis; geometric mean over seeds, band: the seeds' range). Left: ReLU; right: tanh.",
            panels: activations.map { act, _ in (scale, act, random3.map { scaleLevel(act, $0.0) }) }, probe: spreadKey,
            yLabel: "activations' std across samples")
        TableBlock("scale", caption: "Activations' spread at initialization (each unit's std across samples, root mean square over units), hidden layers 1, \(depth / 2) and \(depth), and the log₂ ratio of the last to the first (0: the scale is kept; −1: halved).",
                   experiment: scale.id, [activationStd(1), activationStd(depth / 2), activationStd(depth), depthLogRatio])
        let heKeeps = Claim("With ReLU, He keeps the activations' scale through \(depth) layers (the std at layer \(depth) is within a factor of 2 of layer 1's)",
                            depthLogRatioSize, scaleLevel("ReLU", "He"), lessThan: 1).family("scale")
        let xavierShrinks = Claim("With ReLU, Xavier shrinks the activations with depth more than He (log₂ ratio of the std at layer \(depth) to layer 1)",
                                  depthLogRatio, scaleLevel("ReLU", "Xavier"), lessThan: scaleLevel("ReLU", "He")).family("scale")
        let pytorchShrinks = Claim("With ReLU, PyTorch's default shrinks them more than Xavier",
                                   depthLogRatio, scaleLevel("ReLU", "PyTorch default"), lessThan: scaleLevel("ReLU", "Xavier")).family("scale")
        let tanhSaturates = Claim("With tanh, He's activations at layer \(depth) are larger (nearer saturation at ±1) than Xavier's",
                                  activationStd(depth), scaleLevel("tanh", "He"), greaterThan: scaleLevel("tanh", "Xavier")).family("scale")
        let tanhDecays = Claim("With tanh, Xavier's activations shrink with depth (std at layer \(depth) below layer 1's)",
                               depthLogRatio, scaleLevel("tanh", "Xavier"), lessThan: 0).family("scale")
        heKeeps
        xavierShrinks
        pytorchShrinks
        tanhSaturates
        tanhDecays
        Prose { r in
            let ratio = { (a: String, s: String) in exp2(r.mean(scaleLevel(a, s), depthLogRatio)) }
            let std = { (a: String, s: String, k: Int) in r.mean(scaleLevel(a, s), activationStd(k)) }
            return "With ReLU, from hidden layer 1 to hidden layer \(depth) the activations' std changes by a factor of \(number: ratio("ReLU", "He")) under He, \(number: ratio("ReLU", "Xavier")) under Xavier and \(number: ratio("ReLU", "PyTorch default")) under PyTorch's default (geometric means of the per-seed ratios). "
                + r.reading(heKeeps, supported: "He keeps the scale within a factor of 2, as its derivation predicts; ",
                            contradicted: "He does not keep it within a factor of 2 here; ",
                            inconclusive: "Whether He keeps it within a factor of 2 is not settled by the seeds; ")
                + r.reading(xavierShrinks, supported: "Xavier shrinks it, ", contradicted: "Xavier does not shrink it more than He, ", inconclusive: "whether Xavier shrinks it more than He is not settled, ")
                + r.reading(pytorchShrinks, supported: "and PyTorch's default shrinks it most. ", contradicted: "and PyTorch's default shrinks it less than Xavier. ", inconclusive: "and PyTorch's default against Xavier is not settled. ")
                + "With tanh, the std at layer \(depth) is \(number: std("tanh", "He", depth)) under He, \(number: std("tanh", "Xavier", depth)) under Xavier and \(number: std("tanh", "PyTorch default", depth)) under PyTorch's default (layer 1: \(number: std("tanh", "He", 1)), \(number: std("tanh", "Xavier", 1)), \(number: std("tanh", "PyTorch default", 1))). "
                + r.reading(tanhSaturates, supported: "He drives the tanh units further toward saturation than Xavier.",
                            contradicted: "Against the claim, He's tanh activations are smaller than Xavier's at depth.",
                            inconclusive: "The seeds do not settle whether He's tanh activations are larger than Xavier's at depth.")
        }

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

        References(
            Citation("Xavier Glorot, Yoshua Bengio", 2010, "Understanding the difficulty of training deep feedforward neural networks",
                     "Proceedings of the 13th International Conference on Artificial Intelligence and Statistics (AISTATS), PMLR 9:249–256",
                     url: "https://proceedings.mlr.press/v9/glorot10a.html"),
            Citation("Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun", 2015, "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification",
                     "Proceedings of the IEEE International Conference on Computer Vision (ICCV), 1026–1034; arXiv:1502.01852", url: "https://arxiv.org/abs/1502.01852"),
            Citation("Yann LeCun, Léon Bottou, Genevieve B. Orr, Klaus-Robert Müller", 1998, "Efficient BackProp",
                     "Neural Networks: Tricks of the Trade, Lecture Notes in Computer Science 1524, Springer, 9–50", url: "https://doi.org/10.1007/3-540-49430-8_2"),
            Citation("Andrew M. Saxe, James L. McClelland, Surya Ganguli", 2014, "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks",
                     "International Conference on Learning Representations (ICLR 2014); arXiv:1312.6120", url: "https://arxiv.org/abs/1312.6120"),
            Citation("Dmytro Mishkin, Jiří Matas", 2016, "All you need is a good init",
                     "International Conference on Learning Representations (ICLR 2016); arXiv:1511.06422", url: "https://arxiv.org/abs/1511.06422"),
            .greydanus2020,
            .holm1979
        )
        DoesNotShow(
            "Anything beyond MNIST-1D (a 1-D toy task; Greydanus 2020) and these two architectures: a \(hidden.map(String.init).joined(separator: "-")) MLP and a \(depth)-layer, \(width)-unit plain network.",
            "Deeper networks, or networks with normalization or skip connections, where the schemes may differ more (or less): \(depth) layers is one depth, and the activations' scale is measured only at initialization, not during training.",
            "Tuned shallow networks: the symmetry part trains at one rate (\(Format.plain(Double(rate)))); its facts (weights that stay exactly 0, rows that stay exactly equal) do not depend on the rate, its accuracies do.",
            "Other optimizers: plain SGD only; momentum or Adam rescale the steps and can change which scheme trains best. The tuning grid has \(rates(profile).count) rates and \(epochs(profile)) epochs per run; a rate chosen at an end of the grid means the best rate may lie outside it.",
            "Orthogonal initialization (Saxe et al. 2014), LSUV (Mishkin & Matas 2016) and Xavier with tanh's recommended gain 5/3: not run.",
            "The reasons behind a difference in accuracy: the claims compare outcomes; gradients per layer are not measured."
        )
    }

    /// The cosine similarity of W₁'s rows, one panel per scheme (seed 0).
    static func similarity(_ r: StudyResults) -> Figure {
        let cells = r[main]?.cells ?? []
        let figure = Figure(width: 720, height: 280, rows: 1, columns: max(cells.count, 1))
        for (i, cell) in cells.enumerated() {
            let axes = figure.panels[i]
            axes.title = cell.label
            axes.legend = .none
            guard let run = cell.runs[0] ?? cell.runs.values.first, let flat = run.probes["symmetry.0.cosine"] else {
                axes.text("undefined: every row is zero", x: 0.5, y: 0.5, anchor: .center)
                (axes.xAxis.ticks, axes.yAxis.ticks, axes.grid) = ([], [], false)
                continue
            }
            let n = Int(Double(flat.count).squareRoot())
            axes.heatmap((0..<n).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }, colormap: .diverging, range: -1...1,
                         colorbarLabel: i == cells.count - 1 ? "cosine" : nil)
        }
        return figure
    }
}
