import DLCore
import DLStudy
import DLPlot
import Foundation

extension InitializationStudy {
    /// Zero, constant and random initialization in a shallow MLP: which break the symmetry?
    @StudyBuilder
    static func symmetry(_ profile: Profile) -> [StudyBlock] {
        let inputs = base(profile).data.sizes!.sampleValues
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
