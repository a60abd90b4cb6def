import DLCore
import DLReport
import Foundation

extension ReportBuilder {
    /// The automatic setup table: what was held fixed, what varied, seeds, the model as PyTorch
    /// prints it, parameter count and FLOPs per step.
    func setupBlocks(_ exp: Experiment) -> [ReportBlock] {
        let base = exp.base
        var rows: [KeyValue] = []
        let varied = exp.factors.map { f in "\(f.name): \(f.levels.map(\.label).joined(separator: ", "))" }
        rows.append(KeyValue("varied", varied.joined(separator: "; ")))
        rows.append(KeyValue("seeds", "\(exp.seeds.count) (\(exp.seeds.map(String.init).joined(separator: ", ")))"
                             + (exp.factors.contains(where: \.changesInitOrData) ? "" : "; common random numbers: at each seed every level starts from the same weights and sees the same data order")))
        rows.append(KeyValue("profile", results.profile.rawValue))
        // When levels change the data (a training-set size), the description is the base's: say so.
        let dataLevels = exp.cells.filter { $0.spec.data != base.data }.map(\.label)
        rows.append(KeyValue(dataLevels.isEmpty ? "data" : "base data (the level sets its own data in \(Self.levelList(dataLevels)))",
                             dataDescription(base.data)))
        // When the levels build their own networks, the printout is the base's: say so.
        let modelLevels = exp.cells.filter { $0.spec.model != base.model }.map(\.label)
        let basePrefix = modelLevels.isEmpty ? "" : "base "
        if let model = results.values(of: ModelSummary.job(for: base, study: study.name, experiment: exp.id)) {
            rows.append(KeyValue(modelLevels.isEmpty ? "model" : "base model (the level sets its own network in \(modelLevels.joined(separator: ", ")))",
                                 model[text: "description"] ?? "?", preformatted: true))
            if let count = model[numbers: "parameters"]?.first { rows.append(KeyValue("\(basePrefix)parameters", "\(Int(count))")) }
            if let flops = model[numbers: "flopsPerStep"]?.first {
                rows.append(KeyValue("FLOPs per training step", "\(formatNumber(flops)) (6 × multiply-adds × batch \(base.batchSize), base setting)"))
            }
        } else {
            rows.append(KeyValue("model", "(not measured yet: run `dlstudy run \(study.name)`)"))
        }
        if let start = startDescription(exp) {
            rows.append(KeyValue("starts from", start))
        } else {
            rows.append(KeyValue("initialization", base.initialWeights ?? "weights \(base.initialization.weight.label), biases \(base.initialization.bias.label)"))
        }
        if !base.hooks.isEmpty { rows.append(KeyValue("training hooks", base.hooks.map(\.description).joined(separator: "; "))) }
        let cells = exp.cells
        func row(_ key: String, _ text: @escaping (RunSpec) -> String?) {
            if let value = Self.setupValue(base: base, cells: cells, text) { rows.append(KeyValue(key, value)) }
        }
        row("optimizer") { $0.optimizer.label }
        row("schedule") { $0.schedule.label }
        row("penalty") { $0.penalty.isActive ? "L1 \($0.penalty.l1), L2 \($0.penalty.l2)" : nil }
        row("early stopping") { $0.earlyStopping.map { "monitor \($0.monitor), patience \($0.patience)" } }
        row("augmentation") { $0.augmentation.isEmpty ? nil : $0.augmentation.map(\.description).joined(separator: ", ") }
        row("batch size") { "\($0.batchSize)" }
        row("budget") { self.budgetDescription($0.budget) }
        rows.append(KeyValue("loss", "softmax cross-entropy (mean over the batch)"))
        return [.keyValues(title: "Setup of experiment '\(exp.id)' (a row that reads \"set by the level\" is changed by the varied factor)", rows: rows)]
    }

    /// A setup row's text: the base setting when every level keeps it; otherwise what the levels
    /// set — one value for all ("… (set by every level)"), values that are the levels' labels
    /// ("set by the level: 16, 64"), or levels grouped by value ("set by the level — SGD, lr 0.1:
    /// 16, 64; …", long groups shortened to their count and ends). nil when no level has the setting.
    static func setupValue(base: RunSpec, cells: [ExperimentCell], _ text: (RunSpec) -> String?) -> String? {
        let baseText = text(base)
        let perCell = cells.map { (label: $0.label, text: text($0.spec)) }
        guard perCell.contains(where: { $0.text != baseText }) else { return baseText }
        var groups: [(text: String, labels: [String])] = []
        for c in perCell {
            let t = c.text ?? "none"
            if let i = groups.firstIndex(where: { $0.text == t }) { groups[i].labels.append(c.label) } else { groups.append((t, [c.label])) }
        }
        if groups.count == 1 { return "\(groups[0].text) (set by every level)" }
        // One level per value, each named in its value ("0.01" in "SGD(lr=0.01)"): the values alone say it.
        if groups.allSatisfy({ $0.labels.count == 1 && $0.text.contains($0.labels[0]) }) {
            return "set by the level: " + groups.map(\.text).joined(separator: ", ")
        }
        return "set by the level — " + groups.map { "\($0.text): \(levelList($0.labels))" }.joined(separator: "; ")
    }

