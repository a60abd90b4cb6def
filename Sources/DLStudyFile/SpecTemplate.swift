import DLCore
import Foundation

/// Run specs written in YAML and decoded through RunSpec's own Codable (so the study file and
/// `dlstudy train`'s JSON have one source of truth), with decoding errors mapped back to the
/// line of the field at fault.
enum SpecTemplate {
    /// `override` merged onto `base`: mappings field by field, recursively; anything else (a
    /// list, a number) replaces the base's value. A mapping with a `type` or `kind` key replaces
    /// the base's mapping whole, so switching SGD for Adam does not carry SGD's fields over.
    static func merge(_ base: Any, _ override: Any) -> Any {
        guard var b = base as? [String: Any], let o = override as? [String: Any] else { return override }
        for key in ["type", "kind"] {
            if let t = o[key] as? String, let u = b[key] as? String, t != u { return o }
        }
        for (k, v) in o { b[k] = b[k].map { merge($0, v) } ?? v }
        return b
    }

    /// `value` set at a dotted path of `json` (`optimizer.momentum`; a number indexes a list:
    /// `model.layers.0.out`), creating mappings on the way. Nil when the path runs into a value
    /// that is neither a mapping nor a list it can index.
    static func setting(_ value: Any, at path: [String], in json: Any) -> Any? {
        guard let head = path.first else { return value }
        let rest = Array(path.dropFirst())
        if var list = json as? [Any], let i = Int(head), list.indices.contains(i) {
            guard let inner = setting(value, at: rest, in: list[i]) else { return nil }
            list[i] = inner
            return list
        }
        guard var map = (json as? [String: Any]) ?? (json is NSNull ? [:] : nil) else { return nil }
        guard let inner = setting(value, at: rest, in: map[head] ?? [String: Any]()) else { return nil }
        map[head] = inner
        return map
    }

    /// Decodes `json` as a run spec. A problem is reported at the first of `nodes` (most specific
    /// first: a level's overrides, then the base) that spells out the field at fault.
    ///
    /// `varied` is the field a `vary: {field: …}` sets and the nodes of its path and value: a
    /// problem in that field is reported at the value (or at the path, for an unknown field).
    static func decode(_ json: Any, what: String, nodes: [Located], varied: (path: String, field: Located, value: Located)? = nil) throws -> RunSpec {
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) } catch {
            throw nodes[0].error("\(what) cannot be written as JSON (\(error.localizedDescription))", fix: "use mappings, lists, numbers, strings and booleans only")
        }
        do { return try RunSpec.decode(data, fileName: what) } catch let e as SpecError {
            // The field at fault: SpecError's, or the one its problem quotes ("wrong type at
            // 'optimizer.lr'", "missing field 'batchSize'").
            var field = e.field == what ? "" : e.field
            var quotesItsField = false
            if field.isEmpty, let quoted = quotedPath(in: e.problem) { (field, quotesItsField) = (quoted, true) }
            if e.problem.hasPrefix("missing field"), let typo = misspelt(field, in: nodes) {
                throw typo.node.error("unknown run-spec field '\(typo.key)' in the \(what) ('\(field)' is missing)",
                                      fix: "did you mean '\(field.split(separator: ".").last ?? "")'?")
            }
            var at = place(of: field, in: nodes)
            if let varied, field == varied.path || field.hasPrefix(varied.path + ".") || field.hasPrefix(varied.path + "[") {
                at = e.problem.hasPrefix("unknown field") ? varied.field : varied.value
            }
            let problem = e.problem.hasPrefix("unknown field") ? "unknown run-spec field '\(field)' in the \(what)"
                : field.isEmpty || quotesItsField ? "\(what): \(e.problem)" : "\(what), field '\(field)': \(e.problem)"
            throw at.error(problem, fix: e.fix)
        } catch {
            throw nodes[0].error("\(what): \(error)", fix: "see docs/runspec.md")
        }
    }

    /// The path in "at 'a.b'" or "missing field 'a.b'".
    static func quotedPath(in problem: String) -> String? {
        for marker in ["at '", "missing field '"] {
            guard let r = problem.range(of: marker), let end = problem[r.upperBound...].firstIndex(of: "'") else { continue }
            return String(problem[r.upperBound..<end])
        }
        return nil
    }

    /// A top-level key that looks like a misspelling of the missing top-level `field`
    /// (`batchSiz` for `batchSize`).
    static func misspelt(_ field: String, in nodes: [Located]) -> (key: String, node: Located)? {
        guard !field.isEmpty, !field.contains(".") else { return nil }
        for node in nodes {
            guard case .mapping(let m) = node.node else { continue }
            for (k, _) in m {
                guard let text = k.scalar?.string, text != field, closest(text, [field]) != nil else { continue }
                return (text, Located(node: k, file: node.file))
            }
        }
        return nil
    }

    /// The node that spells out `field` (or its nearest parent) in the most specific of `nodes`.
    static func place(of field: String, in nodes: [Located]) -> Located {
        guard !field.isEmpty else { return nodes[0] }
        for node in nodes {
            let found = node.deepest(field)
            if found.line != node.line || found.column != node.column { return found }
        }
        return nodes[0]
    }
}
