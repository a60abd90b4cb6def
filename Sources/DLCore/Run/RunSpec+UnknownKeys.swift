import Foundation

extension RunSpec {
    /// Keys in a spec's JSON that the format does not know, as paths (`optimizer.momentun`),
    /// each with the closest known key when one is near.
    ///
    /// Decoding ignores unknown keys, so without this check a typo such as `"batchsize"` would
    /// silently fall back to a default. The known keys are read off the spec itself: it is
    /// re-encoded (every field spelled out) and every object of the input is compared with the
    /// object at the same place in the encoding. Where the two differ in shape (a data set named
    /// by a string in the input, an object in the encoding) nothing is compared; keys whose
    /// value is `null` are allowed, and so is an empty `hooks` list (which the encoding leaves
    /// out).
    public func unknownKeys(in json: Data) -> [(path: String, suggestion: String?)] {
        guard let input = try? JSONSerialization.jsonObject(with: json),
              let known = try? JSONSerialization.jsonObject(with: prettyJSON) else { return [] }
        var found: [(String, String?)] = []
        func walk(_ a: Any, _ b: Any, _ path: String) {
            if let a = a as? [String: Any], let b = b as? [String: Any] {
                for (key, value) in a.sorted(by: { $0.key < $1.key }) {
                    let here = path.isEmpty ? key : "\(path).\(key)"
                    if let counterpart = b[key] {
                        walk(value, counterpart, here)
                    } else if !(value is NSNull) && !(path.isEmpty && Self.omittedWhenEmpty.contains(key) && (value as? [Any])?.isEmpty == true) {
                        found.append((here, Suggestion.closest(to: key, in: b.keys.sorted(), maxDistance: 3)))
                    }
                }
            } else if let a = a as? [Any], let b = b as? [Any], a.count == b.count {
                for (i, (x, y)) in zip(a, b).enumerated() { walk(x, y, "\(path)[\(i)]") }
            }
        }
        walk(input, known, "")
        return found
    }

    /// Top-level keys the encoding leaves out when their list is empty.
    static let omittedWhenEmpty: Set<String> = ["hooks"]
}
