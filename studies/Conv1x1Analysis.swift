import DLCore
import DLPlot
import DLStudy
import Foundation

/// The scalar question, computed with the engine's `Conv2d` (a derived job with no input runs).
enum Conv1x1Facts {
    /// (C_in, C_out) of each row of the table.
    static let cases = [(1, 1), (3, 1), (3, 3), (3, 8)]

    static let job = DerivedJob(kind: "conv1x1-facts", name: "conv1x1/scalar-question", parameters: "\(cases)", inputs: [], version: 2) { _ in
        let image = try ColorShapes.generate(ColorShapesConfig(trainCount: 1, testCount: 1)).train
        let side = image.sampleShape[1], pixels = side * side
        var g = RandomStream(seed: 0, stream: "conv1x1-facts")
        var numbers: [String: [Double]] = [:]
        for (cin, cout) in cases {
            let conv = Conv2d(inChannels: cin, outChannels: cout, kernelSize: 1, bias: false)
            for i in 0..<conv.weight.value.count { conv.weight.value[i] = Float(2 * g.nextDouble() - 1) }
            let x = Tensor(shape: [1, cin, side, side], values: Array(image.inputs.prefix(cin * pixels)))
            let y = conv.forward(x).values
            // The same weights as a Linear layer on each pixel's channel vector.
            let linear = Linear(inputs: cin, outputs: cout, bias: false)
            linear.weight.value.assign(Tensor(shape: [cout, cin], values: conv.weight.value.values))
            let rows = Tensor(shape: [pixels, cin])
            for p in 0..<pixels { for c in 0..<cin { rows[p * cin + c] = x[c * pixels + p] } }
            let z = linear.forward(rows)
            var linearGap = 0.0
            for p in 0..<pixels { for o in 0..<cout { linearGap = max(linearGap, Double(abs(y[o * pixels + p] - z[p * cout + o]))) } }
            // The best single scalar λ (least squares) and the share of ‖y‖² it leaves; −1: shapes differ.
            var unexplained = -1.0, lambda = Double.nan  // for one channel: the share of pixels where y ≠ w·x
            if cin == cout {
                let xs = x.values.map(Double.init), ys = y.map(Double.init)
                if cin == 1 {
                    // One weight w: is every output exactly w·x in Float arithmetic?
                    let w = conv.weight.value[0]
                    let misses = zip(x.values, y).filter { w * $0 != $1 }.count
                    unexplained = Double(misses) / Double(y.count)
                } else {
                    lambda = zip(xs, ys).map(*).reduce(0, +) / xs.map { $0 * $0 }.reduce(0, +)
                    let residual = zip(xs, ys).map { ($1 - lambda * $0) * ($1 - lambda * $0) }.reduce(0, +)
                    unexplained = residual / ys.map { $0 * $0 }.reduce(0, +)
                }
            }
            numbers["\(cin)-\(cout)"] = [Double(cin), Double(cout), linearGap, Double(y.map(abs).max() ?? 0), unexplained]
        }
        return DerivedValues(numbers: numbers)
    }

    /// The table as Markdown, from the job's values.
    static func table(_ r: StudyResults) -> String {
        guard let v = r.values(of: job) else { return "The scalar question has not been computed yet (run the study)." }
        var rows = ["| channels in → out | output shape = input shape | max \\|1×1 conv − per-pixel Linear\\| (largest \\|output\\|) | best single scalar λ: share of the output it cannot explain |",
                    "| --- | --- | --- | --- |"]
        for (cin, cout) in cases {
            guard let n = v[numbers: "\(cin)-\(cout)"], n.count == 5 else { continue }
            let scalar = n[4] < 0 ? "impossible: \(cout) output channel\(cout == 1 ? "" : "s") from \(cin)" : (n[4] == 0 ? "none: y = w·x exactly at every pixel" : Format.percent(n[4]))
            rows.append("| \(cin) → \(cout) | \(cin == cout ? "yes" : "no") | \(Format.scientific(n[2])) (\(Format.number(n[3]))) | \(scalar) |")
        }
        let exact = v[numbers: "1-1"].map { $0[4] == 0 } ?? false
        return rows.joined(separator: "\n") + "\n\n"
            + "The 1×1 convolution and the per-pixel Linear layer agree to float precision in every row. "
            + (exact ? "With one channel in and out the convolution is exactly a multiplication by its one weight; " : "")
            + "with three channels in and out no single scalar reproduces it, and with different channel counts the output does not even have the input's shape."
    }
}

