import DLCore

/// A study that cannot run, with the study and the cell at fault.
public struct StudyError: Error, CustomStringConvertible {
    public let study: String
    public let place: String
    public let problem: String
    public var description: String { "study '\(study)', \(place): \(problem)" }
}

extension Study {
    /// Checks everything that can be checked before training: levels and seeds exist, every
    /// cell's run spec is valid against its data (batch size, shapes, fields), figures and
    /// claims name experiments, levels and metrics that exist and are recorded, stages name
    /// upstream runs that exist and keep what they need.
    ///
    /// `checkingSpecs: false` skips the one check that needs the data and a model (each cell's
    /// spec against its data): for `dlstudy report`, which renders from records alone.
    public func validate(profile: Profile, checkingSpecs: Bool = true) throws {
        func fail(_ place: String, _ problem: String) -> StudyError { StudyError(study: name, place: place, problem: problem) }
        let experiments = experiments(for: profile)
        var ids = Set<String>()
        var data: [DataSpec: DataSplits] = [:]
        for exp in experiments {
            guard ids.insert(exp.id).inserted else { throw fail("experiment '\(exp.id)'", "two experiments share this id; give each its own") }
            guard !exp.factors.isEmpty else { throw fail("experiment '\(exp.id)'", "varies nothing; add a Vary(…)") }
            for f in exp.factors where f.levels.isEmpty {
                throw fail("experiment '\(exp.id)', factor '\(f.name)'", "has no levels; list at least one")
            }
            guard !exp.seeds.isEmpty else { throw fail("experiment '\(exp.id)'", "has no seeds; use Seeds(3)") }
            let labels = exp.cells.map(\.label)
            if Set(labels).count != labels.count { throw fail("experiment '\(exp.id)'", "two levels have the same label; labels must differ") }
            for cell in exp.cells where checkingSpecs {
                let spec = exp.spec(cell, seed: exp.seeds[0])
                do {
                    if data[spec.data] == nil { data[spec.data] = try spec.data.load() }
                    _ = try Trainer(spec: spec, data: data[spec.data]!)
                } catch {
                    throw fail("experiment '\(exp.id)', cell '\(cell.label)'", "\(error)")
                }
            }
        }
        _ = try stagedPlan(profile: profile)
        func experiment(_ id: String, _ place: String) throws -> Experiment {
            guard let e = experiments.first(where: { $0.id == id }) else {
                throw fail(place, "names experiment '\(id)', which the study does not have (it has: \(experiments.map(\.id).joined(separator: ", ")))")
            }
            return e
        }
        for block in blocks(for: profile) {
            switch block {
            case .figure(let f):
                let e = try experiment(f.experiment, "figure '\(f.id)'")
                let hasValidation = e.cells.allSatisfy { $0.spec.data.validationSamples != nil }
                for m in f.metrics where (m == .validationLoss || m == .validationAccuracy) && !hasValidation {
                    throw fail("figure '\(f.id)'", "plots \(m.label), which is never recorded: the data has no validation split (set data.validationSamples)")
                }
            case .table(let t): _ = try experiment(t.experiment, "table '\(t.id)'")
            case .claim(let c):
                let e = try experiment(c.experiment, "claim '\(c.text)'")
                if let margin = c.test.margin, !(margin > 0 && margin.isFinite) {
                    throw fail("claim '\(c.text)'", "has \(c.test.name) margin \(margin); state a positive, finite margin in the metric's unit (e.g. 0.01 for one point of accuracy)")
                }
                var needed = [(e, c.level)]
                if case .level(let l) = c.reference { needed.append((e, l)) }
                if case .levelIn(let other, let l) = c.reference { needed.append((try experiment(other, "claim '\(c.text)'"), l)) }
                if let source = c.source {
                    for (_, l) in needed where !source.levels.contains(l) {
                        throw fail("claim '\(c.text)'", "names level '\(l)', which its values do not cover (they cover: \(source.levels.joined(separator: ", ")))")
                    }
                    needed = []
                }
                for (e, l) in needed where !e.cells.contains(where: { $0.label == l }) {
                    throw fail("claim '\(c.text)'", "names level '\(l)', which experiment '\(e.id)' does not have (levels: \(e.cells.map(\.label).joined(separator: ", ")))")
                }
            default: break
            }
        }
        var familyTexts = Set<String>()
        for c in claims(for: profile) where c.family != nil {
            guard familyTexts.insert("\(c.family!)\u{0}\(c.text)").inserted else {
                throw fail("claim '\(c.text)'", "appears twice in family '\(c.family!)'; give each claim of a family its own text")
            }
        }
        let figureIDs = blocks(for: profile).compactMap { block -> String? in
            if case .figure(let f) = block { return f.id } else { return nil }
        }
        if let thumbnail, !figureIDs.contains(thumbnail) {
            throw fail("thumbnail '\(thumbnail)'", "names no figure of the study (figures: \(figureIDs.joined(separator: ", ")))")
        }
    }
}
