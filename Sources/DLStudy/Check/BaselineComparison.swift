import DLCore
import Foundation

/// Something other than a number that moved: the study's shape changed, a claim's verdict
/// flipped, or runs started (or stopped) diverging. Each one fails a check.
public enum CheckDifference: Equatable, Sendable, CustomStringConvertible {
    /// Levels, seeds, epochs, metrics, probes, experiments or claims that differ.
    case structure(String)
    case verdict(claim: String, baseline: String, current: String)
    case divergence(experiment: String, level: String, baseline: Int, current: Int, runs: Int)
    /// On the baseline's own platform: a run whose numbers are not the same bits.
    case bits(BitDifference)

    public var description: String {
        switch self {
        case .structure(let what): return "structure: \(what)"
        case .verdict(let claim, let b, let c): return "claim \"\(claim)\": \(b) in the baseline, \(c) now"
        case .divergence(let e, let l, let b, let c, let runs):
            let level = e == "main" ? l : "\(e)/\(l)"
            return "divergence at \(level): \(b) diverged run\(b == 1 ? "" : "s") in the baseline, \(c) of \(runs) now"
        case .bits(let d): return d.description
        }
    }

    /// "structure", "claim" or "divergence".
    public var kind: String {
        switch self {
        case .structure: return "structure"
        case .verdict: return "claim"
        case .divergence: return "divergence"
        case .bits: return "bits"
        }
    }
}

