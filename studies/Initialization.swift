import DLCore
import DLPlot
import DLStudy

/// Zero, constant and random initialization: which ones break the symmetry between hidden units?
public enum InitializationStudy {
    static let main = ExperimentHandle("main"), logistic = ExperimentHandle("logistic")
    static let zero = main.level("zero"), constant = main.level("constant 0.01"), small = main.level("normal σ=0.01")
    static let xavier = main.level("Xavier normal"), he = main.level("He normal"), pytorch = main.level("PyTorch default")
    static let linearModel = logistic.level("logistic regression")
    /// The schemes that draw random weights.
    static let random = [small, xavier, he, pytorch]
    static let schemes: [(LevelHandle, InitScheme)] = [
        (zero, InitScheme(weight: .zeros, bias: .zeros)),
        (constant, InitScheme(weight: .constant(0.01), bias: .zeros)),
        (small, InitScheme(weight: .normal(mean: 0, std: 0.01), bias: .zeros)),
        (xavier, InitScheme(weight: .xavierNormal(gain: 1), bias: .zeros)),
        (he, InitScheme(weight: .kaimingNormal(a: 0, mode: .fanIn), bias: .zeros)),
        (pytorch, .pytorchDefault),
    ]
    static let hidden = [100, 100], rate: Float = 0.1

    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(
            data: profile == .quick ? DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: 1000) : .mnist1d,
            model: .mlp(hidden: hidden), optimizer: .sgd(lr: rate), batchSize: 64,
            budget: .epochs(profile == .quick ? 10 : 50))
    }

    public static let study = Study(
        "init", title: "Zero initialization never breaks symmetry",
        question: "Do hidden units that start equal stay equal — and does it matter which random initialization breaks the tie?"
    ) { profile in
        let inputs = base(profile).data.sizes!.sampleValues, samples = min(1000, base(profile).data.sizes!.train)
        Prose("""
            If every weight of a layer starts at the same value, every hidden unit of that layer computes the \
            same function, receives the same gradient and takes the same step: the units stay identical \
            forever, and the layer is as good as one unit wide. With zeros and ReLU it is worse: every hidden \
            activation is 0, so no weight gradient reaches the hidden layers at all. Random initialization \
            breaks the tie; its scale (Xavier, He) decides whether the signal survives the depth.

            Same MLP, same data, same batch order; plain SGD (lr \(constant: Double(rate)), batch \(base(profile).batchSize)). Only the initialization \
            changes, so at a given seed the random schemes differ in their first weights by construction. \
            Biases start at zero except in PyTorch's default.
            """)
        Experiment(main, base: base(profile),
                   vary: Vary("initialization", schemes.map { level, scheme in Level(level) { $0.initialization = scheme } }, changesInitOrData: true),
                   seeds: Seeds(3), probes: [.symmetry, .weightStatistics(nearZero: 1e-3), .activationStatistics])
        Experiment(logistic, base: { var s = base(profile); s.model = .logisticRegression; return s }(),
                   vary: Vary(\.model, [ModelSpec.logisticRegression], name: "model", label: { _ in linearModel.label }), seeds: Seeds(3))
        FigureBlock.curves("loss", caption: "Training and test loss per epoch by initialization (mean over seeds, band ±1 sd).",
                           experiment: main, metrics: [.trainLoss, .testLoss], logY: true)
        FigureBlock("similarity", caption: "Pairwise cosine similarity of the first layer's \(hidden[0]) hidden units (rows of W₁) after training, seed 0. A solid block means identical units; zero weights have no direction (blank).",
                    experiment: main) { r in similarity(r) }
        FigureBlock("rank", caption: "Numerical rank of each hidden weight matrix after training (PyTorch's default tolerance), mean over seeds.",
                    experiment: main) { r in
            let figure = Figure(width: 560, height: 320)
            figure.axes.yAxis.label = "rank"
            let shapes = zip(hidden, [inputs] + hidden).map { "\($0) × \($1)" }
            figure.axes.bars(categories: r[main]!.cells.map(\.label), groups: [0, 2].enumerated().map { i, layer in
                BarGroup(label: "\(["W₁", "W₂"][i]) (\(shapes[i]))",
                         values: r[main]!.cells.map { $0.summary(.weightRank(layer: layer))?.mean ?? 0 })
            })
            return figure
        }
        FigureBlock("activations", caption: "Standard deviation of each layer's output at initialization, on \(samples) training samples (seed 0): Xavier and He keep the signal's scale; small or constant weights shrink it.",
                    experiment: main) { r in activations(r) }
        TableBlock("final", caption: "After training.", experiment: main,
                   [.final(.trainLoss), .final(.testAccuracy), .weightRank(layer: 0), .weightRank(layer: 2)])
        Claim("Zero initialization: the hidden weights never move (‖W₁‖ stays 0)", .firstWeightNorm, zero, lessThan: 1e-9)
        Claim("Constant initialization never breaks symmetry: W₁ stays rank 1", .weightRank(layer: 0), constant, lessThan: 1.5)
        Claim("Random initialization breaks symmetry: W₁ has full rank (40)", .weightRank(layer: 0), he, greaterThan: 39.5)
        Claim("The zero-initialized network is no better than a linear model", .final(.testAccuracy), zero, lessThan: linearModel)
        Prose { r in
            let acc = { (l: LevelHandle) in r.mean(l, .final(.testAccuracy)) }, rank = { (l: LevelHandle) in r.mean(l, .weightRank(layer: 0)) }
            let ranked = random.filter { acc($0).isFinite }.sorted { acc($0) < acc($1) }
            let ranks = Set(random.map { Format.number(rank($0)) })
            guard let worst = ranked.first, let best = ranked.last else { return "The random schemes have no results yet." }
            let spread = random.compactMap { r.summary($0, .final(.testAccuracy))?.sd }.max() ?? 0
            let tied = ranked.filter { acc(best) - acc($0) < spread }
            return "After training, the zero-initialized network reaches \(percent: acc(zero)) test accuracy (a logistic regression reaches \(percent: acc(linearModel))): only the output bias learned, so it predicts the class prior. The constant initialization ends with W₁ of rank \(number: rank(constant)) and \(percent: acc(constant)) accuracy — one effective hidden unit per layer. "
                + (ranks.count == 1 ? "Every random scheme ends with W₁ of rank \(ranks.first!)" : "The random schemes end with W₁ of rank \(list: random.map { "\(number: rank($0)) (\($0))" })")
                + " and between \(percent: acc(worst)) (\(worst)) and \(percent: acc(best)) (\(best)) accuracy."
                + (tied.count > 1 ? " The best \(spelled: tied.count) (\(list: tied.map(\.label))) lie within \(points: acc(best) - acc(tied[0])) of one another, less than the seeds' spread (sd up to \(points: spread)): this study does not rank them." : "")
        }
    }

    /// The cosine similarity of W₁'s rows, one panel per scheme (seed 0).
    static func similarity(_ r: StudyResults) -> Figure {
        let figure = Figure(width: 720, height: 500, rows: 2, columns: 3)
        for (i, cell) in (r[main]?.cells ?? []).prefix(6).enumerated() {
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
                         colorbarLabel: i % 3 == 2 ? "cosine" : nil)
        }
        return figure
    }

    /// Each layer's output std at initialization (seed 0), one line per scheme.
    static func activations(_ r: StudyResults) -> Figure {
        let figure = Figure(width: 520, height: 320)
        let axes = figure.axes
        axes.xAxis.label = "layer output"
        axes.yAxis.label = "output std at initialization"
        axes.yAxis.scale = .log
        for (i, cell) in (r[main]?.cells ?? []).enumerated() {
            guard let run = cell.runs[0] ?? cell.runs.values.first, let std = run.probes["activations.std"] else { continue }
            let zero = std.allSatisfy { $0 == 0 }
            axes.line(x: std.indices.map(Double.init), y: zero ? std.map { _ in .nan } : std,
                      label: cell.label + (zero ? " (all 0, not drawn)" : ""), color: Palette.categorical(i), marker: .circle)
        }
        var linear = 0
        let names = r[main]?.cells.first?.cell.spec.model.layers.map { l -> String in
            if l.type == .linear { linear += 1; return "Linear \(linear)" }
            return l.type == .relu ? "ReLU \(linear)" : l.type.rawValue
        } ?? []
        axes.xAxis.ticks = names.indices.map(Double.init)
        axes.xAxis.formatter = { v in names.indices.contains(Int(v.rounded())) ? names[Int(v.rounded())] : "" }
        return figure
    }
}
