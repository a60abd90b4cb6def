import DLCore
import DLReport
import Foundation

extension CheckReport {
    /// Rows of the failing-point table shown per study (the rest are counted, not listed).
    static let tableLimit = 500
    /// Runs listed whose bits differ (the rest are counted).
    static let bitsLimit = 20

    /// The page: the rule, a summary table, then per study (failing ones first) what differs
    /// besides the numbers, the overlaid curves, the points out of tolerance (or the closest
    /// ones), where the baseline came from, and the tolerances used.
    func document(figures: [String: String]) -> ReportDocument {
        let failed = entries.filter { !$0.comparison.passed }.count
        let title = failed == 0
            ? "Regression check: all \(entries.count) stud\(entries.count == 1 ? "y" : "ies") within tolerance"
            : "Regression check: \(failed) of \(entries.count) stud\(entries.count == 1 ? "y" : "ies") failed"
        var blocks: [ReportBlock] = [.markdown(Self.ruleText), .table(summaryTable())]
        var figureNumber = 0, tableNumber = 1
        for entry in ordered {
            let c = entry.comparison
            blocks.append(.heading(text: "\(c.passed ? "PASS" : "FAIL") \(c.title)", level: 2))
            blocks.append(.markdown(Self.escapeMarkdown(c.findings.prefix(1).uppercased() + c.findings.dropFirst() + ".")))
            let bits = c.bitDifferences
            if !bits.isEmpty {
                let shown = bits.prefix(Self.bitsLimit).map { "- \(Self.escapeMarkdown($0.description))" }
                let more = bits.count > shown.count ? ["- … and \(bits.count - shown.count) more runs"] : []
                blocks.append(.note("Not the same bits on the baseline's platform (\(Self.escapeMarkdown(c.current.platform))), "
                                    + "run by run, where each run first differs:\n\n" + (shown + more).joined(separator: "\n")))
            }
            let others = c.differences.filter { $0.kind != "bits" }
            if !others.isEmpty {
                blocks.append(.note("What differs besides the numbers:\n\n" + others.map { "- \(Self.escapeMarkdown($0.description))" }.joined(separator: "\n")))
            }
            if !c.notes.isEmpty {
                blocks.append(.markdown("Differences tolerated as platform noise (statistical mode):\n\n"
                                        + c.notes.map { "- \(Self.escapeMarkdown($0))" }.joined(separator: "\n")))
            }
            for e in c.experimentIDs {
                let id = CheckReport.figureID(c, experiment: e)
                guard let base = figures[id] else { continue }
                figureNumber += 1
                let caption = "\(c.title)\(e == "main" ? "" : ", experiment \(e)"): current mean over seeds (solid) against the baseline mean (dashed) and its tolerance band (shaded); ✕ marks a point out of tolerance."
                blocks.append(.figure(ReportFigure(
                    id: "fig-\(id)", number: figureNumber, caption: Self.escapeMarkdown(caption), inline: "\(base).svg",
                    downloads: [Link("PNG", href: "\(base).png"), Link("PDF", href: "\(base).pdf"), Link("SVG", href: "\(base).svg")],
                    alt: caption)))
            }
            let failures = c.failures
            if failures.isEmpty {
                let closest = c.points.sorted { $0.ratio > $1.ratio }.prefix(5).filter { $0.ratio > 0 }
                if !closest.isEmpty {
                    tableNumber += 1
                    blocks.append(.table(pointTable(Array(closest), id: "\(c.current.study)-closest", number: tableNumber,
                                                    caption: "The \(closest.count) points closest to their tolerance (all \(c.points.count) within it).")))
                }
            } else {
                tableNumber += 1
                let shown = Array(failures.prefix(Self.tableLimit))
                let more = failures.count > shown.count ? " The first \(shown.count) are listed." : ""
                blocks.append(.table(pointTable(shown, id: "\(c.current.study)-failures", number: tableNumber,
                                                caption: "\(failures.count) of \(c.points.count) points out of tolerance, by level, quantity and epoch.\(more)")))
            }
            blocks.append(.keyValues(title: "Baseline and current values", rows: Self.provenance(entry)))
            blocks.append(.keyValues(title: "Tolerances of \(c.title)", rows: toleranceRows(c)))
        }
        return ReportDocument(
            name: "check", title: title, question: "Current runs against the committed baselines.",
            byline: "dlstudy check · \(entries.count) stud\(entries.count == 1 ? "y" : "ies")", blocks: blocks,
            footer: ReproducibilityFooter(rows: environment.rows(runs: runs)))
    }

