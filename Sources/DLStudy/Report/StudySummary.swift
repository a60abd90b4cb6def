import DLFiles
import DLCore
import Foundation

/// `summary.json`: what a machine needs from a report — the levels, final metrics (mean, sd,
/// per seed), probe values, and each claim with its verdict and numbers.
public struct StudySummary: Codable {
    public struct Value: Codable {
        public var mean: Double?
        public var sd: Double?
        public var perSeed: [String: Double]
    }
    public struct Level: Codable {
        public var label: String
        public var value: Double?
        public var runs: Int
        public var diverged: [String: Int]
        public var final: [String: Value]
        public var probes: [String: Value]
        /// Every quantity the study's tables show for this experiment, by its name (so numbers
        /// quoted from a table — accuracy at the validation-chosen epoch — can be checked too).
        public var quantities: [String: Value]? = nil
    }
    public struct ExperimentSummary: Codable {
        public var id: String
        public var factors: [String]
        public var seeds: [UInt64]
        public var levels: [Level]
    }
    public struct ClaimSummary: Codable, Equatable, Sendable {
        public var text: String
        public var formula: String
        public var verdict: String
        public var meanDifference: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        public var effectSize: Double?
        public var differences: [Double]
        /// For claims in a family or tested as equivalence/non-inferiority only (absent
        /// otherwise): the test, its margin, the raw and Holm-adjusted p-values, the family.
        public var test: String? = nil
        public var margin: Double? = nil
        public var pValue: Double? = nil
        public var adjustedPValue: Double? = nil
        public var family: String? = nil
        public var familySize: Int? = nil
    }

    public var study: String
    public var title: String
    public var profile: String
    public var dlstudyVersion: String
    public var engineVersion: String
    /// The numeric platform of the records (`StudyResults.platform`): on another platform the
    /// numbers may differ in the last bits, and then further as training amplifies them.
    public var platform: String
    public var generated: String
    public var experiments: [ExperimentSummary]
    public var claims: [ClaimSummary]
    /// The figure that stands for the study on the site index (its id).
    public var thumbnail: String?

    public init(study: Study, results: StudyResults, outcomes: [ClaimOutcome], environment: RunEnvironment) {
        self.study = study.name
        title = study.title
        profile = results.profile.rawValue
        dlstudyVersion = environment.dlstudyVersion
        engineVersion = Engine.version
        platform = results.platform
        generated = environment.isoDate
        let figures = study.blocks(for: results.profile).compactMap { block -> String? in
            if case .figure(let f) = block { return f.id } else { return nil }
        }
        let blocks = study.blocks(for: results.profile)
        var tabled: [String: [Quantity]] = [:]
        for case .table(let t) in blocks { tabled[t.experiment, default: []] += t.quantities }
        thumbnail = study.thumbnail.flatMap { figures.contains($0) ? $0 : nil } ?? figures.first
        experiments = study.experiments(for: results.profile).compactMap { exp in
            guard let r = results[exp.id] else { return nil }
            return ExperimentSummary(id: exp.id, factors: exp.factors.map(\.name), seeds: exp.seeds, levels: r.cells.map { cell in
                func value(_ q: Quantity) -> Value {
                    let v = cell.values(q)
                    let s = cell.summary(q)
                    return Value(mean: s?.mean, sd: s?.sd, perSeed: Dictionary(uniqueKeysWithValues: v.map { (String($0.key), $0.value) }))
                }
                var final: [String: Value] = [:]
                for m in Metric.allCases where m != .learningRate && m != .runningLoss {
                    let v = value(.final(m))
                    if !v.perSeed.isEmpty { final[m.rawValue] = v }
                }
                final["steps"] = value(.steps)
                var probes: [String: Value] = [:]
                let keys = Set(cell.runs.values.flatMap { $0.probes.filter { $0.value.count == 1 }.keys })
                for k in keys { probes[k] = value(.probe(k)) }
                var quantities: [String: Value] = [:]
                for q in tabled[exp.id] ?? [] where quantities[q.name] == nil {
                    let v = value(q)
                    if !v.perSeed.isEmpty { quantities[q.name] = v }
                }
                return Level(label: cell.label, value: cell.cell.value, runs: cell.runs.count,
                             diverged: Dictionary(uniqueKeysWithValues: cell.diverged.map { (String($0.key), $0.value) }),
                             final: final, probes: probes, quantities: quantities.isEmpty ? nil : quantities)
            })
        }
        claims = outcomes.map { o in
            ClaimSummary(text: o.claim.text, formula: o.claim.formula, verdict: o.verdict.rawValue,
                         meanDifference: o.comparison?.meanDifference.finiteOrNil, ciLow: o.comparison?.ciLow.finiteOrNil,
                         ciHigh: o.comparison?.ciHigh.finiteOrNil, effectSize: o.comparison?.effectSize.finiteOrNil,
                         differences: o.comparison?.differences ?? [],
                         test: o.claim.usesPValue ? o.claim.test.name : nil,
                         margin: o.claim.usesPValue ? o.claim.test.margin : nil,
                         pValue: o.claim.usesPValue ? o.test?.pValue.finiteOrNil : nil,
                         adjustedPValue: o.claim.usesPValue ? o.test?.adjustedPValue.finiteOrNil : nil,
                         family: o.claim.family, familySize: o.claim.family != nil ? o.test?.familySize : nil)
        }
    }

    public func write(to url: URL) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(e.encode(self), to: url)
    }
}

extension Double {
    var finiteOrNil: Double? { isFinite ? self : nil }
}
