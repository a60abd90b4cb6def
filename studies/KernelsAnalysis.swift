import DLCore
import DLPlot
import DLStudy
import Foundation

/// What the kernels study computes from weights and data in the run phase (derived jobs), and
/// how its figures, tables and paragraphs read those values.
enum KernelsFacts {
    static let kernels: [(name: String, weights: [Float])] = [
        ("identity", [0, 0, 0, 0, 1, 0, 0, 0, 0]),
        ("Gaussian blur", [1, 2, 1, 2, 4, 2, 1, 2, 1].map { $0 / 16 }),
        ("sharpen", [0, -1, 0, -1, 5, -1, 0, -1, 0]),
        ("edge", [-1, -1, -1, -1, 8, -1, -1, -1, -1]),
    ]
    /// The sample images: test images 0, 1 and 5 of the default shapes set (circle, square, star).
    static let samples = [0, 1, 5]
    /// The notes' 4×4 example.
    static let example: [Float] = [7, 3, 5, 2, 8, 7, 1, 6, 4, 9, 3, 9, 0, 8, 4, 5]
    /// Output-size rows: (input n, kernel k, padding p, stride s).
    static let settings = [(16, 3, 0, 1), (16, 3, 1, 1), (16, 5, 2, 1), (16, 3, 1, 2), (16, 2, 0, 2), (15, 2, 0, 2), (16, 1, 0, 1), (7, 3, 1, 3)]

