import DLStudy
import Foundation

/// Markdown with placeholders for measured values, filled in from the results when the report is
/// written. A placeholder is `{{WHAT ARGUMENTS… [FORMAT]}}`:
///
/// - `{{mean LEVEL QUANTITY [FORMAT]}}`: the mean over seeds of QUANTITY at LEVEL;
/// - `{{sd LEVEL QUANTITY [FORMAT]}}`: its standard deviation over seeds;
/// - `{{diff A B QUANTITY [FORMAT]}}`: mean at A minus mean at B;
/// - `{{ratio A B QUANTITY}}`: mean at A over mean at B ("2.4×");
/// - `{{verdict N}}`: the verdict of the file's N-th claim (supported, contradicted, inconclusive);
/// - `{{seeds}}`: the number of seeds.
///
/// A level with spaces or `=` is quoted: `{{mean "lr=0.3" final.test_accuracy percent}}`. FORMAT
/// is `number` (the default: 3 significant digits), `percent`, `points`, `ratio`, `plain` (as
/// written, `%g`) or `scientific`.
struct ProseTemplate {
    enum Piece {
        case text(String)
        case value(Placeholder)
    }

    enum Placeholder {
        case mean(String, Quantity, Format)
        case sd(String, Quantity, Format)
        case diff(String, String, Quantity, Format)
        case ratio(String, String, Quantity)
        case verdict(Int)
        case seeds
    }

    enum Format: String, CaseIterable {
        case number, percent, points, ratio, plain, scientific
        func apply(_ x: Double) -> String {
            switch self {
            case .number: return DLStudy.Format.number(x)
            case .percent: return DLStudy.Format.percent(x)
            case .points: return DLStudy.Format.points(x)
            case .ratio: return DLStudy.Format.ratio(x)
            case .plain: return x.isFinite ? DLStudy.Format.plain(x) : DLStudy.Format.number(x)
            case .scientific: return DLStudy.Format.scientific(x)
            }
        }
    }

    static let kinds = ["mean", "sd", "diff", "ratio", "verdict", "seeds"]

    let pieces: [Piece]

