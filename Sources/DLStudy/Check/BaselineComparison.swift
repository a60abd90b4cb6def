import DLCore
import Foundation

/// Something other than a number that moved: the study's shape changed, a claim's verdict
/// flipped, or runs started (or stopped) diverging. Each one fails a check.
public enum CheckDifference: Equatable, Sendable, CustomStringConvertible {
    /// Levels, seeds, epochs, metrics, probes, experiments or claims that differ.
    case structure(String)
    case verdict(claim: String, baseline: String, current: String)
    case divergence(experiment: String, level: String, baseline: Int, current: Int, runs: Int)

    public var description: String {
        switch self {
        case .structure(let what): return "structure: \(what)"
        case .verdict(let claim, let b, let c): return "claim \"\(claim)\": \(b) in the baseline, \(c) now"
        case .divergence(let e, let l, let b, let c, let runs):
            let level = e == "main" ? l : "\(e)/\(l)"
            return "divergence at \(level): \(b) diverged run\(b == 1 ? "" : "s") in the baseline, \(c) of \(runs) now"
        }
    }

    /// "structure", "claim" or "divergence".
    public var kind: String {
        switch self {
        case .structure: return "structure"
        case .verdict: return "claim"
        case .divergence: return "divergence"
        }
    }
}

/// Current results against a baseline, point by point, with the study's tolerances.
public struct BaselineComparison: Sendable {
    public let baseline: Baseline
    public let current: Baseline
    public let tolerances: Tolerances
    /// Every compared number, in file order (experiment, level, curve metric and epoch, final
    /// metrics, probes).
    public private(set) var points: [CheckPoint] = []
    public private(set) var differences: [CheckDifference] = []

    public init(baseline: Baseline, current: Baseline, tolerances: Tolerances = Tolerances()) {
        self.baseline = baseline
        self.current = current
        self.tolerances = tolerances
        compareExperiments()
        compareClaims()
    }

    public var failures: [CheckPoint] { points.filter { !$0.passed } }
    public var passed: Bool { differences.isEmpty && points.allSatisfy(\.passed) }

    /// The point closest to (or furthest past) its tolerance: the largest |Δ| / tolerance, the
    /// first such point on ties.
    public var worst: CheckPoint? {
        points.reduce(nil) { best, p in (best == nil || p.ratio > best!.ratio) ? p : best }
    }

    // MARK: Experiments and levels

    private mutating func compareExperiments() {
        let (old, new) = (baseline.experiments, current.experiments)
        note("experiments", old.map(\.id), new.map(\.id))
        for b in old {
            guard let c = new.first(where: { $0.id == b.id }) else { continue }
            let name = b.id == "main" ? "" : " of experiment \(b.id)"
            if b.factors != c.factors {
                differences.append(.structure("varied factors\(name): \(list(b.factors)) in the baseline, \(list(c.factors)) now"))
            }
            let sameSeeds = b.seeds == c.seeds
            if !sameSeeds {
                differences.append(.structure("seeds\(name): \(b.seeds.count) (\(list(b.seeds.map(String.init)))) in the baseline, \(c.seeds.count) (\(list(c.seeds.map(String.init)))) now"))
            }
            note("levels\(name)", b.levels.map(\.label), c.levels.map(\.label))
            var epochChanges: [String: [String]] = [:]
            for bl in b.levels {
                guard let cl = c.levels.first(where: { $0.label == bl.label }) else { continue }
                compareLevel(b.id, bl, cl, sameSeeds: sameSeeds, epochChanges: &epochChanges)
            }
            for (change, curves) in epochChanges.sorted(by: { $0.key < $1.key }) {
                differences.append(.structure("epochs\(name): \(change) (\(curves.count) curve\(curves.count == 1 ? "" : "s"): \(list(curves, limit: 4)))"))
            }
        }
    }