    /// The kernels applied to the sample images, the size table and the pooled example.
    static let job = DerivedJob(kind: "kernels-facts", name: "kernels/facts", parameters: "\(kernels.map(\.weights)) \(samples) \(example) \(settings)", inputs: []) { _ in
        let test = try Shapes.generate(ShapesConfig()).test
        let side = test.sampleShape[1]
        var numbers: [String: [Double]] = [:]
        for (i, s) in samples.enumerated() {
            let image = Tensor(shape: [1, 1, side, side], values: Array(test.sample(s)))
            numbers["image-\(i)"] = image.values.map(Double.init)
            for (k, kernel) in kernels.enumerated() {
                let conv = Conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1, bias: false)
                conv.weight.value.assign(Tensor(shape: [1, 1, 3, 3], values: kernel.weights))
                numbers["image-\(i)-kernel-\(k)"] = conv.forward(image).values.map(Double.init)
            }
        }
        for (j, (n, k, p, s)) in settings.enumerated() {
            let rule = try ConvolutionArithmetic.outputSize(input: n, kernel: k, padding: p, stride: s)
            let conv = try Conv2d(inChannels: 1, outChannels: 1, kernelSize: k, stride: s, padding: p).outputShape(for: [1, n, n])[1]
            let pool = 2 * p <= k ? try MaxPool2d(kernelSize: k, stride: s, padding: p).outputShape(for: [1, n, n])[1] : -1
            numbers["size-\(j)"] = [Double(n), Double(k), Double(p), Double(s), Double(rule), Double(conv), Double(pool)]
        }
        let x = Tensor(shape: [1, 1, 4, 4], values: example)
        numbers["max"] = MaxPool2d(kernelSize: 2).forward(x).values.map(Double.init)
        numbers["average"] = AvgPool2d(kernelSize: 2).forward(x).values.map(Double.init)
        return DerivedValues(numbers: numbers)
    }

    /// A flat row-major square as rows.
    static func square(_ v: [Double]) -> [[Double]] {
        let n = Int(Double(v.count).squareRoot())
        return (0..<n).map { Array(v[($0 * n)..<(($0 + 1) * n)]) }
    }

    static func kernelFigure(_ r: StudyResults) -> Figure {
        guard let v = r.values(of: job) else { return Figure.imageGrid([], columns: 1) }
        var images: [GridImage] = []
        for i in samples.indices {
            images.append(GridImage("input", grey: square(v[numbers: "image-\(i)"] ?? [])))
            for (k, kernel) in kernels.enumerated() { images.append(GridImage(kernel.name, grey: square(v[numbers: "image-\(i)-kernel-\(k)"] ?? []))) }
        }
        return Figure.imageGrid(images, columns: kernels.count + 1, cell: 110)
    }

    static func sizeTable(_ r: StudyResults) -> String {
        guard let v = r.values(of: job) else { return "The table is computed in the run phase; run the study." }
        var rows = ["| input n | kernel k | padding p | stride s | rule ⌊(n + 2p − k)/s⌋ + 1 | engine Conv2d | engine MaxPool2d |", "| --- | --- | --- | --- | --- | --- | --- |"]
        var agree = 0
        for j in settings.indices {
            guard let x = v[numbers: "size-\(j)"], x.count == 7 else { continue }
            let i = x.map { Int($0) }
            rows.append("| \(i[0]) | \(i[1]) | \(i[2]) | \(i[3]) | \(i[4]) | \(i[5]) | \(i[6] < 0 ? "— (p > k/2)" : "\(i[6])") |")
            if i[4] == i[5] && (i[6] < 0 || i[6] == i[4]) { agree += 1 }
        }
        return rows.joined(separator: "\n") + "\n\nThe rule and the engine agree in \(agree) of \(settings.count) rows. Padding (k − 1)/2 keeps the size at stride 1 (\"same\"); stride 2 halves it, rounding down from the padded size."
    }

    static func poolingText(_ r: StudyResults) -> String {
        guard let v = r.values(of: job), let mx = v[numbers: "max"], let avg = v[numbers: "average"] else { return "Computed in the run phase; run the study." }
        func matrix(_ m: [[Double]]) -> String { "[" + m.map { $0.map { Format.plain($0) }.joined(separator: ", ") }.map { "[\($0)]" }.joined(separator: ", ") + "]" }
        let input = square(example.map(Double.init)).map { $0.map { Format.plain($0) }.joined(separator: " ") }.joined(separator: "; ")
        return """
            The notes pool the 4×4 matrix [\(input)] with 2×2 windows and stride 2: four windows, one output \
            each. The engine's `MaxPool2d(2)` gives \(matrix(square(mx))) — the largest value of each window — \
            and `AvgPool2d(2)` gives \(matrix(square(avg))) — each window's mean. Max pooling keeps the strongest \
            response wherever it lies in the window; average pooling blends all four.
            """
    }

    // MARK: Shift robustness

    /// Test accuracy of every trained run on the test set moved one pixel right.
    static func shiftJobs(_ runs: PlannedRuns) -> [DerivedJob] {
        runs.jobs.filter { $0.experiment == KernelsStudy.downsampling.id }.map(shiftJob)
    }

    static func shiftJob(_ run: RunJob) -> DerivedJob {
        DerivedJob(kind: "shifted-accuracy", name: "\(run.readableName)/shifted", parameters: "right 1", inputs: [run]) { context in
            let trainer = try context.trainedModel(run)
            trainer.model.isTraining = false
            let shifted = try trainer.data.test.shifted(right: 1, down: 0)
            return DerivedValues(numbers: ["accuracy": [Evaluation.of(trainer.model, on: shifted).accuracy]])
        }
    }

    /// Per seed, the accuracy lost when the test images move one pixel (unshifted − shifted).
    static func shiftLoss(_ r: StudyResults, _ level: LevelHandle) -> [Double] {
        r.planned.jobs(level.experiment.id, level: level.label).compactMap { job in
            guard let shifted = r.values(of: shiftJob(job))?[numbers: "accuracy"]?.first,
                  let plain = r[level]?.runs[job.seed].flatMap({ KernelsStudy.accuracy.value($0) }) else { return nil }
            return plain - shifted
        }
    }

    static func shiftText(_ r: StudyResults, maxBeatsAverage: Claim, maxBeatsStrided: Claim) -> String {
        let levels = [KernelsStudy.maxPool, KernelsStudy.avgPool, KernelsStudy.strided]
        let drops = levels.compactMap { level -> String? in
            guard let s = Summary(shiftLoss(r, level)) else { return nil }
            return "\(level.label) \(points: s.mean) (95% CI \(number: 100 * s.lower, digits: 2) to \(number: 100 * s.upper, digits: 2))"
        }
        let accuracies = levels.map { "\(percent: r.mean($0, KernelsStudy.accuracy)) (\($0.label))" }
        return "Test accuracy: \(list: accuracies). Max pooling against average pooling: \(r.outcome(maxBeatsAverage).pointsWithInterval), \(r.outcome(maxBeatsAverage).word); against the strided convolution: \(r.outcome(maxBeatsStrided).pointsWithInterval), \(r.outcome(maxBeatsStrided).word). "
            + (drops.isEmpty ? "The shifted test sets are evaluated in the run phase; run the study." :
                "Accuracy lost when every test image moves one pixel to the right: \(list: drops), over \(Format.counted(shiftLoss(r, levels[0]).count, "seed")). None of these networks is shift-invariant by construction: a stride-2 step samples every other position, so a one-pixel move changes which positions are kept (Zhang 2019); the differences between the levels are measured, not tested.")
    }

    // MARK: Learned filters

    static func filterJobs(_ runs: PlannedRuns) -> [DerivedJob] {
        runs.jobs.filter { $0.experiment == KernelsStudy.downsampling.id && $0.seed == 0 }.map(filterJob)
    }

    static func filterJob(_ run: RunJob) -> DerivedJob {
        DerivedJob(kind: "first-filters", name: "\(run.readableName)/first-filters", parameters: "layer 0", inputs: [run]) { context in
            let model = try context.trainedModel(run).model
            guard let conv = model.layers.first as? Conv2d else { return DerivedValues() }
            return DerivedValues(numbers: ["weights": conv.weight.value.values.map(Double.init)])
        }
    }

    static func filterFigure(_ r: StudyResults) -> Figure {
        /// A filter in greys with zero at mid-grey: ±(its largest magnitude) at white and black.
        func filter(_ title: String, _ w: [Double]) -> GridImage {
            let m = max(w.map(abs).max() ?? 1, 1e-12)
            return GridImage(title, grey: square(w), range: -m...m)
        }
        var images = kernels.map { filter($0.name, $0.weights.map(Double.init)) }
        while images.count < KernelsStudy.width / 2 { images.append(GridImage("", grey: [[]])) }
        images = Array(images.prefix(KernelsStudy.width / 2))
        // Two rows of eight per level.
        var rows = [images]
        let short = [KernelsStudy.maxPool: "max pool", KernelsStudy.avgPool: "avg pool", KernelsStudy.strided: "strided"]
        for level in [KernelsStudy.maxPool, KernelsStudy.avgPool, KernelsStudy.strided] {
            guard let job = r.planned.job(level.experiment.id, level: level.label, seed: 0),
                  let w = r.values(of: filterJob(job))?[numbers: "weights"], w.count == 9 * KernelsStudy.width else { continue }
            let filters = (0..<KernelsStudy.width).map { f in filter(f == 0 ? short[level]! : "", Array(w[(9 * f)..<(9 * f + 9)])) }
            rows.append(Array(filters.prefix(KernelsStudy.width / 2)))
            rows.append(Array(filters.suffix(KernelsStudy.width / 2)))
        }
        return Figure.imageGrid(rows.flatMap { $0 }, columns: KernelsStudy.width / 2, cell: 70)
    }
}
