import DLCore
import DLFiles
import DLPlot
import DLReport
import Foundation

/// Turns a study's results into a report document and writes everything beside the page:
/// figures (PNG, PDF, SVG), curve data (CSV, JSON), per-run specs, and `summary.json`.
public struct ReportBuilder {
    public let study: Study
    public let results: StudyResults
    public let missing: [RunJob]
    public let folder: URL
    public var environment: RunEnvironment

    public init(study: Study, results: StudyResults, missing: [RunJob], folder: URL, environment: RunEnvironment) {
        self.study = study; self.results = results; self.missing = missing; self.folder = folder
        self.environment = environment
    }

    /// Writes the whole report folder and returns the document it rendered.
    @discardableResult
    public func write() throws -> ReportDocument {
        let fm = FileManager.default
        for sub in ["figures", "data", "runs"] {
            try fm.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var blocks: [ReportBlock] = []
        var figureNumber = 0, tableNumber = 0
        var outcomes: [ClaimOutcome] = []
        if !missing.isEmpty {
            blocks.append(.note("\(missing.count) of \(study.plan(profile: results.profile).count) runs have no record yet, so this report is incomplete. Run `dlstudy run \(study.name)` (or the missing shards) and then `dlstudy report \(study.name)`."))
        }
        if missing.isEmpty && !results.missingDerived.isEmpty {
            blocks.append(.note("\(results.missingDerived.count) measurement(s) made from the runs' weights or data (e.g. \(results.missingDerived[0].name)) are not computed yet, so parts of this report are empty. Run `dlstudy run \(study.name)` to compute them; the runs themselves are cached."))
        }
        for block in study.blocks(for: results.profile) {
            switch block {
            case .heading(let text, let level):
                blocks.append(.heading(text: text, level: level))
            case .prose(let prose):
                blocks.append(.markdown(prose.text(results)))
            case .experiment(let exp) where exp.showsSetup:
                blocks.append(contentsOf: setupBlocks(exp))
            case .experiment:
                break
            case .figure(let fig):
                figureNumber += 1
                blocks.append(.figure(try writeFigure(fig, number: figureNumber)))
            case .table(let table):
                tableNumber += 1
                blocks.append(.table(makeTable(table, number: tableNumber)))
            case .claim(let claim):
                let outcome = claim.evaluate(results)
                outcomes.append(outcome)
                blocks.append(.claim(reportClaim(outcome)))
            case .derived:
                break
            }
        }
        blocks.append(contentsOf: try dataBlocks())
        let document = ReportDocument(name: study.name, title: study.title, question: study.question, blocks: blocks,
                                      footer: ReproducibilityFooter(rows: environment.rows(results: results)))
        try ReportWriter.writeReport(document, to: folder)
        try StudySummary(study: study, results: results, outcomes: outcomes, environment: environment)
            .write(to: folder.appendingPathComponent("summary.json"))
        return document
    }

    // MARK: Figures

    func writeFigure(_ block: FigureBlock, number: Int) throws -> ReportFigure {
        let figure = block.make(results)
        let base = folder.appendingPathComponent("figures/\(block.id)")
        try figure.writeAll(to: base, formats: [.png, .pdf])
        // The SVG is also put in the page (values on hover); the CSV holds every plotted value.
        let svg = try figure.render(format: .svg)
        try AtomicFile.write(svg, to: base.appendingPathExtension("svg"))
        try AtomicFile.write(figure.csv(), to: base.appendingPathExtension("csv"))
        let caption = block.caption(results)
        // Text of s points in a W-point figure shown D pixels wide is s × D / W pixels high.
        let readable = Int((10 * figure.size.width / figure.smallestTextSize()).rounded(.up))
        return ReportFigure(
            id: "fig-\(block.id)", number: number, caption: caption, inline: "figures/\(block.id).svg",
            downloads: [Link("PNG", href: "figures/\(block.id).png"), Link("PDF", href: "figures/\(block.id).pdf"),
                        Link("SVG", href: "figures/\(block.id).svg"), Link("CSV", href: "figures/\(block.id).csv")],
            alt: caption, svg: String(decoding: svg, as: UTF8.self), minWidth: readable)
    }

    // MARK: Tables

    func makeTable(_ table: TableBlock, number: Int) -> ReportTable {
        guard let exp = results[table.experiment] else {
            return ReportTable(id: "tab-\(table.id)", number: number, caption: table.caption, header: ["missing experiment \(table.experiment)"], rows: [])
        }
        let factor = exp.experiment.factors.map(\.name).joined(separator: ", ")
        var header = [factor]
        header += table.quantities.map { q in
            if q.isAccuracy, table.percentAccuracies { return "\(q.name) (%)" }
            return q.name
        }
        header.append("runs")
        var rows: [[String]] = []
        var means: [[Double?]] = []
        var partial = false
        for cell in exp.cells {
            var row = [cell.label]
            var rowMeans: [Double?] = []
            for q in table.quantities {
                let percent = q.isAccuracy && table.percentAccuracies
                if let s = cell.summary(q) {
                    let k = percent ? 100.0 : 1.0
                    // A mean over fewer seeds than the level ran (some diverged) says so in the cell.
                    let some = s.n < cell.runs.count && !cell.diverged.isEmpty ? " (\(s.n) of \(cell.runs.count))" : ""
                    partial = partial || !some.isEmpty
                    row.append((s.n > 1 ? "\(formatNumber(s.mean * k)) ± \(formatNumber(s.sd * k))" : formatNumber(s.mean * k)) + some)
                    rowMeans.append(s.mean)
                } else {
                    row.append("—")
                    rowMeans.append(nil)
                }
            }
            let unusual = Dictionary(grouping: cell.runs.values.map(\.status).filter { $0 == .diverged || $0 == .stalled }, by: { $0 })
            let notes = unusual.keys.sorted { $0.rawValue < $1.rawValue }.map { "\(unusual[$0]!.count) of \(cell.runs.count) \($0.rawValue)" }
            row.append("\(cell.runs.count)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))"))
            rows.append(row)
            means.append(rowMeans)
        }
        var best: [[Int]] = []
        for (j, q) in table.quantities.enumerated() where q.hasBest {
            let column = means.enumerated().compactMap { i, r in r[j].map { (i, $0) } }
            guard column.count > 1 else { continue }
            let pick = q.lowerIsBetter ? column.min { $0.1 < $1.1 } : column.max { $0.1 < $1.1 }
            if let pick { best.append([pick.0, j + 1]) }
        }
        let over = partial ? " “(n of N)”: the mean is over the n seeds that have a value; the others diverged (see the runs column)." : ""
        return ReportTable(id: "tab-\(table.id)", number: number, caption: table.caption + (table.quantities.contains(where: \.hasBest) ? " Mean ± sd over seeds; the best value of each metric in bold." : " Mean ± sd over seeds.") + over,
                           header: header, rows: rows, best: best, numericColumns: Array(1...(table.quantities.count + 1)))
    }