/// The first training images of the coloured shapes, one per class, for a look at the data.
enum Conv1x1Samples {
    static let count = 6

    static func job(_ data: ColorShapesConfig) -> DerivedJob {
        DerivedJob(kind: "colorshapes-samples", name: "conv1x1/samples", parameters: "\(data) first \(count)", inputs: []) { _ in
            var small = data
            (small.trainCount, small.testCount) = (count, 1)
            let train = try ColorShapes.generate(small).train
            var numbers: [String: [Double]] = [:]
            for i in 0..<count { numbers["\(i)"] = train.sample(i).map(Double.init) }
            return DerivedValues(numbers: numbers, texts: ["kinds": small.kinds.map(\.rawValue).joined(separator: ",")])
        }
    }

    static func figure(_ r: StudyResults, _ data: ColorShapesConfig) -> Figure {
        guard let v = r.values(of: job(data)) else { return Figure.imageGrid([], columns: 1) }
        let kinds = (v[text: "kinds"] ?? "").split(separator: ",").map(String.init), side = data.size, plane = side * side
        let images = (0..<count).compactMap { i -> GridImage? in
            guard let x = v[numbers: "\(i)"], x.count == 3 * plane else { return nil }
            let channels = (0..<3).map { c in (0..<side).map { row in Array(x[(c * plane + row * side)..<(c * plane + (row + 1) * side)]) } }
            return GridImage(i < kinds.count ? kinds[i] : "", channels: channels, range: 0...1)
        }
        return Figure.imageGrid(images, columns: count, cell: 100)
    }
}

/// Inference time per block, measured on this machine (a derived job per level, seed 0): the
/// forward pass over the test set in batches of 100, in evaluation mode, best of `repeats`.
enum Conv1x1Timing {
    static let repeats = 5, batch = 100

    static func jobs(_ runs: PlannedRuns) -> [DerivedJob] {
        runs.jobs.filter { $0.experiment == Conv1x1Study.bottleneck.id && $0.seed == 0 }.map(job)
    }

    static func job(_ run: RunJob) -> DerivedJob {
        DerivedJob(kind: "inference-time", name: "\(run.readableName)/inference-time",
                   parameters: String(decoding: run.spec.canonicalJSON, as: UTF8.self) + " repeats \(repeats) batch \(batch)", inputs: []) { context in
            let trainer = try context.freshModel(run.spec)
            let model = trainer.model, test = trainer.data.test
            model.isTraining = false
            var best = Double.infinity
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                var first = 0
                while first < test.count {
                    let n = min(batch, test.count - first)
                    let x = Tensor(shape: Shape([n] + test.sampleShape.dims),
                                   values: Array(test.inputs[(first * test.sampleSize)..<((first + n) * test.sampleSize)]))
                    _ = model.forward(x)
                    first += n
                }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return DerivedValues(numbers: ["msPerThousand": [1e6 * best / Double(test.count)]])
        }
    }

    /// Milliseconds per 1000 test images for a level, or nil before it is measured.
    static func milliseconds(_ r: StudyResults, _ level: LevelHandle) -> Double? {
        r.planned.job(level.experiment.id, level: level.label, seed: 0).flatMap { r.values(of: job($0))?[numbers: "msPerThousand"]?.first }
    }

    static func prose(_ r: StudyResults) -> String {
        let pairs = [(Conv1x1Study.plain3, Conv1x1Study.reduced3), (Conv1x1Study.plain5, Conv1x1Study.reduced5)]
        var parts: [String] = []
        for (plain, reduced) in pairs {
            let macs = r.mean(plain, Conv1x1Study.multiplyAdds) / r.mean(reduced, Conv1x1Study.multiplyAdds)
            let train = r.mean(plain, Conv1x1Study.trainingSeconds) / r.mean(reduced, Conv1x1Study.trainingSeconds)
            guard let a = milliseconds(r, plain), let b = milliseconds(r, reduced), macs.isFinite else { continue }
            parts.append("\(plain.label) against \(reduced.label): \(ratio: macs) the multiply-adds, \(ratio: a / b) the inference time (\(number: a) against \(number: b) ms per 1000 images) and \(ratio: train) the training time per epoch")
        }
        guard !parts.isEmpty else { return "Inference times are measured in the run phase; run the study to see them." }
        return "Does time follow multiply-adds? Measured on this machine (inference: the test set in batches of \(batch), best of \(repeats) passes, seed 0's network; training: the mean over seeds of each epoch's seconds without evaluation): "
            + parts.joined(separator: "; ") + ". "
            + "Where the time ratio falls short of the multiply-add ratio, the layers' fixed costs (im2col copies, ReLUs, pooling, the extra layer's own pass) dominate at this size; these seconds are not reproducible and `check` does not compare them."
    }
}

