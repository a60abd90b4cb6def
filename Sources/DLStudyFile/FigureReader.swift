import DLCore
import DLStudy

/// The `figures:` and `tables:` sections: the authoring layer's stock figures by name.
///
/// ```yaml
/// figures:
///   - curves: [train_loss, test_loss]   # learning curves, a line per level, ±1 sd band
///     logY: true
///   - dots: [final.test_accuracy]       # per-level dots: seeds, mean and 95% CI
///   - rate: train_loss                  # a metric's curves above each level's learning rate
/// tables:
///   - quantities: [final.train_loss, final.test_accuracy]
/// ```
enum FigureReader {
    static let kinds = ["curves", "dots", "rate"]
    static let options: [String: [String]] = [
        "curves": ["x", "logX", "logY", "levels"], "dots": ["logFactor", "horizontal"], "rate": ["x", "logY"],
    ]
    static let common = ["id", "caption"]

    static func figures(_ node: Located, levels: [String]) throws -> [FigureBlock] {
        let handle = StudyFileReader.handle
        var ids = Set<String>()
        return try node.list("figures", example: "[{curves: [train_loss, test_loss]}]").enumerated().map { index, item -> FigureBlock in
            let allKeys = kinds + common + Set(options.values.flatMap { $0 }).sorted()
            let entries = try item.mapping("a figure", known: allKeys, example: "{curves: [train_loss, test_loss], logY: true}")
            let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
            let found = kinds.filter { by[$0] != nil }
            guard found.count == 1, let kind = found.first else {
                throw item.error(found.isEmpty ? "a figure names no kind" : "a figure names two kinds (\(found.joined(separator: ", ")))",
                                 fix: "give each figure one of \(kinds.joined(separator: ", "))")
            }
            for e in entries where !(common + [kind] + options[kind]!).contains(e.key) {
                let owners = kinds.filter { options[$0]!.contains(e.key) }
                throw e.keyNode.error("'\(e.key)' does not apply to a \(kind) figure (only to \(owners.joined(separator: ", ")))",
                                      fix: "options of \(kind): \(options[kind]!.joined(separator: ", "))")
            }
            let id = try by["id"].map { try $0.text("id", example: "loss") } ?? "\(kind)-\(index + 1)"
            guard ids.insert(id).inserted else { throw (by["id"] ?? item).error("two figures have the id '\(id)'", fix: "give each figure its own id") }
            guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw by["id"]!.error("figure id '\(id)' is not a plain name (it names the figure's files)", fix: "use letters, digits, - and _")
            }
            let caption = try by["caption"].map { try $0.text("caption", example: "What the figure shows.") }
            func flag(_ key: String) throws -> Bool { try by[key].map { try $0.bool(key) } ?? false }
            func axis() throws -> CurveAxis {
                guard let x = by["x"] else { return .epoch }
                switch try x.text("x", example: "epoch") {
                case "epoch": return .epoch
                case "step": return .step
                case "samples": return .samplesSeen
                case let other: throw x.error("unknown x axis '\(other)'", fix: "use epoch, step or samples")
                }
            }
            switch kind {
            case "curves":
                let metricNodes = try by["curves"]!.list("curves", example: "[train_loss, test_loss]")
                guard !metricNodes.isEmpty else { throw by["curves"]!.error("curves lists no metric", fix: "list one or more, e.g. [train_loss, test_loss]") }
                let metrics = try metricNodes.map { try QuantityName.metric($0, "a metric") }
                let shown = try by["levels"].map { node in
                    try node.list("levels", example: "[\"0.1\", \"0.9\"]").map { l -> LevelHandle in
                        let label = try l.text("a level", example: "\"0.9\"")
                        guard levels.contains(label) else { throw l.error("level '\(label)' is not a level of the study", fix: "levels: \(levels.joined(separator: ", "))") }
                        return handle.level(label)
                    }
                }
                let x = try axis()
                let text = caption ?? "\(Format.list(metrics.map(\.label)).capitalizedFirst) per \(x == .step ? "step" : x == .epoch ? "epoch" : "samples seen") (mean over seeds, band: ±1 sd)."
                return FigureBlock.curves(id, caption: text, experiment: handle, metrics: metrics, x: x, logX: try flag("logX"), logY: try flag("logY"), levels: shown)
            case "dots":
                let quantityNodes = try by["dots"]!.list("dots", example: "[final.test_accuracy]")
                guard !quantityNodes.isEmpty else { throw by["dots"]!.error("dots lists no quantity", fix: "list one or more, e.g. [final.test_accuracy]") }
                let quantities = try quantityNodes.map { try QuantityName.quantity($0, "a quantity") }
                let text = caption ?? "\(Format.list(quantities.map(\.name)).capitalizedFirst) by level (mean, 95% CI; dots are seeds)."
                return FigureBlock.dots(id, caption: text, experiment: handle, quantities.map { Measure($0) },
                                        logFactor: try flag("logFactor"), horizontal: try flag("horizontal"))
            default:
                let metric = try QuantityName.metric(by["rate"]!, "rate")
                let text = caption ?? "\(metric.label.capitalizedFirst) by level (mean over seeds, band: ±1 sd), above each level's learning rate (seed 0)."
                return FigureBlock.curveWithRate(id, caption: text, experiment: handle, metric: metric, x: try axis(), logY: try flag("logY"))
            }
        }
    }

    static func tables(_ node: Located) throws -> [TableBlock] {
        var ids = Set<String>()
        return try node.list("tables", example: "[{quantities: [final.test_accuracy]}]").enumerated().map { index, item -> TableBlock in
            let entries = try item.mapping("a table", known: ["quantities", "caption", "id"], example: "{quantities: [final.train_loss, final.test_accuracy]}")
            let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
            guard let q = by["quantities"] else { throw item.error("a table has no quantities", fix: "add quantities: [final.test_accuracy, …]") }
            let quantities = try q.list("quantities", example: "[final.train_loss, final.test_accuracy]").map { try QuantityName.quantity($0, "a quantity") }
            guard !quantities.isEmpty else { throw q.error("quantities is an empty list", fix: "list at least one, e.g. [final.test_accuracy]") }
            let id = try by["id"].map { try $0.text("id", example: "final") } ?? "table-\(index + 1)"
            guard ids.insert(id).inserted else { throw (by["id"] ?? item).error("two tables have the id '\(id)'", fix: "give each table its own id") }
            let caption = try by["caption"].map { try $0.text("caption", example: "Final metrics.") } ?? "Final values per level."
            return TableBlock(id, caption: caption, experiment: StudyFileReader.handle, quantities)
        }
    }
}

