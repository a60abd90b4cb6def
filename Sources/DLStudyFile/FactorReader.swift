import DLCore
import DLStudy
import Foundation

/// The `vary:` section: one run-spec field by its dotted path with a list of values, or levels
/// given as partial run specs merged onto the base.
///
/// ```yaml
/// vary: {field: optimizer.momentum, values: [0, 0.9], name: momentum}
/// vary:
///   name: optimizer
///   levels:
///     - {label: SGD, set: {optimizer: {type: sgd, lr: 0.1, momentum: 0.9}}}
///     - {label: Adam, set: {optimizer: {type: adam, lr: 0.003}}}
/// ```
struct FactorReader {
    let node: Located
    let baseJSON: Any
    let baseNodes: [Located]
    let profile: Profile

    static let keys = ["field", "values", "labels", "levels", "name"]
    /// Fields whose change alters the initial weights or the data (no common random numbers).
    static let initOrData = ["data", "model", "initialization", "initialWeights"]

    func factor() throws -> Factor {
        let entries = try node.mapping("vary", known: Self.keys, example: "{field: optimizer.lr, values: [0.01, 0.1]}")
        let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        let name = try by["name"].map { try $0.text("vary.name", example: "learning rate") }
        switch (by["field"], by["levels"]) {
        case (let field?, nil):
            guard let values = by["values"] else { throw node.error("vary names a field but no values", fix: "add values: [a, b, …]") }
            return try fieldFactor(field, values: values, labels: by["labels"], name: name)
        case (nil, let levels?):
            for key in ["values", "labels"] where by[key] != nil {
                throw by[key]!.error("'\(key)' goes with 'field', not with 'levels'", fix: "give each level its label and set instead")
            }
            return try levelFactor(levels, name: name)
        case (_?, _?):
            throw by["levels"]!.error("vary has both 'field' and 'levels'", fix: "use field + values for one field, or levels for anything else")
        case (nil, nil):
            throw node.error("vary has neither 'field' nor 'levels'", fix: "write {field: optimizer.lr, values: [0.01, 0.1]} or a list of levels")
        }
    }

    func fieldFactor(_ field: Located, values: Located, labels: Located?, name: String?) throws -> Factor {
        let path = try field.text("vary.field", example: "optimizer.lr")
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { throw field.error("'\(path)' is not a dotted path of run-spec fields", fix: "write e.g. optimizer.lr or data.trainSamples") }
        guard parts != ["seed"] else { throw field.error("the seed is not a factor", fix: "list seeds under seeds:") }
        let items = try values.list("vary.values", example: "[0.01, 0.1]")
        guard !items.isEmpty else { throw values.error("vary.values is an empty list", fix: "list at least one value") }
        let labelNodes = try labels.map { try $0.list("vary.labels", example: "[small, large]") }
        if let labelNodes, labelNodes.count != items.count {
            throw labels!.error("vary.labels has \(labelNodes.count) labels for \(items.count) values", fix: "give one label per value")
        }
        var levels: [Level] = []
        for (i, item) in items.enumerated() {
            let label: String
            if let labelNodes { label = try labelNodes[i].text("a label", example: "large") } else {
                guard case .scalar(let s) = item.node else {
                    throw item.error("a value that is \(item.kind) needs a label", fix: "add labels: [...] to vary, one per value")
                }
                label = s.string
            }
            guard let json = SpecTemplate.setting(try item.json(), at: parts, in: baseJSON) else {
                throw field.error("'\(path)' runs into a field that is neither a mapping nor a list", fix: "name a field inside the run spec (docs/runspec.md)")
            }
            let spec = try SpecTemplate.decode(json, what: "level '\(label)' (\(path) = \(label), \(profile.rawValue) profile)",
                                               nodes: baseNodes, varied: (path, field, item))
            let value = item.node.scalar.flatMap { _ in item.node.float }
            levels.append(Level(label, value: value) { Self.replace(&$0, with: spec) })
        }
        try checkLabels(levels, at: labels ?? values)
        return Factor(name ?? path, levels: levels, changesInitOrData: Self.initOrData.contains(parts[0]))
    }

    func levelFactor(_ node: Located, name: String?) throws -> Factor {
        guard let name else { throw self.node.error("vary with levels needs a name (legends and tables show it)", fix: "add name: optimizer") }
        let items = try node.list("vary.levels", example: "[{label: SGD, set: {…}}, {label: Adam, set: {…}}]")
        guard !items.isEmpty else { throw node.error("vary.levels is an empty list", fix: "list at least one level") }
        var levels: [Level] = [], touches = false
        for item in items {
            let entries = try item.mapping("a level", known: ["label", "set", "value"], example: "{label: Adam, set: {optimizer: {type: adam}}}")
            let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
            guard let labelNode = by["label"] else { throw item.error("a level has no label", fix: "add label: NAME") }
            let label = try labelNode.text("label", example: "Adam")
            let value = try by["value"].map { try $0.double("value", example: "0.1 (where the level sits on a numeric axis)") }
            var json = baseJSON, nodes = baseNodes
            if let set = by["set"] {
                guard let override = try set.json() as? [String: Any] else {
                    throw set.error("set must be a mapping of run-spec fields, not \(set.kind)", fix: "write set: {optimizer: {type: adam, lr: 0.001}}")
                }
                touches = touches || override.keys.contains(where: Self.initOrData.contains)
                json = SpecTemplate.merge(json, override)
                nodes.insert(set, at: 0)
            }
            let spec = try SpecTemplate.decode(json, what: "level '\(label)' (\(profile.rawValue) profile)", nodes: nodes)
            levels.append(Level(label, value: value) { Self.replace(&$0, with: spec) })
        }
        try checkLabels(levels, at: node)
        return Factor(name, levels: levels, changesInitOrData: touches)
    }

    func checkLabels(_ levels: [Level], at node: Located) throws {
        var seen = Set<String>()
        for l in levels where !seen.insert(l.label).inserted {
            throw node.error("two levels have the label '\(l.label)'", fix: "give every level its own label")
        }
    }

    /// The level's whole spec in place of the base, keeping what the experiment sets around it
    /// (where a staged run starts; the seed and kept weights are set after the levels).
    static func replace(_ spec: inout RunSpec, with level: RunSpec) {
        let start = spec.start
        spec = level
        spec.start = start
    }
}
