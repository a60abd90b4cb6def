import DLCore
import DLReport
import Foundation

extension ReportBuilder {
    /// The table of every run: experiment, level, seed (linking the run's spec), status, final
    /// metrics, wall time, and how the run's spec differs from its experiment's base spec
    /// (written beside it as `runs/<experiment>/base.json`).
    func runTable() -> ReportRunTable? {
        let experiments = study.experiments(for: results.profile)
        struct Row { var exp: Experiment; var cell: CellResults; var seed: UInt64; var record: RunRecord; var spec: RunSpec }
        var rows: [Row] = []
        for exp in experiments {
            guard let r = results[exp.id] else { continue }
            for cell in r.cells {
                for seed in cell.seeds {
                    let planned = results.planned.job(exp.id, level: cell.label, seed: seed)?.spec
                    rows.append(Row(exp: exp, cell: cell, seed: seed, record: cell.runs[seed]!, spec: planned ?? exp.spec(cell.cell, seed: seed)))
                }
            }
        }
        guard !rows.isEmpty else { return nil }
        let metrics: [(String, Metric)] = [("train loss", .trainLoss), ("validation loss", .validationLoss), ("test loss", .testLoss),
                                           ("train acc. %", .trainAccuracy), ("test acc. %", .testAccuracy)]
            .filter { _, m in rows.contains { $0.record.final?.value(m) != nil } }
        var columns = [ReportRunTable.Column("experiment"), ReportRunTable.Column("level"), ReportRunTable.Column("seed", numeric: true),
                       ReportRunTable.Column("status")]
        columns += metrics.map { ReportRunTable.Column($0.0, numeric: true) }
        columns += [ReportRunTable.Column("steps", numeric: true), ReportRunTable.Column("time s", numeric: true),
                    ReportRunTable.Column("settings: base → run")]
        let showExperiment = experiments.count > 1
        var body: [[ReportRunTable.Cell]] = []
        for row in rows {
            var cells: [ReportRunTable.Cell] = [
                .init(row.exp.id), .init(row.cell.label, sortValue: row.cell.cell.value),
                .init("\(row.seed)", sortValue: Double(row.seed), href: specPath(row.exp.id, row.cell.label, row.seed)),
                .init(statusText(row.record), sortValue: nil),
            ]
            for (_, m) in metrics {
                let percent = m == .trainAccuracy || m == .testAccuracy
                let v = row.record.final?.value(m)
                cells.append(.init(v.map { formatNumber(percent ? $0 * 100 : $0) } ?? "—", sortValue: v ?? .nan))
            }
            let steps = row.record.final?.step ?? row.record.epochs.last?.step
            cells.append(.init(steps.map(String.init) ?? "—", sortValue: steps.map(Double.init) ?? .nan))
            cells.append(.init(String(format: "%.2f", row.record.wallSeconds), sortValue: row.record.wallSeconds))
            let diff = Self.settingsDifference(base: row.exp.base, run: row.spec)
            cells.append(.init(diff.isEmpty ? "same as base" : diff.joined(separator: "; "), code: diff.isEmpty ? nil : diff))
            body.append(cells)
        }
        if !showExperiment {
            columns.remove(at: 0)
            body = body.map { Array($0.dropFirst()) }
        }
        let bases = experiments.map { "[`runs/\(safe($0.id))/base.json`](runs/\(safe($0.id))/base.json)" }.joined(separator: ", ")
        return ReportRunTable(
            id: "runs", caption: "Every run (\(rows.count)): click a heading to sort, a seed to open the run's spec (`dlstudy train` replays it). "
                + "Settings list each field that differs from the experiment's base spec (\(bases)), seed aside.",
            columns: columns, rows: body)
    }

    func specPath(_ experiment: String, _ level: String, _ seed: UInt64) -> String {
        "runs/\(safe(experiment))/\(safe(level))/seed-\(seed).json"
    }

    func statusText(_ record: RunRecord) -> String {
        switch record.status {
        case .diverged: return "diverged" + (record.divergedAtStep.map { " (step \($0))" } ?? "")
        case .stoppedEarly: return "stopped early" + (record.bestEpoch.map { " (best epoch \($0))" } ?? "")
        case .reachedTarget: return "reached target"
        case .completed, .stalled: return record.status.rawValue
        }
    }

    /// `field.path: base → run` for every JSON leaf that differs (the seed aside; whether weights
    /// are kept follows the experiment, not the level, so it is compared like for like). A list
    /// whose length differs (layers inserted) is shown whole, compactly, not index by index.
    static func settingsDifference(base: RunSpec, run: RunSpec) -> [String] {
        var base = base
        base.seed = run.seed
        base.record.keepWeights = run.record.keepWeights
        guard let a = try? JSONDecoder().decode(JSONValue.self, from: base.canonicalJSON),
              let b = try? JSONDecoder().decode(JSONValue.self, from: run.canonicalJSON) else { return [] }
        var out: [String] = []
        func walk(_ x: JSONValue?, _ y: JSONValue?, _ path: String) {
            switch (x, y) {
            case (.object(let p)?, .object(let q)?):
                for k in Set(p.keys).union(q.keys).sorted() { walk(p[k], q[k], path.isEmpty ? k : "\(path).\(k)") }
            case (.array(let p)?, .array(let q)?) where p.count == q.count:
                for i in p.indices { walk(p[i], q[i], "\(path)[\(i)]") }
            default:
                let l = x.map { $0.compact(top: true) } ?? "(none)", r = y.map { $0.compact(top: true) } ?? "(none)"
                if l != r { out.append("\(path): \(l) → \(r)") }
            }
        }
        walk(a, b, "")
        return out
    }

    /// Long values (a run key) shortened to their start.
    static func short(_ value: String) -> String {
        value.count > 28 ? String(value.prefix(14)) + "…" + (value.hasSuffix("\"") ? "\"" : "") : value
    }
}

/// Any JSON value, for comparing specs field by field.
enum JSONValue: Decodable {
    case object([String: JSONValue]), array([JSONValue]), string(String), number(Double), bool(Bool), null

    /// Short text: a leaf as JSON (a long string cut to its start), a list as `[a, b]`, an
    /// object as its values with `type` first (`linear 256`, `dropout 0.5`).
    func compact(top: Bool = false) -> String {
        switch self {
        case .string(let s): return top ? ReportBuilder.short("\"\(s)\"") : s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let a): return "[" + a.map { $0.compact() }.joined(separator: ", ") + "]"
        case .object(let d):
            if d.isEmpty { return "{}" }
            let keys = d.keys.sorted { ($0 == "type" ? 0 : 1, $0) < ($1 == "type" ? 0 : 1, $1) }
            let text = keys.map { d[$0]!.compact() }.joined(separator: " ")
            return top ? "{\(text)}" : text
        }
    }

    init(from decoder: Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var d: [String: JSONValue] = [:]
            for k in object.allKeys { d[k.stringValue] = try object.decode(JSONValue.self, forKey: k) }
            self = .object(d)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) } else { self = .string(try c.decode(String.self)) }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
