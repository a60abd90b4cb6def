import Foundation

/// A check that a text is JSON as RFC 8259 defines it, before a decoder reads it.
///
/// Foundation's parser on Linux accepts more than JSON (trailing commas) and lets a duplicate
/// key silently win or lose; a spec or baseline with either is a mistake its author wants to
/// hear about. This scanner accepts exactly RFC 8259 and reports the first problem with its line,
/// column and key path: a trailing comma, a duplicate key (with the line of the first one), a
/// number too large for a double (`1e400`), a control character in a string, nesting deeper than
/// `maxDepth`. It builds nothing; decoding is left to `JSONDecoder`.
public enum StrictJSON {
    public struct Problem: Error, CustomStringConvertible, Equatable, Sendable {
        public var message: String
        /// 1-based.
        public var line: Int
        /// 1-based, in bytes.
        public var column: Int
        /// Where in the document: `optimizer.lr`, `levels[2]`; empty at the top.
        public var path: String

        public var description: String {
            "\(message) at line \(line), column \(column)" + (path.isEmpty ? "" : " (in '\(path)')")
        }
    }

    public static let maxDepth = 256

    /// Throws the first way `bytes` is not strict JSON.
    public static func validate<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        var scanner = Scanner(bytes: Array(bytes))
        try scanner.document()
    }

    /// A number as written in the document: where, and its text.
    public struct NumberToken: Equatable, Sendable {
        public var path: String
        public var range: Range<Int>
        public var text: String
    }

    /// Every number of a valid document, in document order.
    public static func numbers<Bytes: Collection>(in bytes: Bytes) throws -> [NumberToken] where Bytes.Element == UInt8 {
        var scanner = Scanner(bytes: Array(bytes))
        try scanner.document()
        return scanner.numbers
    }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var path: [String] = []
        var numbers: [NumberToken] = []

        /// Offsets where lines start, for positions in O(log n): a document with many keys
        /// asks for a line per key (found quadratic by FuzzRunSpec).
        let lineStarts: [Int]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            var starts = [0]
            for (k, b) in bytes.enumerated() where b == 0x0A { starts.append(k + 1) }
            lineStarts = starts
        }

        mutating func document() throws {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            skipSpace()
            guard i < bytes.count else { throw problem("empty document: expected a JSON value") }
            try value(depth: 0)
            skipSpace()
            if i < bytes.count { throw problem("unexpected '\(character(at: i))' after the end of the JSON value") }
        }

        mutating func value(depth: Int) throws {
            guard depth < StrictJSON.maxDepth else { throw problem("nested deeper than \(StrictJSON.maxDepth) levels") }
            guard i < bytes.count else { throw problem("unexpected end of the file: expected a value") }
            switch bytes[i] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: throw problem("unexpected '\(character(at: i))': expected a value (object, array, string, number, true, false or null)")
            }
        }

        mutating func object(depth: Int) throws {
            i += 1
            var seen: [String: Int] = [:]
            skipSpace()
            if peek("}") { i += 1; return }
            while true {
                skipSpace()
                guard peek("\"") else {
                    if peek("}") { throw problem("trailing comma before '}' (JSON allows none)") }
                    throw problem("expected a key in double quotes")
                }
                let keyStart = i
                let keyLine = lineColumn(i).line
                let key = try string()
                if let first = seen[key] {
                    throw problem("duplicate key '\(key)' (also at line \(first))", at: keyStart)
                }
                seen[key] = keyLine
                skipSpace()
                guard peek(":") else { throw problem("expected ':' after the key '\(key)'") }
                i += 1
                skipSpace()
                path.append(key)
                try value(depth: depth + 1)
                path.removeLast()
                skipSpace()
                if peek(",") { i += 1; continue }
                if peek("}") { i += 1; return }
                throw problem(i < bytes.count ? "expected ',' or '}' after a value in an object" : "unexpected end of the file: an object is not closed")
            }
        }

        mutating func array(depth: Int) throws {
            i += 1
            skipSpace()
            if peek("]") { i += 1; return }
            var index = 0
            while true {
                skipSpace()
                if peek("]") { throw problem("trailing comma before ']' (JSON allows none)") }
                path.append("[\(index)]")
                try value(depth: depth + 1)
                path.removeLast()
                skipSpace()
                if peek(",") { i += 1; index += 1; continue }
                if peek("]") { i += 1; return }
                throw problem(i < bytes.count ? "expected ',' or ']' after a value in an array" : "unexpected end of the file: an array is not closed")
            }
        }

        /// A string from its opening quote; returns its raw text (escapes kept as written except
        /// `\"` and `\\`, enough to compare keys).
        mutating func string() throws -> String {
            let start = i
            i += 1
            var raw: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    i += 1
                    return String(decoding: raw, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i + 1 < bytes.count else { throw problem("unexpected end of the file: a string is not closed", at: start) }
                    let e = bytes[i + 1]
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                        raw.append(e); i += 2
                    case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        raw.append(b); raw.append(e); i += 2
                    case UInt8(ascii: "u"):
                        guard i + 5 < bytes.count, bytes[(i + 2)...(i + 5)].allSatisfy(isHexDigit) else {
                            throw problem("'\\u' must be followed by four hex digits")
                        }
                        raw.append(contentsOf: bytes[i...(i + 5)]); i += 6
                    default:
                        throw problem("invalid escape '\\\(character(at: i + 1))' in a string")
                    }
                case 0..<0x20:
                    throw problem("a control character (code \(b)) inside a string; write it escaped, e.g. \\n")
                default:
                    raw.append(b); i += 1
                }
            }
            throw problem("unexpected end of the file: a string is not closed", at: start)
        }

        mutating func number() throws {
            let start = i
            if peek("-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw problem("a number needs digits after '-'") }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
                if i < bytes.count, isDigit(bytes[i]) { throw problem("a number cannot start with 0 (leading zeros are not JSON)", at: start) }
            } else {
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if peek(".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw problem("a number needs digits after '.'") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if peek("+") || peek("-") { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { throw problem("a number needs digits in its exponent") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let x = Double(text), !x.isFinite {
                throw problem("the number \(text) is out of range (the largest is about 1.8e308)", at: start)
            }
            numbers.append(NumberToken(path: pathText, range: start..<i, text: text))
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard bytes.count - i >= w.count, Array(bytes[i..<(i + w.count)]) == w else {
                throw problem("unexpected '\(character(at: i))': expected a value (strings need double quotes)")
            }
            i += w.count
        }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        func peek(_ c: Unicode.Scalar) -> Bool { i < bytes.count && bytes[i] == UInt8(ascii: c) }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }

        func character(at index: Int) -> String {
            guard index < bytes.count else { return "end of file" }
            let b = bytes[index]
            return b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : String(format: "byte 0x%02X", b)
        }

        var pathText: String {
            path.reduce(into: "") { text, part in text += part.hasPrefix("[") || text.isEmpty ? part : "." + part }
        }

        func lineColumn(_ index: Int) -> (line: Int, column: Int) {
            // The last line start ≤ index.
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= index { low = mid } else { high = mid - 1 }
            }
            return (low + 1, index - lineStarts[low] + 1)
        }

        func problem(_ message: String, at index: Int? = nil) -> Problem {
            let (line, column) = lineColumn(index ?? i)
            return Problem(message: message, line: line, column: column, path: pathText)
        }
    }
}