    private mutating func compareLevel(_ experiment: String, _ b: Baseline.LevelValues, _ c: Baseline.LevelValues, sameSeeds: Bool,
                                       epochChanges: inout [String: [String]]) {
        let at = experiment == "main" ? b.label : "\(experiment)/\(b.label)"
        if sameSeeds && b.runs != c.runs {
            differences.append(.structure("runs at \(at): \(b.runs) in the baseline, \(c.runs) now"))
        }
        if b.diverged != c.diverged {
            differences.append(.divergence(experiment: experiment, level: b.label, baseline: b.diverged, current: c.diverged, runs: c.runs))
        }
        note("metrics at \(at)", b.curves.keys.sorted(), c.curves.keys.sorted())
        for (metric, bc) in b.curves.sorted(by: { $0.key < $1.key }) {
            guard let cc = c.curves[metric] else { continue }
            if bc.epochs != cc.epochs {
                epochChanges["\(Self.span(bc.epochs)) in the baseline, \(Self.span(cc.epochs)) now", default: []].append("\(metric) at \(b.label)")
            }
            let tolerance = tolerances.tolerance(for: Metric(rawValue: metric).map { .metric($0) } ?? .probe(metric))
            for (i, epoch) in bc.epochs.enumerated() {
                guard let cs = cc.stat(atEpoch: epoch) else { continue }
                let bs = Baseline.Stat(mean: bc.mean[i], sd: bc.sd[i], n: bc.n[i])
                points.append(point(experiment, b.label, .curve, metric, epoch, bs, cs, tolerance, sameSeeds: sameSeeds))
            }
        }
        note("final metrics at \(at)", b.final.keys.sorted(), c.final.keys.sorted())
        for (key, bs) in b.final.sorted(by: { $0.key < $1.key }) {
            guard let cs = c.final[key] else { continue }
            let k: Tolerances.Key = key == "steps" ? .steps : Metric(rawValue: key).map { .metric($0) } ?? .probe(key)
            points.append(point(experiment, b.label, .final, key, nil, bs, cs, tolerances.tolerance(for: k), sameSeeds: sameSeeds))
        }
        note("probes at \(at)", b.probes.keys.sorted(), c.probes.keys.sorted())
        for (key, bs) in b.probes.sorted(by: { $0.key < $1.key }) {
            guard let cs = c.probes[key] else { continue }
            points.append(point(experiment, b.label, .probe, key, nil, bs, cs, tolerances.tolerance(for: .probe(key)), sameSeeds: sameSeeds))
        }
    }

    /// One compared number. A value on one side only fails; so does a different number of
    /// seeds with a value when the seeds are the same (a run diverged or stopped at another
    /// epoch); otherwise the tolerance decides.
    private func point(_ experiment: String, _ level: String, _ kind: CheckPoint.Kind, _ name: String, _ epoch: Int?,
                       _ b: Baseline.Stat, _ c: Baseline.Stat, _ tolerance: Tolerance, sameSeeds: Bool) -> CheckPoint {
        var problem: String?
        switch (b.mean, c.mean) {
        case (nil, nil): break
        case (nil, .some): problem = "no finite value in the baseline (its runs diverged), a value now"
        case (.some, nil): problem = "a value in the baseline, no finite value now (the runs diverged)"
        case (.some, .some):
            if sameSeeds && b.n != c.n { problem = "values from \(b.n) seed\(b.n == 1 ? "" : "s") in the baseline, \(c.n) now" }
        }
        let sd = Tolerance.pooledSD((b.sd ?? 0, b.n), (c.sd ?? 0, c.n))
        return CheckPoint(experiment: experiment, level: level, kind: kind, name: name, epoch: epoch, baseline: b, current: c,
                          tolerance: tolerance.limit(baseline: b.mean ?? 0, pooledSD: sd), problem: problem)
    }

    // MARK: Claims

    private mutating func compareClaims() {
        note("claims", baseline.claims.map(\.text), current.claims.map(\.text))
        for b in baseline.claims {
            guard let c = current.claims.first(where: { $0.text == b.text }) else { continue }
            if b.verdict != c.verdict { differences.append(.verdict(claim: b.text, baseline: b.verdict, current: c.verdict)) }
        }
    }

    // MARK: Helpers

    /// Records names present on one side only as a structural difference.
    private mutating func note(_ what: String, _ old: [String], _ new: [String]) {
        let removed = old.filter { !new.contains($0) }, added = new.filter { !old.contains($0) }
        guard !removed.isEmpty || !added.isEmpty else { return }
        var parts: [String] = []
        if !removed.isEmpty { parts.append("only in the baseline: \(list(removed))") }
        if !added.isEmpty { parts.append("only now: \(list(added))") }
        differences.append(.structure("\(what) differ; \(parts.joined(separator: "; "))"))
    }

    private func list(_ items: [String], limit: Int = 12) -> String {
        items.count <= limit ? items.joined(separator: ", ") : items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    /// Epochs in short: "0…8", "0, 2, 4…8", "none".
    static func span(_ epochs: [Int]) -> String {
        guard !epochs.isEmpty else { return "none" }
        var runs: [String] = []
        var start = epochs[0], end = epochs[0]
        for e in epochs.dropFirst() {
            if e == end + 1 { end = e; continue }
            runs.append(start == end ? "\(start)" : end == start + 1 ? "\(start), \(end)" : "\(start)…\(end)")
            start = e; end = e
        }
        runs.append(start == end ? "\(start)" : end == start + 1 ? "\(start), \(end)" : "\(start)…\(end)")
        return runs.joined(separator: ", ")
    }
}
