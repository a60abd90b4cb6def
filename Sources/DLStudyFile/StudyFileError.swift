import DLCore
import Foundation
import Yams

/// A study file that cannot be used: the file, the line and column, what is wrong and how to fix
/// it — `momentum.yaml, line 12, column 5: unknown metric 'test_acc'; known: …`.
public struct StudyFileError: Error, CustomStringConvertible, Equatable {
    public let file: String
    /// 1-based; 0 when the problem has no place in the file (it cannot be read).
    public let line: Int
    public let column: Int
    public let problem: String
    public let fix: String

    public init(file: String, line: Int, column: Int, problem: String, fix: String) {
        self.file = file; self.line = line; self.column = column; self.problem = problem; self.fix = fix
    }

    public var description: String {
        (line > 0 ? "\(file), line \(line), column \(column): " : "\(file): ") + problem + (fix.isEmpty ? "" : "; \(fix)")
    }
}

/// A YAML node of a study file with the file it came from, for reading values with errors that
/// name the node's line.
struct Located {
    let node: Node
    let file: String

    var line: Int { node.mark?.line ?? 0 }
    var column: Int { node.mark?.column ?? 0 }

    func error(_ problem: String, fix: String) -> StudyFileError {
        StudyFileError(file: file, line: line, column: column, problem: problem, fix: fix)
    }

    /// What the node is, in words, for "must be a list, not a mapping".
    var kind: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if s.string.isEmpty && s.style == .plain { return "empty" }
            return "'\(s.string)'"
        }
    }

    /// The entries of a mapping, in file order, each key checked against `known` (an unknown key
    /// names its line and the closest known key); a key given twice is an error.
    func mapping(_ what: String, known: [String], example: String) throws -> [(key: String, keyNode: Located, value: Located)] {
        guard case .mapping(let m) = node else { throw error("\(what) must be a mapping, not \(kind)", fix: "write it as \(example)") }
        var seen = Set<String>()
        var out: [(key: String, keyNode: Located, value: Located)] = []
        for (k, v) in m {
            let key = Located(node: k, file: file)
            guard case .scalar(let s) = k else { throw key.error("a key of \(what) must be a name, not \(key.kind)", fix: "write key: value") }
            guard known.contains(s.string) else {
                let hint = closest(s.string, known).map { "did you mean '\($0)'? " } ?? ""
                throw key.error("unknown key '\(s.string)' in \(what)", fix: "\(hint)known keys: \(known.joined(separator: ", "))")
            }
            guard seen.insert(s.string).inserted else { throw key.error("key '\(s.string)' appears twice in \(what)", fix: "keep one of the two") }
            out.append((key: s.string, keyNode: key, value: Located(node: v, file: file)))
        }
        return out
    }

    func list(_ what: String, example: String) throws -> [Located] {
        guard case .sequence(let s) = node else { throw error("\(what) must be a list, not \(kind)", fix: "write it as \(example)") }
        return s.map { Located(node: $0, file: file) }
    }

    /// A scalar's text (a string, or a number as written).
    func text(_ what: String, example: String) throws -> String {
        guard case .scalar(let s) = node, !(s.string.isEmpty && s.style == .plain) else {
            throw error("\(what) must be a single value, not \(kind)", fix: "write it as \(example)")
        }
        return s.string
    }

    func int(_ what: String, range: ClosedRange<Int>, example: String) throws -> Int {
        guard case .scalar = node, let n = node.int, range.contains(n) else {
            throw error("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(kind)", fix: "write it as \(example)")
        }
        return n
    }

    func bool(_ what: String) throws -> Bool {
        guard case .scalar = node, let b = node.bool else { throw error("\(what) must be true or false, not \(kind)", fix: "write true or false") }
        return b
    }

    func double(_ what: String, example: String) throws -> Double {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any, let x = node.float else {
            throw error("\(what) must be a number, not \(kind)", fix: "write it as \(example)")
        }
        return x
    }

    /// The node as JSON-compatible Foundation values (for decoding through RunSpec's Codable):
    /// mappings, lists, numbers, strings, booleans, null.
    func json() throws -> Any {
        switch node {
        case .mapping(let m):
            var out: [String: Any] = [:]
            for (k, v) in m {
                let key = Located(node: k, file: file)
                guard case .scalar(let s) = k else { throw key.error("a key must be a name, not \(key.kind)", fix: "write key: value") }
                guard out[s.string] == nil else { throw key.error("key '\(s.string)' appears twice", fix: "keep one of the two") }
                out[s.string] = try Located(node: v, file: file).json()
            }
            return out
        case .sequence(let s): return try s.map { try Located(node: $0, file: file).json() }
        case .alias: throw error("aliases are not supported in study files", fix: "write the value out")
        case .scalar(let s):
            // A quoted scalar is a string; an unquoted one is null, a boolean or a number when it
            // reads as one (YAML's core schema), else a string.
            guard s.style == .plain || s.style == .any else { return s.string }
            if node.null != nil { return NSNull() }
            if let b = node.bool { return b }
            if let n = node.int { return NSNumber(value: n) }
            if let x = node.float {
                guard x.isFinite else { throw error("\(s.string) is not a finite number", fix: "write a finite number") }
                return NSNumber(value: x)
            }
            return s.string
        }
    }

    /// Where the file spells a dotted path of mapping keys (`optimizer.lr`,
    /// `model.layers[0].out`): the key of its last component, or of the deepest parent the file
    /// spells out; the node itself when the file spells none of it.
    func deepest(_ path: String) -> Located {
        var value = node
        var spelt = self
        for part in path.split(separator: ".") {
            var name = Substring(part), indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"), let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(i, at: 0)
                name = name[..<open]
            }
            guard case .mapping(let m) = value, let entry = m.first(where: { $0.key.scalar?.string == String(name) }) else { return spelt }
            spelt = Located(node: entry.key, file: file)
            value = entry.value
            for i in indices {
                guard case .sequence(let s) = value, s.indices.contains(i) else { return spelt }
                value = s[i]
                spelt = Located(node: value, file: file)
            }
        }
        return spelt
    }
}

/// The closest known name to a typo (within a third of its length in edits, at least 2).
func closest(_ name: String, _ known: [String]) -> String? {
    if let near = Suggestion.closest(to: name, in: known, maxDistance: max(2, name.count / 3)) { return near }
    // A shortened name: `test_acc` for `test_accuracy`.
    let longer = known.filter { $0.hasPrefix(name) }
    return name.count >= 3 && longer.count == 1 ? longer[0] : nil
}
