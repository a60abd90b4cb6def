import Foundation

extension BaselineComparison {
    /// "demo (quick)".
    public var title: String { "\(current.study) (\(current.profile))" }

    /// One line for the terminal:
    /// `PASS demo (quick) [exact on x86_64-v3]: all 6 runs bit-identical, 124 points within tolerance; every point equals the baseline`
    /// or `FAIL demo (quick) [statistical: …]: 40 of 124 points out of tolerance, 1 structural difference; worst …`.
    public var summaryLine: String { "\(passed ? "PASS" : "FAIL") \(title) [\(modeDescription)]: \(findings)" }

    /// How it was compared: "exact on x86_64-v3", "statistical: baseline x86_64-v3, now arm64".
    public var modeDescription: String {
        mode == .exact ? "exact on \(current.platform)"
            : baseline.platform == current.platform ? "statistical on \(current.platform)"
            : "statistical: baseline from \(baseline.platform), now \(current.platform)"
    }

    /// The runs with a fingerprint on the current side.
    public var fingerprintedRuns: Int {
        current.experiments.reduce(0) { $0 + $1.levels.reduce(0) { $0 + $1.bits.count } }
    }

    /// The runs compared bit for bit and how many differ ("all 6 runs bit-identical").
    public var bitsFinding: String? {
        let runs = fingerprintedRuns
        guard mode == .exact, runs > 0 else { return nil }
        let differing = bitDifferences.count
        return differing == 0 ? "all \(runs) runs bit-identical" : "bits differ in \(differing) of \(runs) runs"
    }

    /// The summary line without its verdict and title: "40 of 124 points out of tolerance, …".
    public var findings: String {
        var counts: [String] = []
        if let bits = bitsFinding { counts.append(bits) }
        let failing = failures.count
        counts.append(failing == 0 ? "\(points.count) points within tolerance" : "\(failing) of \(points.count) points out of tolerance")
        let structural = differences.filter { $0.kind == "structure" }.count
        let flips = differences.filter { $0.kind == "claim" }.count
        let divergence = differences.filter { $0.kind == "divergence" }.count
        if structural > 0 { counts.append("\(structural) structural difference\(structural == 1 ? "" : "s")") }
        if flips > 0 { counts.append("\(flips) verdict flip\(flips == 1 ? "" : "s")") }
        if divergence > 0 { counts.append("\(divergence) divergence change\(divergence == 1 ? "" : "s")") }
        if skippedPoints > 0 { counts.append("\(skippedPoints) points with other seed counts not compared") }
        if !notes.isEmpty { counts.append("\(notes.count) platform difference\(notes.count == 1 ? "" : "s") tolerated") }
        var line = counts.joined(separator: ", ")
        if let worst {
            line += worst.ratio == 0 ? "; every point equals the baseline" : "; worst \(worst.place): \(worst.verdict)"
        }
        return line
    }

    /// What failed, one line each: every structural difference, verdict flip and divergence
    /// change, then the failing points, at most `limit` lines in all (then a line saying how
    /// many more). Points come worst of each curve (or final value, or probe) first, curves in
    /// order of their worst point, so a short list still names everything that moved.
    public func failureLines(limit: Int = 20) -> [String] {
        let bits = bitDifferences
        let shownBits = bits.prefix(3).map(\.description) + (bits.count > 3 ? ["… bits differ in \(bits.count - 3) more runs"] : [])
        let others = differences.filter { $0.kind != "bits" }.map(\.description)
        let all = shownBits + others + failuresByQuantity.map(\.line)
        guard all.count > limit else { return all }
        return Array(all.prefix(limit)) + ["… and \(all.count - limit) more (the HTML report lists them all)"]
    }

    /// The failing points interleaved across quantities: the worst point of every failing
    /// quantity (furthest out first), then the second worst of each, and so on.
    public var failuresByQuantity: [CheckPoint] {
        var groups: [[CheckPoint]] = []
        var index: [String: Int] = [:]
        for p in failures {
            let key = "\(p.experiment)\u{0}\(p.level)\u{0}\(p.kind.rawValue)\u{0}\(p.name)"
            if let i = index[key] { groups[i].append(p) } else { index[key] = groups.count; groups.append([p]) }
        }
        // Stable sorts: ties keep the order compared.
        groups = groups.map { g in g.enumerated().sorted { ($0.element.ratio, -$0.offset) > ($1.element.ratio, -$1.offset) }.map(\.element) }
        groups = groups.enumerated().sorted { ($0.element[0].ratio, -$0.offset) > ($1.element[0].ratio, -$1.offset) }.map(\.element)
        var out: [CheckPoint] = []
        for round in 0..<(groups.map(\.count).max() ?? 0) {
            for g in groups where round < g.count { out.append(g[round]) }
        }
        return out
    }

    /// For `dlstudy bless`: what the new baseline changes in the old one, in a few lines.
    public var changeLines: [String] {
        var lines: [String] = []
        let moved = failures
        if let worst, worst.ratio > 0, let d = worst.delta {
            lines.append("\(moved.count) of \(points.count) points moved beyond tolerance; largest shift \(worst.place): "
                         + "\(CheckPoint.value(worst.baseline)) → \(CheckPoint.value(worst.current)) (|Δ| \(CheckPoint.number(abs(d))), tolerance \(CheckPoint.number(worst.tolerance)))")
        } else if let worst, worst.problem != nil {
            lines.append("\(moved.count) of \(points.count) points changed; e.g. \(worst.line)")
        } else {
            lines.append("all \(points.count) points equal")
        }
        if let bits = bitsFinding { lines.append(bits) }
        lines += differences.filter { $0.kind != "bits" }.map(\.description)
        if baseline.platform != current.platform { lines.append("platform \(baseline.platform) → \(current.platform)") }
        if baseline.engineVersion != current.engineVersion {
            lines.append("engine version \(baseline.engineVersion) → \(current.engineVersion)")
        }
        return lines
    }
}
