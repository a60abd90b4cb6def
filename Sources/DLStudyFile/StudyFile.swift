import DLCore
import DLStudy
import Foundation
import Yams

/// A study written as a YAML file instead of Swift: name, title, question, a base run spec, the
/// varied factor, seeds, probes, stock figures, tables, claims and Markdown prose with
/// placeholders for measured values. It builds an ordinary `Study`, so the cache, reports,
/// `check` and `bless` treat it like a compiled one. docs/studies.md describes the format.
public enum StudyFile {
    /// Whether a command-line study argument names a study file rather than a registered study.
    public static func isStudyFile(_ argument: String) -> Bool {
        argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
    }

    /// Reads and checks the study file at `url`; errors name the file (as `url.relativePath`
    /// spells it), the line and column, the problem and the fix.
    public static func load(_ url: URL) throws -> Study {
        let shown = url.relativePath
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw StudyFileError(file: shown, line: 0, column: 0, problem: exists ? "cannot be read" : "no such file",
                                 fix: exists ? "check its permissions" : "check the path (a study file ends in .yaml or .yml)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StudyFileError(file: shown, line: 0, column: 0, problem: "is not UTF-8 text", fix: "save it as UTF-8")
        }
        return try parse(text, file: shown)
    }

    /// Parses study-file text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Study {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw StudyFileError(file: file, line: 0, column: 0, problem: "is empty", fix: "start from an example in examples/studies/")
            }
            root = node
        } catch let e as YamlError {
            throw syntaxError(e, file: file, text: text)
        }
        return try StudyFileReader(root: Located(node: root, file: file), source: text.split(separator: "\n", omittingEmptySubsequences: false)).study()
    }

    static func syntaxError(_ e: YamlError, file: String, text: String) -> StudyFileError {
        switch e {
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the mapping; the key's second spelling is the line to fix.
            let key = duplicates.sorted().first ?? ""
            var seen = 0
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i + 1 >= context.mark.line {
                var rest = line[...]
                while let r = rest.range(of: key + ":") {
                    let before = rest[..<r.lowerBound].last
                    if before == nil || before == " " || before == "{" || before == "," || before == "\"" || before == "'" {
                        seen += 1
                        if seen == 2 {
                            return StudyFileError(file: file, line: i + 1, column: line.distance(from: line.startIndex, to: r.lowerBound) + 1,
                                                  problem: "key '\(key)' appears twice in one mapping", fix: "keep one of the two")
                        }
                    }
                    rest = rest[r.upperBound...]
                }
            }
            return StudyFileError(file: file, line: context.mark.line, column: context.mark.column,
                                  problem: "key '\(key)' appears twice in one mapping", fix: "keep one of the two")
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return StudyFileError(file: file, line: mark.line, column: mark.column, problem: "not valid YAML: \(problem)",
                                  fix: "check the indentation and the quotes there (a value with ': ' or '#' needs quotes)")
        default:
            return StudyFileError(file: file, line: 0, column: 0, problem: "not valid YAML: \(e)", fix: "check the file's syntax")
        }
    }
}

/// Reads one study file's root mapping into a `Study`.
struct StudyFileReader {
    let root: Located
    let source: [Substring]

    static let keys = ["name", "title", "question", "intro", "base", "quick", "full", "vary", "seeds", "probes",
                       "figures", "tables", "claims", "discussion", "doesNotShow", "references"]
    static let handle = ExperimentHandle("main")

    func study() throws -> Study {
        let entries = try root.mapping("the study file", known: Self.keys, example: "name: my-study\ntitle: …")
        let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        func required(_ key: String, _ example: String) throws -> Located {
            guard let v = by[key] else { throw root.error("the study has no '\(key)'", fix: "add \(key): \(example)") }
            return v
        }
        let nameNode = try required("name", "my-study")
        let name = try nameNode.text("name", example: "my-study")
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), name.first?.isLetter == true else {
            throw nameNode.error("name '\(name)' is not a plain name (it names the report's folder and baseline files)",
                                 fix: "use letters, digits, - and _, starting with a letter, e.g. sgd-momentum")
        }
        let title = try required("title", "What the study shows").text("title", example: "What the study shows")
        let question = try by["question"].map { try $0.text("question", example: "Does …?") }