    /// Level labels in a setup row, a long list shortened to its count and ends.
    static func levelList(_ labels: [String]) -> String {
        labels.count > 3 ? "\(labels.count) levels (\(labels.first!) … \(labels.last!))" : labels.joined(separator: ", ")
    }

    func dataDescription(_ d: DataSpec) -> String {
        var s: String
        switch d.source {
        case .builtin(.mnist1d(let c)) where c == MNIST1DConfig():
            s = "MNIST-1D, the canonical set (4000 training and 1000 test signals of 40 values, 10 classes; bit-identical to the published one)"
        case .builtin(.moons(let c)):
            s = "two moons (2 features, 2 classes), \(c.trainCount) training and \(c.testCount) test points; noise sd \(c.noise), generator seed \(c.seed)"
        case .builtin(.spirals(let c)):
            s = "\(c.arms) interleaved spirals of \(c.turns) turns (2 features, \(c.arms) classes), \(c.trainCount) training and \(c.testCount) test points; noise sd \(c.noise), generator seed \(c.seed)"
        case .builtin(.blobs(let c)):
            s = "\(c.classes) Gaussian blobs (2 features, spread \(c.spread), sd \(c.noise)), \(c.trainCount) training and \(c.testCount) test points; generator seed \(c.seed)"
        case .builtin(.shapes(let c)):
            s = "shapes: \(c.size)×\(c.size) grey images of \(c.kinds.count) figures (\(c.kinds.map(\.rawValue).joined(separator: ", "))), "
                + "\(c.trainCount) training and \(c.testCount) test; noise sd \(c.noise), generator seed \(c.seed)"
        case .builtin(.colorShapes(let c)):
            s = "coloured shapes: \(c.size)×\(c.size) RGB images of \(c.kinds.count) figures (\(c.kinds.map(\.rawValue).joined(separator: ", "))) "
                + "in random colours on a background of another (contrast ≥ \(c.minContrast)), \(c.trainCount) training and \(c.testCount) test; noise sd \(c.noise), generator seed \(c.seed)"
        case .builtin(let b): s = b.description
        case .npz(let path): s = path
        case .idx(let f): s = "IDX files " + f.paths.joined(separator: ", ")
        case .csv(let f):
            let column: String
            switch f.label {
            case .name(let n): column = "'\(n)'"
            case .index(let i): column = i < 0 ? "\(-i) from the last" : "\(i)"
            default: column = f.label.description
            }
            s = "CSV files " + f.paths.joined(separator: ", ") + " (label column \(column))"
        }
        if let n = d.trainSamples { s += ", first \(n) training samples" }
        if let v = d.validationSamples { s += ", \(v) held out for validation" }
        return s
    }

    func budgetDescription(_ b: Budget) -> String {
        var parts: [String] = []
        if let e = b.epochs { parts.append("\(e) epochs") }
        if let s = b.steps { parts.append("\(s) steps") }
        if let t = b.targetTrainLoss { parts.append("until train loss < \(t)") }
        if let s = b.stallSteps, let l = b.stallLoss { parts.append("stalled if loss > \(l) after \(s) steps") }
        return parts.joined(separator: ", ")
    }

    /// How a staged experiment's runs start, read off the first run's spec: whose weights, which
    /// mask (levels may change it: a control's random mask is said in its level).
    func startDescription(_ exp: Experiment) -> String? {
        guard exp.stage != nil, let job = results.planned.jobs.first(where: { $0.experiment == exp.id }), let start = job.spec.start else { return nil }
        func run(_ key: String) -> String {
            guard let up = results.planned.jobs.first(where: { $0.key == key }) else { return "run \(key.prefix(12))" }
            let levels = Set(results.planned.jobs.filter { $0.experiment == up.experiment }.map(\.cellLabel))
            return "experiment '\(up.experiment)' (" + (levels.count > 1 ? "the same level and seed)" : "the same seed)")
        }
        func weights(_ r: ArtefactReference) -> String {
            let which = r.snapshot == "final" ? "the final weights" : r.snapshot == "init" ? "the initial weights" : "the weights at \(r.snapshot)"
            return "\(which) of \(run(r.run))"
        }
        var parts: [String] = []
        if let w = start.weights { parts.append(weights(w)) }
        if let m = start.mask {
            let scope = ["layer": "in each weight tensor", "global": "over all weight tensors together", "units": "as whole units (L2 norm of each row)"][m.scope.rawValue] ?? ""
            parts.append("under a mask that prunes \(formatNumber(100 * m.amount))% of the remaining weights \(scope), by magnitude of \(weights(m.weights))"
                         + (m.inherit ? ", within the mask that run trained under" : "") + (m.random ? " (at random, as a control)" : "")
                         + "; biases and batch-norm parameters are never pruned")
        }
        return parts.joined(separator: ", ")
    }
}