/// Current results against a baseline, with the study's tolerances, in one of two modes:
///
/// - **exact**, when the current records come from the baseline's numeric platform: the same
///   specs must give the same bits, so every run's fingerprint must match; the first run that
///   differs is placed (experiment, level, seed, epoch and step). Points are still compared and
///   reported, which says whether a difference in bits also moved the curves.
/// - **statistical**, on another platform, where the last bits differ and training amplifies
///   them like a change of seed: every point within tolerance, plus rules for what platform
///   noise moves but a real change would move further (docs/check.md): curves compared over the
///   epochs both sides' seeds reached (runs stopping at a target compare their steps to it as a
///   number), one run more or less diverging at a level already on the stability edge, a
///   loss-driven learning rate compared within a few epochs of its drops, and a verdict that
///   moves between supported (or contradicted) and inconclusive when its interval touched the
///   threshold on either side.
public struct BaselineComparison: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case exact, statistical
    }

    public let baseline: Baseline
    public let current: Baseline
    public let tolerances: Tolerances
    public let mode: Mode
    /// What statistical mode let through as platform noise, in words.
    public private(set) var notes: [String] = []
    /// Points not compared because their seed counts differ (statistical mode).
    public private(set) var skippedPoints = 0
    /// Every compared number, in file order (experiment, level, curve metric and epoch, final
    /// metrics, probes).
    public private(set) var points: [CheckPoint] = []
    public private(set) var differences: [CheckDifference] = []

    /// Compares in `mode`, or in the mode the platforms call for (`mode(baseline:current:)`).
    public init(baseline: Baseline, current: Baseline, tolerances: Tolerances = Tolerances(), mode: Mode? = nil) {
        self.baseline = baseline
        self.current = current
        self.tolerances = tolerances
        self.mode = mode ?? Self.mode(baseline: baseline.platform, current: current.platform)
        compareExperiments()
        compareClaims()
    }

    /// Exact when both sides come from one fixed-order platform (not OpenBLAS's order, not a
    /// mixture of platforms), statistical otherwise.
    public static func mode(baseline: String, current: String) -> Mode {
        let single = !baseline.contains(" + ") && !baseline.contains("+openblas")
        return single && baseline == current ? .exact : .statistical
    }

    /// The bit differences (exact mode), in file order.
    public var bitDifferences: [BitDifference] {
        differences.compactMap { if case .bits(let d) = $0 { return d } else { return nil } }
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
                let what = "epochs\(name): \(change) (\(curves.count) curve\(curves.count == 1 ? "" : "s"): \(list(curves, limit: 4)))"
                if mode == .exact { differences.append(.structure(what)) } else { notes.append(what + "; compared over the common epochs") }
            }
        }
    }

    private mutating func compareLevel(_ experiment: String, _ b: Baseline.LevelValues, _ c: Baseline.LevelValues, sameSeeds: Bool,
                                       epochChanges: inout [String: [String]]) {
        let at = experiment == "main" ? b.label : "\(experiment)/\(b.label)"
        if sameSeeds && b.runs != c.runs {
            differences.append(.structure("runs at \(at): \(b.runs) in the baseline, \(c.runs) now"))
        }
        if mode == .exact && sameSeeds { compareBits(experiment, b, c) }
        if b.diverged != c.diverged {
            let change = CheckDifference.divergence(experiment: experiment, level: b.label, baseline: b.diverged, current: c.diverged, runs: c.runs)
            // On the stability edge (some but not all runs diverge on one side) a different
            // platform tips one run either way.
            let onEdge = (0 < b.diverged && b.diverged < b.runs) || (0 < c.diverged && c.diverged < c.runs)
            if mode == .statistical && onEdge && abs(b.diverged - c.diverged) <= 1 {
                notes.append(change.description + " (on the stability edge: tolerated on another platform)")
            } else {
                differences.append(change)
            }
        }
        note("metrics at \(at)", b.curves.keys.sorted(), c.curves.keys.sorted())
        for (metric, bc) in b.curves.sorted(by: { $0.key < $1.key }) {
            guard let cc = c.curves[metric] else { continue }
            if bc.epochs != cc.epochs {
                epochChanges["\(Self.span(bc.epochs)) in the baseline, \(Self.span(cc.epochs)) now", default: []].append("\(metric) at \(b.label)")
            }
            let tolerance = tolerances.tolerance(for: Metric(rawValue: metric).map { .metric($0) } ?? .probe(metric))
            // A loss-driven rate drops when the losses say so; on another platform a drop may
            // come an epoch or two earlier or later, for some seeds.
            let window = mode == .statistical && metric == Metric.learningRate.rawValue && b.lossDrivenSchedule ? Self.scheduleWindow : 0
            var curve: [CheckPoint] = []
            for (i, epoch) in bc.epochs.enumerated() {
                guard let cs = cc.stat(atEpoch: epoch) else { continue }
                let bs = Baseline.Stat(mean: bc.mean[i], sd: bc.sd[i], n: bc.n[i])
                if skips(bs, cs, b, c) { skippedPoints += 1; continue }
                var p = point(experiment, b.label, .curve, metric, epoch, bs, cs, tolerance, sameSeeds: sameSeeds)
                if window > 0 && !p.passed, let value = cs.mean {
                    let near = bc.epochs.indices.filter { abs(bc.epochs[$0] - epoch) <= window }.compactMap { bc.mean[$0] }
                    if let low = near.min(), let high = near.max(), value >= low - p.tolerance, value <= high + p.tolerance {
                        p.tolerated = "within the baseline's rates at epochs \(epoch - window)…\(epoch + window) (a drop moved)"
                    }
                }
                curve.append(p)
            }
            // A schedule that does not follow the loss is the same on every platform: no excursion.
            if mode == .statistical && (metric != Metric.learningRate.rawValue || b.lossDrivenSchedule) {
                tolerateIsolatedExcursions(&curve, metric: metric, level: at)
            }
            points += curve
        }
        note("final metrics at \(at)", b.final.keys.sorted(), c.final.keys.sorted())
        for (key, bs) in b.final.sorted(by: { $0.key < $1.key }) {
            guard let cs = c.final[key] else { continue }
            let k: Tolerances.Key = key == "steps" ? .steps : Metric(rawValue: key).map { .metric($0) } ?? .probe(key)
            if skips(bs, cs, b, c) { skippedPoints += 1; continue }
            var tolerance = tolerances.tolerance(for: k)
            if mode == .statistical && k == .steps { tolerance.relative = max(tolerance.relative, Self.stepsRelative) }
            points.append(point(experiment, b.label, .final, key, nil, bs, cs, tolerance, sameSeeds: sameSeeds))
        }
        note("probes at \(at)", b.probes.keys.sorted(), c.probes.keys.sorted())
        for (key, bs) in b.probes.sorted(by: { $0.key < $1.key }) {
            guard let cs = c.probes[key] else { continue }
            if skips(bs, cs, b, c) { skippedPoints += 1; continue }
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
            guard b.verdict != c.verdict else { continue }
            let flip = CheckDifference.verdict(claim: b.text, baseline: b.verdict, current: c.verdict)
            let toInconclusive = [b.verdict, c.verdict].contains(PairedComparison.Verdict.inconclusive.rawValue)
            if mode == .statistical && toInconclusive && (Self.touchesThreshold(b) || Self.touchesThreshold(c)) {
                notes.append(flip.description + " (its interval touches the threshold: tolerated on another platform)")
            } else {
                differences.append(flip)
            }
        }
    }

    // MARK: Statistical rules

    /// Epochs a loss-driven learning rate may move its drops by.
    public static let scheduleWindow = 2
    /// The relative floor on the number of steps (runs that stop at a loss target).
    public static let stepsRelative = 0.1
    /// How close to the threshold (0) an interval end must be, in half-widths of the interval,
    /// for a verdict to be on the edge.
    public static let thresholdMargin = 0.5

    /// Whether a claim's 95% interval has an end within `thresholdMargin` half-widths of 0: a
    /// decided interval that barely excludes 0, or an undecided one that barely includes it (its
    /// verdict could go either way with a little noise).
    static func touchesThreshold(_ claim: StudySummary.ClaimSummary) -> Bool {
        guard let low = claim.ciLow, let high = claim.ciHigh, high > low else { return false }
        let half = (high - low) / 2
        return min(abs(low), abs(high)) <= thresholdMargin * half
    }

    /// Consecutive curve points out of tolerance before a curve fails in statistical mode.
    public static let persistence = 3

    /// Statistical mode compares means over all of a level's seeds only: where some seed has
    /// no value (it diverged, or stopped at its target or early) the mean is over the survivors,
    /// which another platform selects differently.
    private func skips(_ bs: Baseline.Stat, _ cs: Baseline.Stat, _ b: Baseline.LevelValues, _ c: Baseline.LevelValues) -> Bool {
        guard mode == .statistical, bs.mean != nil, cs.mean != nil else { return false }
        return bs.n != cs.n || bs.n < b.runs || cs.n < c.runs
    }

    /// On another platform a curve wanders like a redrawn seed, and among thousands of points
    /// some cross a 3-sd band alone; a real change moves a curve for several epochs in a row.
    /// Runs of fewer than `persistence` failing points are tolerated (and noted).
    private mutating func tolerateIsolatedExcursions(_ curve: inout [CheckPoint], metric: String, level: String) {
        var i = 0, tolerated: [Int] = []
        while i < curve.count {
            guard !curve[i].passed, curve[i].problem == nil else { i += 1; continue }
            var j = i
            while j < curve.count && !curve[j].passed && curve[j].problem == nil { j += 1 }
            if j - i < Self.persistence && j - i < curve.count {
                for k in i..<j {
                    curve[k].tolerated = "out of tolerance for \(j - i) epoch\(j - i == 1 ? "" : "s") only (\(curve[k].verdict))"
                    tolerated.append(curve[k].epoch ?? 0)
                }
            }
            i = j
        }
        if !tolerated.isEmpty {
            notes.append("\(metric) at \(level): out of tolerance at epoch\(tolerated.count == 1 ? "" : "s") \(tolerated.map(String.init).joined(separator: ", ")) "
                         + "only, fewer than \(Self.persistence) in a row (an isolated excursion: tolerated on another platform)")
        }
    }

    // MARK: Bits

    /// Every run of a level against its baseline fingerprint, seed by seed.
    private mutating func compareBits(_ experiment: String, _ b: Baseline.LevelValues, _ c: Baseline.LevelValues) {
        for bb in b.bits {
            guard let cb = c.bits.first(where: { $0.seed == bb.seed }) else { continue }
            guard bb.digest != cb.digest else { continue }
            let shared = min(bb.epochs.count, cb.epochs.count)
            let row: Int? = (0..<shared).first { bb.epochs[$0] != cb.epochs[$0] }
                ?? (bb.epochs.count != cb.epochs.count ? shared : nil)
            func at(_ values: [Int], _ i: Int?) -> Int? { i.flatMap { $0 >= 0 && $0 < values.count ? values[$0] : nil } }
            let difference = BitDifference(
                experiment: experiment, level: b.label, seed: bb.seed, row: row, epoch: at(cb.epochNumbers, row),
                step: at(cb.steps, row), previousStep: at(cb.steps, row.map { $0 - 1 }),
                baselineRows: bb.epochs.count, currentRows: cb.epochs.count)
            differences.append(.bits(difference))
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