    /// Parses `node`'s text. `levels` are the experiment's labels, `claims` the number of claims
    /// in the file, `source` the file's text (to name each placeholder's own line).
    init(_ node: Located, levels: [String], claims: Int, source: [Substring]) throws {
        let text = try node.text("prose", example: "a Markdown paragraph")
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            pieces.append(.text(String(rest[..<open.lowerBound])))
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw Self.locate("{{", in: node, source: source).error("a placeholder opened with {{ is never closed", fix: "end it with }}")
            }
            let raw = String(rest[open.lowerBound..<close.upperBound])
            let at = Self.locate(raw, in: node, source: source)
            pieces.append(.value(try Self.placeholder(String(rest[open.upperBound..<close.lowerBound]), at: at, levels: levels, claims: claims)))
            rest = rest[close.upperBound...]
        }
        pieces.append(.text(String(rest)))
        self.pieces = pieces
    }

    /// The text with every placeholder filled from `results` of `experiment`.
    func render(_ results: StudyResults, experiment: ExperimentHandle, claims: [Claim], seeds: Int) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let t): return t
            case .value(let p):
                switch p {
                case .mean(let l, let q, let f): return f.apply(results.mean(experiment.level(l), q))
                case .sd(let l, let q, let f): return f.apply(results.summary(experiment.level(l), q)?.sd ?? .nan)
                case .diff(let a, let b, let q, let f):
                    return f.apply(results.mean(experiment.level(a), q) - results.mean(experiment.level(b), q))
                case .ratio(let a, let b, let q): return Format.ratio.apply(results.mean(experiment.level(a), q) / results.mean(experiment.level(b), q))
                case .verdict(let n): return results.outcome(claims[n - 1]).verdict.rawValue
                case .seeds: return "\(seeds)"
                }
            }
        }.joined()
    }

    /// Splits a placeholder's inside into words; double quotes keep spaces inside a word.
    static func words(_ s: String) -> [String]? {
        var words: [String] = [], current = "", quoted = false, any = false
        for c in s {
            if c == "\"" { quoted.toggle(); any = true; continue }
            if c.isWhitespace && !quoted {
                if any || !current.isEmpty { words.append(current) }
                current = ""; any = false
            } else { current.append(c) }
        }
        if quoted { return nil }
        if any || !current.isEmpty { words.append(current) }
        return words
    }

    static func placeholder(_ inside: String, at: Located.Place, levels: [String], claims: Int) throws -> Placeholder {
        let usage = "write {{mean LEVEL QUANTITY [FORMAT]}}, {{sd LEVEL QUANTITY [FORMAT]}}, {{diff A B QUANTITY [FORMAT]}}, {{ratio A B QUANTITY}}, {{verdict N}} or {{seeds}} (docs/studies.md)"
        guard let w = words(inside) else { throw at.error("a quote in {{\(inside)}} is never closed", fix: "close it with \"") }
        guard let kind = w.first else { throw at.error("empty placeholder {{}}", fix: usage) }
        guard kinds.contains(kind) else {
            let hint = closest(kind, kinds).map { "did you mean '\($0)'? " } ?? ""
            throw at.error("unknown placeholder '\(kind)'", fix: hint + usage)
        }
        func level(_ l: String) throws -> String {
            guard levels.contains(l) else {
                throw at.error("placeholder {{\(inside)}} names level '\(l)', which the study does not have",
                               fix: "levels: \(levels.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            return l
        }
        func quantity(_ q: String) throws -> Quantity {
            switch QuantityName.parse(q) {
            case .success(let x): return x
            case .failure(let p): throw at.error("in placeholder {{\(inside)}}: \(p.problem)", fix: p.fix)
            }
        }
        func format(_ f: String?) throws -> Format {
            guard let f else { return .number }
            guard let format = Format(rawValue: f) else {
                throw at.error("unknown format '\(f)' in {{\(inside)}}", fix: "use one of \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return format
        }
        func arity(_ range: ClosedRange<Int>, _ shape: String) throws {
            guard range.contains(w.count - 1) else { throw at.error("{{\(inside)}} has \(w.count - 1) argument(s)", fix: "write \(shape)") }
        }
        switch kind {
        case "mean", "sd":
            try arity(2...3, "{{\(kind) LEVEL QUANTITY [FORMAT]}}")
            let (l, q, f) = (try level(w[1]), try quantity(w[2]), try format(w.count > 3 ? w[3] : nil))
            return kind == "mean" ? .mean(l, q, f) : .sd(l, q, f)
        case "diff":
            try arity(3...4, "{{diff A B QUANTITY [FORMAT]}}")
            return .diff(try level(w[1]), try level(w[2]), try quantity(w[3]), try format(w.count > 4 ? w[4] : nil))
        case "ratio":
            try arity(3...3, "{{ratio A B QUANTITY}}")
            return .ratio(try level(w[1]), try level(w[2]), try quantity(w[3]))
        case "verdict":
            try arity(1...1, "{{verdict N}}, N counting the claims from 1")
            guard let n = Int(w[1]), (1...max(claims, 1)).contains(n), claims > 0 else {
                throw at.error("{{\(inside)}} names claim \(w[1]), but the file has \(claims) claim(s)", fix: "N counts the claims from 1 in file order")
            }
            return .verdict(n)
        default:
            try arity(0...0, "{{seeds}}")
            return .seeds
        }
    }

    /// Where `raw` stands in the file: the first line at or after the prose node's own line that
    /// contains it (block scalars start on the next line; folded text loses its newlines, so the
    /// search is by text, not by counting).
    static func locate(_ raw: String, in node: Located, source: [Substring]) -> Located.Place {
        let first = max(node.line, 1)
        for i in (first - 1)..<source.count {
            if let r = source[i].range(of: raw) {
                return Located.Place(file: node.file, line: i + 1, column: source[i].distance(from: source[i].startIndex, to: r.lowerBound) + 1)
            }
        }
        return Located.Place(file: node.file, line: node.line, column: node.column)
    }
}

extension Located {
    /// A place in the file that is not a node (a placeholder inside a prose string).
    struct Place {
        let file: String, line: Int, column: Int
        func error(_ problem: String, fix: String) -> StudyFileError {
            StudyFileError(file: file, line: line, column: column, problem: problem, fix: fix)
        }
    }
}