    // MARK: Claims

    func reportClaim(_ o: ClaimOutcome) -> ReportClaim {
        var details: [KeyValue] = []
        if let c = o.comparison, let av = o.claim.seedValues(results, level: o.claim.level) {
            for seed in av.keys.sorted() {
                details.append(KeyValue("seed \(seed): \(o.claim.level)", formatNumber(av[seed]!)))
            }
            var other: (label: String, values: [UInt64: Double]?)?
            if case .level(let l) = o.claim.reference { other = (l, o.claim.seedValues(results, level: l)) }
            if case .levelIn(let e, let l) = o.claim.reference { other = (l, o.claim.seedValues(results, level: l, experiment: e)) }
            if let (l, values) = other, let bv = values {
                for seed in bv.keys.sorted() { details.append(KeyValue("seed \(seed): \(l)", formatNumber(bv[seed]!))) }
            }
            if case .derived(let d) = o.claim.reference, let v = d.compute(results) {
                details.append(KeyValue(d.name, formatNumber(v)))
            }
            details.append(KeyValue("paired differences", c.differences.map { formatNumber($0) }.joined(separator: ", ")))
            if o.claim.usesPValue, let t = o.test {
                details.append(KeyValue("test", t.test.name + (t.test.margin.map { ", margin \(formatNumber($0))" } ?? "")))
                details.append(KeyValue("p (raw)", t.pValue.isNaN ? "—" : formatP(t.pValue)))
                if let family = t.family {
                    details.append(KeyValue("family", "\(family) (\(t.familySize) claims, Holm's step-down adjustment)"))
                    details.append(KeyValue("p (Holm-adjusted)", t.adjustedPValue.isNaN ? "—" : formatP(t.adjustedPValue)))
                }
            }
        }
        let verdict = ReportClaim.Verdict(rawValue: o.verdict.rawValue) ?? .inconclusive
        return ReportClaim(text: o.claim.text, verdict: verdict, evidence: o.evidence, details: details)
    }
}