/// The `claims:` section: "LEVEL's QUANTITY is less (greater) than OTHER's", or than a number.
///
/// ```yaml
/// claims:
///   - text: Momentum ends with a lower training loss
///     quantity: final.train_loss
///     level: "0.9"
///     lessThan: "0"          # a level; lessThanValue: 0.5 compares with a number
/// ```
enum ClaimReader {
    static let comparisons = ["lessThan", "greaterThan", "lessThanValue", "greaterThanValue"]

    static func claims(_ node: Located, levels: [String]) throws -> [Claim] {
        try node.list("claims", example: "[{text: …, quantity: final.train_loss, level: \"0.9\", lessThan: \"0\"}]").map { item -> Claim in
            let entries = try item.mapping("a claim", known: ["text", "quantity", "level"] + comparisons,
                                           example: "{text: …, quantity: final.train_loss, level: \"0.9\", lessThan: \"0\"}")
            let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
            for key in ["text", "quantity", "level"] where by[key] == nil {
                throw item.error("a claim has no '\(key)'", fix: "a claim needs text, quantity, level and one of \(comparisons.joined(separator: ", "))")
            }
            let text = try by["text"]!.text("text", example: "Momentum ends with a lower training loss")
            let quantity = try QuantityName.quantity(by["quantity"]!, "quantity")
            func level(_ n: Located) throws -> String {
                let label = try n.text("a level", example: "\"0.9\"")
                guard levels.contains(label) else {
                    throw n.error("level '\(label)' is not a level of the study", fix: "levels: \(levels.map { "\"\($0)\"" }.joined(separator: ", "))")
                }
                return label
            }
            let subject = try level(by["level"]!)
            let given = comparisons.filter { by[$0] != nil }
            guard given.count == 1, let comparison = given.first else {
                throw item.error(given.isEmpty ? "a claim says nothing to compare with" : "a claim has \(given.count) comparisons (\(given.joined(separator: ", ")))",
                                 fix: "give exactly one of \(comparisons.joined(separator: ", "))")
            }
            let other = by[comparison]!
            let handle = StudyFileReader.handle
            switch comparison {
            case "lessThan": return Claim(text, quantity, handle.level(subject), lessThan: handle.level(try level(other)))
            case "greaterThan": return Claim(text, quantity, handle.level(subject), greaterThan: handle.level(try level(other)))
            case "lessThanValue": return Claim(text, quantity, handle.level(subject), lessThan: try other.double(comparison, example: "0.5"))
            default: return Claim(text, quantity, handle.level(subject), greaterThan: try other.double(comparison, example: "0.5"))
            }
        }
    }
}