/// The bottleneck, depth and non-linearity paragraphs, from the measured numbers.
enum Conv1x1Prose {
    static func bottleneck(_ r: StudyResults, cost3: Claim, cost5: Claim) -> String {
        let s = Conv1x1Study.self
        let pairs = [(s.plain3, s.reduced3, r.outcome(cost3)), (s.plain5, s.reduced5, r.outcome(cost5))]
        let params = pairs.map { r.mean($0.0, s.parameters) / r.mean($0.1, s.parameters) }
        let macs = pairs.map { r.mean($0.0, s.multiplyAdds) / r.mean($0.1, s.multiplyAdds) }
        let upper = pairs.compactMap { $0.2.comparison?.ciHigh }.filter(\.isFinite)
        guard params.allSatisfy(\.isFinite), macs.allSatisfy(\.isFinite) else { return "Some runs are missing; see the table." }
        var text = pairs.enumerated().map { i, p in
            "\(p.0.label) → \(p.1.label): \(ratio: params[i]) fewer parameters and \(ratio: macs[i]) fewer multiply-adds in the whole network, test accuracy \(percent: r.mean(p.0, s.accuracy)) against \(percent: r.mean(p.1, s.accuracy)); the reduction costs \(p.2.pointsWithInterval)"
        }.joined(separator: ". ") + ". "
        if let worst = upper.max() {
            text += "In one sentence: the 1×1 reduction cuts parameters by at least \(ratio: params.min()!) and multiply-adds by at least \(ratio: macs.min()!) at a cost of at most \(points: max(worst, 0)) of test accuracy (the upper ends of the 95% intervals)."
        }
        return text
    }

    static func depth(_ r: StudyResults, widths: [LevelHandle], wider: Claim, widest: Claim) -> String {
        let s = Conv1x1Study.self
        let each = widths.map { "\($0.label) channels: \(percent: r.mean($0, s.accuracy)) with \(count: Int(r.mean($0, s.parameters).isFinite ? r.mean($0, s.parameters) : 0)) parameters" }
        return "Test accuracy by width — \(list: each). Keeping rather than reducing: \(r.outcome(wider).pointsWithInterval) (\(r.outcome(wider).word)); increasing rather than keeping: \(r.outcome(widest).pointsWithInterval) (\(r.outcome(widest).word))."
    }

    static func nonlinearity(_ r: StudyResults, relu: Claim, linearIsNone: Claim) -> String {
        let s = Conv1x1Study.self
        let train = (r.mean(s.withReLU, .final(.trainAccuracy)), r.mean(s.linear1x1, .final(.trainAccuracy)))
        return "The ReLU after the 1×1 convolution changes test accuracy by \(r.outcome(relu).pointsWithInterval) against the linear 1×1 (\(r.outcome(relu).word)). "
            + (train.0 < train.1 ? "With the ReLU the network also fits its training set more slowly (\(percent: train.0) against \(percent: train.1) training accuracy at the end); the curves are still rising at the last epoch, so this is a finding about this budget. " : "")
            + "The linear 1×1 against no 1×1 at all: \(r.outcome(linearIsNone).pointsWithInterval); "
            + r.reading(linearIsNone,
                        supported: "within ±\(Format.points(s.equivalenceMargin, digits: 1)), so the extra linear layer buys nothing measurable, as the algebra predicts.",
                        contradicted: "more than \(Format.points(s.equivalenceMargin, digits: 1)) apart: the extra linear layer changes what this budget reaches, though not what the network can express.",
                        inconclusive: "the seeds do not settle whether the difference is within ±\(Format.points(s.equivalenceMargin, digits: 1)) (more seeds would).")
    }
}