    static let ruleText = """
        **Exact mode** (the runs come from the numeric platform the baseline was made on, e.g. x86\\_64-v3): the \
        same run specs must give the same bits, so every run's fingerprint must match the baseline's; a run that \
        differs is named with the epoch where its numbers first part. **Statistical mode** (another platform): \
        each checked number is a mean over seeds — a metric's curve at every epoch, a final metric or a probe, per \
        level — and passes when |current − baseline| ≤ max(k·s, absolute floor, relative floor · |baseline|), \
        where s is the pooled standard deviation over the seeds of both sides and the floors keep the band from \
        vanishing where the seeds agree; platform noise that a real change would exceed is tolerated and listed \
        (docs/check.md). In both modes a study fails when its structure differs (experiments, levels, seeds, \
        metrics, probes, claims), when a claim's verdict flips, or when a different number of runs diverges.
        """

    /// One row per study: result, points, failures, other differences, worst point.
    func summaryTable() -> ReportTable {
        var rows: [[String]] = [], bold: [[Int]] = []
        for (i, entry) in ordered.enumerated() {
            let c = entry.comparison
            if !c.passed { bold.append([i, 1]) }
            rows.append([c.current.study, c.passed ? "PASS" : "FAIL", c.current.profile, Self.modeCell(c), "\(c.points.count)", "\(c.failures.count)",
                         "\(c.differences.filter { $0.kind != "bits" }.count)", c.worst.map { $0.ratio == 0 ? "all equal to the baseline" : "\($0.place): \($0.verdict)" } ?? "—"])
        }
        return ReportTable(id: "summary", number: 1, caption: "Studies checked; failures in bold.",
                           header: ["study", "result", "profile", "mode", "points", "out of tolerance", "other differences", "worst point"],
                           rows: rows, best: bold, numericColumns: [4, 5, 6])
    }

    /// "exact: 18 of 18 runs the same bits", or "statistical".
    static func modeCell(_ c: BaselineComparison) -> String {
        guard c.mode == .exact else { return "statistical" }
        return "exact: \(c.fingerprintedRuns - c.bitDifferences.count) of \(c.fingerprintedRuns) runs the same bits"
    }

    func pointTable(_ points: [CheckPoint], id: String, number: Int, caption: String) -> ReportTable {
        let rows = points.map { p -> [String] in
            let kind = p.kind == .curve ? p.name : "\(p.kind.rawValue) \(p.name)"
            let level = p.experiment == "main" ? p.level : "\(p.experiment)/\(p.level)"
            let ratio = p.ratio.isFinite ? formatNumber(p.ratio) : "—"
            return [level, kind, p.epoch.map(String.init) ?? "final", CheckPoint.value(p.baseline), CheckPoint.value(p.current),
                    p.delta.map { CheckPoint.number(abs($0)) } ?? "—", CheckPoint.number(p.tolerance), p.problem ?? p.tolerated.map { "tolerated: \($0)" } ?? ratio]
        }
        return ReportTable(id: id, number: number, caption: caption,
                           header: ["level", "quantity", "epoch", "baseline", "current", "|Δ|", "tolerance", "|Δ| / tolerance"],
                           rows: rows, numericColumns: [3, 4, 5, 6])
    }

    /// Where the baseline came from and what made the current values.
    static func provenance(_ entry: Entry) -> [KeyValue] {
        let b = entry.comparison.baseline, c = entry.comparison.current
        var rows = [
            KeyValue("baseline file", entry.baselinePath),
            KeyValue("blessed", "\(b.generated) with dlstudy \(b.dlstudyVersion), engine \(b.engineVersion)" + (b.gitCommit.map { ", commit \($0)" } ?? "")),
            KeyValue("current values", "dlstudy \(c.dlstudyVersion), engine \(c.engineVersion)"),
            KeyValue("platforms", "baseline \(b.platform), current \(c.platform): \(entry.comparison.mode.rawValue) comparison"),
        ]
        if b.engineVersion != c.engineVersion {
            rows.append(KeyValue("note", "the engine version changed, so curves may move on purpose: review them, then bless"))
        }
        rows.append(KeyValue("accept the current values", entry.blessCommand))
        return rows
    }

    /// The tolerance of every quantity the study checks, as the rule reads it.
    func toleranceRows(_ c: BaselineComparison) -> [KeyValue] {
        var seen: [String: String] = [:]
        for p in c.points {
            let key: Tolerances.Key
            switch p.kind {
            case .probe: key = .probe(p.name)
            case .curve, .final: key = p.name == "steps" ? .steps : Metric(rawValue: p.name).map { .metric($0) } ?? .probe(p.name)
            }
            seen[p.kind == .probe ? "probe \(p.name)" : p.name] = c.tolerances.tolerance(for: key).formula
        }
        return seen.keys.sorted().map { KeyValue($0, seen[$0]!) }
    }

    /// Text shown as Markdown without being read as Markdown (level labels, claim texts).
    static func escapeMarkdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>#|".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
