import DLFiles
import DLCore
import DLReport
import Foundation

extension ReportBuilder {
    /// Writes every curve as CSV and JSON, and every run's spec as JSON that `dlstudy train`
    /// replays, in a readable tree (`runs/<experiment>/<level>/seed-<s>.json`), and lists them.
    func dataBlocks() throws -> [ReportBlock] {
        var curveLinks: [Link] = []
        var specLinks: [Link] = []
        for exp in study.experiments(for: results.profile) {
            guard let r = results[exp.id] else { continue }
            let baseRel = "runs/\(safe(exp.id))/base.json"
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(baseRel).deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(exp.base.prettyJSON, to: folder.appendingPathComponent(baseRel))
            specLinks.append(Link("\(exp.id) · base spec (what the run table's settings differ from)", href: baseRel))
            var csv = "experiment,level,seed,status," + MetricsColumns.header + "\n"
            for cell in r.cells {
                for seed in cell.seeds {
                    let record = cell.runs[seed]!
                    for m in record.epochs {
                        csv += "\(csvField(exp.id)),\(csvField(cell.label)),\(seed),\(record.status.rawValue),\(MetricsColumns.row(m))\n"
                    }
                    let rel = "runs/\(safe(exp.id))/\(safe(cell.label))/seed-\(seed).json"
                    let url = folder.appendingPathComponent(rel)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    // The planned spec: a staged run's carries its `start` (the upstream run's key).
                    let spec = results.planned.job(exp.id, level: cell.label, seed: seed)?.spec ?? exp.spec(cell.cell, seed: seed)
                    try AtomicFile.write(spec.prettyJSON, to: url)
                    specLinks.append(Link("\(exp.id) · \(cell.label) · seed \(seed) (\(record.status.rawValue))", href: rel))
                }
            }
            let csvRel = "data/\(safe(exp.id))-curves.csv"
            try AtomicFile.write(csv, to: folder.appendingPathComponent(csvRel))
            curveLinks.append(Link("\(exp.id): every curve, every seed (CSV)", href: csvRel))
        }
        curveLinks.append(Link("summary.json: levels, final metrics, probes and verdicts", href: "summary.json"))
        return [
            .heading(text: "Every run: data and specs", level: 2),
            .markdown("Every number on this page comes from the runs below. Each run spec replays with `dlstudy train runs/…/seed-N.json`; the same spec gives the same bits."
                      + (results.planned.jobs.contains { $0.spec.start != nil }
                         ? " A staged run (one whose spec has a `start`) reads the run it starts from in the study's cache: add `--cache <output>/.cache/runs`." : "")),
        ] + (runTable().map { [.runTable($0)] } ?? []) + [
            .links(summary: "Curves and summary (\(curveLinks.count) files)", items: curveLinks),
            .links(summary: "Run specs (\(specLinks.count) runs)", items: specLinks),
        ]
    }

    func safe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || "-_.=".contains($0) ? $0 : "_" })
    }

    func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
