import Foundation

/// Where a JSON text stops being JSON, as line and column. `JSONDecoder` on Linux only says "The
/// given data was not valid JSON"; `JSONSerialization` names a character offset, which this turns
/// into a position a person can find, with the offending line.
public struct JSONSyntaxError: CustomStringConvertible, Equatable, Sendable {
    public let message: String
    /// 1-based.
    public let line: Int
    /// 1-based, in characters.
    public let column: Int
    public let lineText: String

    public var description: String {
        "\(message) at line \(line), column \(column): \(lineText.trimmingCharacters(in: .whitespaces))"
    }

    /// The parser's complaint in short: "invalid value at line 3, column 7", or the bare message
    /// ("unexpected end of file during JSON parse") when it names no position; nil when `data` parses.
    public static func describe(_ data: Data) -> String? {
        if let located = locate(in: data) { return "\(located.message) at line \(located.line), column \(located.column)" }
        guard var message = parserMessage(data) else { return nil }
        if message.hasSuffix(".") { message.removeLast() }
        return message.prefix(1).lowercased() + message.dropFirst()
    }

    private static func parserMessage(_ data: Data) -> String? {
        do { _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]); return nil } catch {
            return ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        }
    }

    /// Nil when `data` parses (the problem is elsewhere) or the parser names no position.
    public static func locate(in data: Data) -> JSONSyntaxError? {
        guard let message = parserMessage(data) else { return nil }
        guard let range = message.range(of: #"character (\d+)"#, options: .regularExpression),
              let offset = Int(message[range].dropFirst("character ".count)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let characters = Array(text)
        let upTo = min(max(offset, 0), characters.count)
        let before = characters[..<upTo]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let lineEnd = characters[upTo...].firstIndex(of: "\n") ?? characters.count
        let reason = message.replacingOccurrences(of: #"\s*around character \d+\.?"#, with: "", options: .regularExpression)
        return JSONSyntaxError(message: reason.isEmpty ? "invalid JSON" : reason.prefix(1).lowercased() + reason.dropFirst(),
                               line: line, column: upTo - lineStart + 1, lineText: String(characters[lineStart..<lineEnd]))
    }
}
