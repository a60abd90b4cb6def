import DLCore

/// The sizes of a data spec's splits, read from its configuration without generating it (nil
/// for files, whose sizes only loading tells).
public struct DataSizes: Equatable, Sendable {
    public var train: Int
    public var validation: Int?
    public var test: Int
    /// The values of one sample (40 for MNIST-1D).
    public var sampleValues: Int
    public var classes: Int
}

extension DataSpec {
    /// The splits' sizes after `trainSamples` and `validationSamples` cut the training set.
    public var sizes: DataSizes? {
        guard case .builtin(let b) = source else { return nil }
        let total: (train: Int, test: Int)
        switch b {
        case .mnist1d(let c):
            let all = (c.numSamples / 10) * 10, train = Int(Double(all) * c.trainSplit)
            total = (train, all - train)
        case .spirals(let c): total = (c.trainCount, c.testCount)
        case .moons(let c): total = (c.trainCount, c.testCount)
        case .blobs(let c): total = (c.trainCount, c.testCount)
        case .shapes(let c): total = (c.trainCount, c.testCount)
        case .colorShapes(let c): total = (c.trainCount, c.testCount)
        }
        let train = trainSamples ?? (total.train - (validationSamples ?? 0))
        return DataSizes(train: train, validation: validationSamples, test: total.test,
                         sampleValues: b.sampleShape.count, classes: b.classes)
    }
}

extension RunSpec {
    /// Minibatches per epoch (the last partial batch is kept), from the data spec's sizes.
    public var stepsPerEpoch: Int? { data.sizes.map { ($0.train + batchSize - 1) / batchSize } }
}

/// The parameters of a dense network (Linear, batch norm, activations, dropout, flatten),
/// counted from its spec and its data's sizes without building it.
public struct DenseParameters: Equatable, Sendable {
    /// Each Linear weight's shape, [out, in] as PyTorch stores it.
    public var weightShapes: [[Int]]
    /// Every parameter: weights, biases, batch norm's scale and shift.
    public var total: Int
    /// The entries of the weight matrices (what weight penalties and weight statistics cover).
    public var weights: Int { weightShapes.map { $0.reduce(1, *) }.reduce(0, +) }
    /// The widths from input to output, as papers write an MLP: "40-256-256-10".
    public var widths: String { ((weightShapes.first.map { [$0[1]] } ?? []) + weightShapes.map { $0[0] }).map(String.init).joined(separator: "-") }
}

extension RunSpec {
    /// The dense network's parameters; nil for data of unknown size or a model with other layers.
    public var denseParameters: DenseParameters? {
        guard let sizes = data.sizes else { return nil }
        var width = sizes.sampleValues, shapes: [[Int]] = [], total = 0
        for (i, layer) in model.layers.enumerated() {
            switch layer.type {
            case .linear:
                let out = layer.out ?? (i == model.layers.count - 1 ? sizes.classes : width)
                shapes.append([out, width])
                total += out * width + (layer.bias ?? true ? out : 0)
                width = out
            case .batchNorm: total += 2 * width
            case .relu, .leakyReLU, .tanh, .sigmoid, .gelu, .dropout, .flatten: break
            default: return nil
            }
        }
        return DenseParameters(weightShapes: shapes, total: total)
    }
}

/// Facts about an experiment for prose and captions — seeds, epochs, data sizes, parameter
/// counts — taken from its spec and its records, never typed by hand.
public struct ExperimentFacts {
    public let experiment: Experiment
    public let results: ExperimentResults?

    /// The number of seeds, and the seeds.
    public var seeds: Int { experiment.seeds.count }
    /// The base run's epoch budget (nil for a budget in steps only).
    public var epochs: Int? { experiment.base.budget.epochs }
    /// The base run's batch size.
    public var batchSize: Int { experiment.base.batchSize }
    /// The base run's data sizes.
    public var data: DataSizes? { experiment.base.data.sizes }
    /// Minibatches per epoch of the base run: from the records (the step count of epoch 1) when
    /// there are any, else from the data spec.
    public var stepsPerEpoch: Int? {
        let recorded = results?.cells.lazy.flatMap { $0.runs.values }.first { $0.epochs.count > 1 }
        return recorded.map { $0.epochs[1].step - $0.epochs[0].step } ?? experiment.base.stepsPerEpoch
    }

    /// The parameter count a level's runs recorded (the first level's when nil); nil before
    /// any record exists.
    public func parameters(_ level: LevelHandle? = nil) -> Int? {
        let cell = level.flatMap { results?[$0] } ?? results?.cells.first
        return cell?.seeds.first.flatMap { cell?.runs[$0]?.parameterCount }
    }

    /// A probe's value in the first run of a level (by default the first level) that has it;
    /// `index` picks an entry of a probe that lists several (−1: the last, such as a total).
    public func probe(_ key: String, index: Int = 0, level: LevelHandle? = nil) -> Double? {
        let cells = level.flatMap { results?[$0] }.map { [$0] } ?? results?.cells ?? []
        for cell in cells {
            for seed in cell.seeds {
                guard let values = cell.runs[seed]?.probes[key], !values.isEmpty else { continue }
                let i = index < 0 ? values.count + index : index
                if values.indices.contains(i) { return values[i] }
            }
        }
        return nil
    }
}

extension StudyResults {
    /// Facts about an experiment of this study (its spec for this profile, and its records).
    public func facts(_ experiment: ExperimentHandle) -> ExperimentFacts {
        guard let spec = study.experiments(for: profile).first(where: { $0.id == experiment.id }) ?? self[experiment]?.experiment else {
            preconditionFailure("study '\(study.name)' has no experiment '\(experiment.id)'")
        }
        return ExperimentFacts(experiment: spec, results: self[experiment])
    }
}