        // The experiment, per profile.
        let baseNode = try required("base", "{model: …, optimizer: …, batchSize: 32, budget: {epochs: 10}}")
        let baseJSON = try baseNode.json()
        guard baseJSON is [String: Any] else { throw baseNode.error("base must be a mapping of run-spec fields, not \(baseNode.kind)", fix: "see docs/runspec.md") }
        let varyNode = try required("vary", "{field: optimizer.lr, values: [0.01, 0.1]}")
        var experiments: [Profile: Experiment] = [:]
        var factorLevels: [String] = []
        for profile in Profile.allCases {
            var json = baseJSON, nodes = [baseNode]
            if let extra = by[profile.rawValue] {
                guard extra.node.mapping != nil else {
                    throw extra.error("\(profile.rawValue) must be a mapping of run-spec fields to change for --profile \(profile.rawValue), not \(extra.kind)",
                                      fix: "write e.g. \(profile.rawValue): {budget: {epochs: 3}}")
                }
                json = SpecTemplate.merge(json, try extra.json())
                nodes.insert(extra, at: 0)
            }
            let base = try SpecTemplate.decode(json, what: "base run spec (\(profile.rawValue) profile)", nodes: nodes)
            let factor = try FactorReader(node: varyNode, baseJSON: json, baseNodes: nodes, profile: profile).factor()
            factorLevels = factor.levels.map(\.label)
            let seeds = try seeds(by["seeds"], profile: profile)
            let probes = try probes(by["probes"])
            experiments[profile] = Experiment(Self.handle, base: base, vary: factor, seeds: Seeds(seeds), probes: probes)
        }

        let claims = try by["claims"].map { try ClaimReader.claims($0, levels: factorLevels) } ?? []
        let figures = try by["figures"].map { try FigureReader.figures($0, levels: factorLevels) } ?? []
        let tables = try by["tables"].map { try FigureReader.tables($0) } ?? []
        let intro = try by["intro"].map { try ProseTemplate($0, levels: factorLevels, claims: claims.count, source: source) }
        let discussion = try by["discussion"].map { try ProseTemplate($0, levels: factorLevels, claims: claims.count, source: source) }
        let limits = try by["doesNotShow"].map(SectionReader.doesNotShow)
        let references = try by["references"].map(SectionReader.references)

        return Study(name, title: title, question: question) { profile in
            let experiment = experiments[profile]!
            let seeds = experiment.seeds.count
            if let intro { Prose { intro.render($0, experiment: Self.handle, claims: claims, seeds: seeds) } }
            experiment
            for f in figures { f }
            for t in tables { t }
            for c in claims { c }
            if let discussion { Prose { discussion.render($0, experiment: Self.handle, claims: claims, seeds: seeds) } }
            if let limits { limits }
            if let references { references }
        }
    }

    /// `seeds: 3`, `seeds: [0, 1, 2]` or `seeds: {quick: 2, full: 5}`.
    func seeds(_ node: Located?, profile: Profile) throws -> [UInt64] {
        guard let node else { throw root.error("the study has no 'seeds'", fix: "add seeds: 3 (or seeds: {quick: 2, full: 5})") }
        if node.node.mapping != nil {
            let entries = try node.mapping("seeds", known: Profile.allCases.map(\.rawValue), example: "{quick: 2, full: 5}")
            guard let mine = entries.first(where: { $0.key == profile.rawValue }) else {
                throw node.error("seeds gives no count for the \(profile.rawValue) profile", fix: "add \(profile.rawValue): N")
            }
            return try seedList(mine.value)
        }
        return try seedList(node)
    }

    func seedList(_ node: Located) throws -> [UInt64] {
        if node.node.sequence != nil {
            let items = try node.list("seeds", example: "[0, 1, 2]")
            guard !items.isEmpty else { throw node.error("seeds is an empty list", fix: "list at least one seed, e.g. [0, 1, 2]") }
            let seeds = try items.map { UInt64(try $0.int("a seed", range: 0...Int.max, example: "0")) }
            guard Set(seeds).count == seeds.count else { throw node.error("a seed is listed twice", fix: "list each seed once") }
            return seeds
        }
        let n = try node.int("seeds", range: 1...1000, example: "3 (seeds 0, 1, 2) or a list [0, 1, 2]")
        return (0..<UInt64(n)).map { $0 }
    }

    /// `probes: [sharpness, {kind: hessianTopEigenvalue, iterations: 20}]`, decoded as run specs'
    /// probes are.
    func probes(_ node: Located?) throws -> [ProbeSpec] {
        guard let node else { return [] }
        return try node.list("probes", example: "[sharpness, {kind: hessianTopEigenvalue, iterations: 20}]").map { item -> ProbeSpec in
            let data = try JSONSerialization.data(withJSONObject: [try item.json()], options: [.fragmentsAllowed])
            do { return try JSONDecoder().decode([ProbeSpec].self, from: data)[0] } catch let e as DecodingError {
                let kinds = ProbeSpec.kinds.map { $0.kind }.joined(separator: ", ")
                var why = "\(e)"
                if case .dataCorrupted(let c) = e { why = c.debugDescription }
                if case .keyNotFound(let k, _) = e { why = "missing '\(k.stringValue)'" }
                if case .typeMismatch(_, let c) = e { why = c.debugDescription }
                throw item.error("probe \(item.kind) cannot be read: \(why)", fix: "write a probe kind (\(kinds)) or {kind: …, its fields}")
            }
        }
    }
}
