import Foundation

/// A number a report's prose quotes, named by where summary.json keeps it: a level's mean of a
/// final metric, a probe or a table quantity, formatted as the prose formats it.
public struct QuotedNumber: Sendable, CustomStringConvertible {
    public enum Style: Sendable { case percent, number }
    public enum Source: Sendable { case final(String), probe(String), quantity(String) }

    public let experiment: String
    public let level: String
    public let source: Source
    public let style: Style

    public init(_ experiment: String, _ level: String, _ source: Source, as style: Style) {
        (self.experiment, self.level, self.source, self.style) = (experiment, level, source, style)
    }

    /// The text the prose should contain, from summary.json; nil when summary.json has no such value.
    public func expected(in summary: StudySummary) -> String? {
        guard let lv = summary.experiments.first(where: { $0.id == experiment })?.levels.first(where: { $0.label == level }) else { return nil }
        let value: StudySummary.Value?
        switch source {
        case .final(let key): value = lv.final[key]
        case .probe(let key): value = lv.probes[key]
        case .quantity(let name): value = lv.quantities?[name]
        }
        guard let mean = value?.mean else { return nil }
        return style == .percent ? Format.percent(mean) : Format.number(mean)
    }

    public var description: String { "\(experiment)/\(level)/\(source)" }
}

/// The acceptance check of issue 13: the numbers a report's prose quotes agree with its
/// summary.json. Reads the written report folder (summary.json and index.html), so it checks
/// what a reader sees, not what the study meant to write.
public enum QuotedNumbers {
    /// The report's prose as a reader sees it: index.html without its tables, figures, scripts
    /// and styles (a number the prose gets wrong must not pass because a table has it right),
    /// tags removed, the few entities the writer emits decoded, whitespace collapsed.
    public static func visibleText(html: String) -> String {
        var text = html
        for element in ["table", "figure", "script", "style"] {
            text = text.replacingOccurrences(of: "<\(element)[\\s\\S]*?</\(element)>", with: " ", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, char) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " ")] {
            text = text.replacingOccurrences(of: entity, with: char)
        }
        return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// One line per problem: a quote summary.json has no value for, or whose value the text
    /// does not contain. Empty when every quote agrees.
    public static func problems(_ quotes: [QuotedNumber], folder: URL) throws -> [String] {
        let summary = try JSONDecoder().decode(StudySummary.self, from: Data(contentsOf: folder.appendingPathComponent("summary.json")))
        let text = visibleText(html: try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8))
        return problems(quotes, summary: summary, text: text)
    }

    public static func problems(_ quotes: [QuotedNumber], summary: StudySummary, text: String) -> [String] {
        quotes.compactMap { q in
            guard let expected = q.expected(in: summary) else { return "\(q): summary.json has no value" }
            return text.contains(expected) ? nil : "\(q): summary.json says \(expected), which the text does not quote"
        }
    }

    /// Each claim's verdict as summary.json records it, by claim text.
    public static func verdicts(folder: URL) throws -> [String: String] {
        let summary = try JSONDecoder().decode(StudySummary.self, from: Data(contentsOf: folder.appendingPathComponent("summary.json")))
        return Dictionary(summary.claims.map { ($0.text, $0.verdict) }, uniquingKeysWith: { a, _ in a })
    }
}
