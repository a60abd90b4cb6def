import DLFiles
import DLCore
import Foundation

/// A baseline that cannot be used, with the file and the fix.
public enum BaselineError: Error, CustomStringConvertible, Equatable {
    /// No file for this study and profile.
    case missing(study: String, profile: Profile, path: String, bless: String)
    /// A file that is not a baseline of this study and profile (bad JSON, a missing or
    /// mistyped field, inconsistent arrays, another study's file).
    case unreadable(study: String, profile: Profile, path: String, reason: String, bless: String)

    public var description: String {
        switch self {
        case .missing(let study, let profile, let path, let bless):
            return "no baseline for \(study) (\(profile.rawValue)) at \(path); create it with `\(bless)`"
        case .unreadable(_, _, let path, let reason, let bless):
            return "\(path) is not a usable baseline: \(reason); re-create it with `\(bless)` and review the diff before committing it"
        }
    }
}

/// The folder of baseline files, `<study>.<profile>.json` each (default `studies/baselines`,
/// relative to the working directory).
public struct BaselineStore: Sendable {
    public static let defaultFolder = "studies/baselines"

    /// The folder as the user gave it (messages quote it).
    public let folder: String

    /// How `dlstudy bless` names the study when it is not a registered name (a study file's
    /// path), and whether `folder` is the one that file implies (so `--baselines` is left out).
    public let studyArgument: String?
    public let folderImplied: Bool

    public init(folder: String = BaselineStore.defaultFolder, studyArgument: String? = nil, folderImplied: Bool = false) {
        self.folder = folder
        self.studyArgument = studyArgument
        self.folderImplied = folderImplied
    }

    /// The folder of a study file's baselines when `--baselines` is not given: `baselines/`
    /// beside the file (`examples/studies/momentum.yaml` → `examples/studies/baselines`).
    public static func beside(studyFile: String) -> BaselineStore {
        let dir = (studyFile as NSString).deletingLastPathComponent
        return BaselineStore(folder: dir.isEmpty ? "baselines" : dir + "/baselines", studyArgument: studyFile, folderImplied: true)
    }

    public func path(study: String, profile: Profile) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + "\(study).\(profile.rawValue).json"
    }

    /// The command that (re)creates the baseline of `study`.
    public func blessCommand(study: String, profile: Profile) -> String {
        var command = "dlstudy bless \(studyArgument ?? study) --profile \(profile.rawValue)"
        if folder != Self.defaultFolder && !folderImplied { command += " --baselines \(folder)" }
        return command
    }

    /// Reads the baseline of `study` at `profile`; throws `BaselineError` when there is none or
    /// it cannot be used.
    public func load(study: String, profile: Profile) throws -> Baseline {
        guard let baseline = try loadIfPresent(study: study, profile: profile) else {
            throw BaselineError.missing(study: study, profile: profile, path: path(study: study, profile: profile),
                                        bless: blessCommand(study: study, profile: profile))
        }
        return baseline
    }

    /// Like `load`, but nil when there is no file.
    public func loadIfPresent(study: String, profile: Profile) throws -> Baseline? {
        let path = path(study: study, profile: profile)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        func unreadable(_ reason: String) -> BaselineError {
            .unreadable(study: study, profile: profile, path: path, reason: reason, bless: blessCommand(study: study, profile: profile))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable("the file cannot be read") }
        return try Self.decode(data, study: study, profile: profile, path: path, bless: blessCommand(study: study, profile: profile))
    }

    /// A baseline file's bytes as `load` reads them (`path` and `bless` go into errors): throws
    /// `BaselineError.unreadable` saying why they are not a usable baseline of `study` at `profile`.
    public static func decode(
        _ data: Data, study: String, profile: Profile, path: String, bless: String? = nil
    ) throws -> Baseline {
        let bless = bless ?? BaselineStore().blessCommand(study: study, profile: profile)
        func unreadable(_ reason: String) -> BaselineError {
            .unreadable(study: study, profile: profile, path: path, reason: reason, bless: bless)
        }
        do { try StrictJSON.validate(data) } catch let problem as StrictJSON.Problem {
            throw unreadable("it is not valid JSON: \(problem)")
        }
        // An older format lacks fields this one needs: say so before naming a missing field.
        struct Format: Decodable { var format: Int }
        if let format = try? JSONDecoder().decode(Format.self, from: data).format, format != Baseline.currentFormat {
            throw unreadable("its format is \(format), but this dlstudy reads format \(Baseline.currentFormat)")
        }
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch let error as DecodingError {
            throw unreadable(Self.explain(error, data: data))
        }
        if let problem = baseline.problem(study: study, profile: profile) { throw unreadable(problem) }
        return baseline
    }

    /// Writes `baseline` to its file (creating the folder), atomically; returns the path.
    @discardableResult
    public func write(_ baseline: Baseline) throws -> String {
        let path = path(study: baseline.study, profile: Profile(rawValue: baseline.profile) ?? .full)
        try AtomicFile.write(baseline.fileText(), to: URL(fileURLWithPath: path))
        return path
    }

    /// A decoding error in words, naming the field: "field experiments[0].levels[1].runs is
    /// missing".
    static func explain(_ error: DecodingError, data: Data) -> String {
        func place(_ path: [CodingKey]) -> String {
            var s = ""
            for key in path {
                if let i = key.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
            }
            return s
        }
        switch error {
        case .dataCorrupted(let ctx) where ctx.codingPath.isEmpty:
            return "it is not valid JSON" + (JSONSyntaxError.describe(data).map { " (\($0))" } ?? "")
        case .dataCorrupted(let ctx):
            return "field \(place(ctx.codingPath)) is malformed (\(ctx.debugDescription))"
        case .keyNotFound(let key, let ctx):
            return "field \(place(ctx.codingPath + [key])) is missing"
        case .typeMismatch(let type, let ctx):
            return "field \(place(ctx.codingPath)) should be \(Self.typeName(type))"
        case .valueNotFound(let type, let ctx):
            return "field \(place(ctx.codingPath)) is null but should be \(Self.typeName(type))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}

extension Baseline {
    /// What makes a decoded file unusable as the baseline of `study` at `profile`, or nil.
    func problem(study expected: String, profile expectedProfile: Profile) -> String? {
        if format != Baseline.currentFormat {
            return "its format is \(format), but this dlstudy reads format \(Baseline.currentFormat)"
        }
        if study != expected { return "it is the baseline of study '\(study)', not '\(expected)'" }
        if profile != expectedProfile.rawValue { return "it is for profile '\(profile)', not '\(expectedProfile.rawValue)'" }
        let verdicts = Set(PairedComparison.Verdict.allCases.map(\.rawValue))
        for (i, claim) in claims.enumerated() where !verdicts.contains(claim.verdict) {
            return "claims[\(i)].verdict is '\(claim.verdict)'; it must be one of \(verdicts.sorted().joined(separator: ", "))"
        }
        for (i, e) in experiments.enumerated() {
            for (j, level) in e.levels.enumerated() {
                for (metric, c) in level.curves.sorted(by: { $0.key < $1.key }) {
                    let place = "experiments[\(i)].levels[\(j)].curves.\(metric)"
                    if c.mean.count != c.epochs.count || c.sd.count != c.epochs.count || c.n.count != c.epochs.count {
                        return "\(place) has \(c.epochs.count) epochs but \(c.mean.count) means, \(c.sd.count) sds and \(c.n.count) counts"
                    }
                    if zip(c.epochs, c.epochs.dropFirst()).contains(where: { $0 >= $1 }) {
                        return "\(place).epochs is not increasing"
                    }
                }
            }
        }
        return nil
    }

    /// The file's text: keys sorted, two-space indent, each array of numbers or strings on one
    /// line (a curve is four lines) and each small object of scalars too
    /// (`"testLoss" : { "mean" : 0.28, "n" : 3, "sd" : 0.0099 }`), a final newline.
    public func fileText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Self.joiningScalarContainers(String(decoding: try encoder.encode(self), as: UTF8.self)) + "\n"
    }

    /// Puts every array whose elements are all scalars on one line, and every object whose
    /// members are all scalars when that line stays within `width` characters.
    static func joiningScalarContainers(_ pretty: String, width: Int = 100) -> String {
        let lines = pretty.components(separatedBy: "\n")
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let isArray = line.hasSuffix("[")
            if isArray || line.hasSuffix("{") {
                let closers: Set<String> = isArray ? ["]", "],"] : ["}", "},"]
                var j = i + 1
                var items: [String] = []
                var scalar = true
                while j < lines.count {
                    let t = lines[j].trimmingCharacters(in: .whitespaces)
                    if closers.contains(t) { break }
                    if t.hasPrefix("{") || t.hasPrefix("[") || t.hasSuffix("{") || t.hasSuffix("[") { scalar = false; break }
                    if !t.isEmpty { items.append(t) }
                    j += 1
                }
                if scalar && j < lines.count {
                    let close = lines[j].trimmingCharacters(in: .whitespaces)
                    let joined = isArray || items.isEmpty ? line + items.joined(separator: " ") + close
                        : line + " " + items.joined(separator: " ") + " " + close
                    if isArray || joined.count <= width {
                        out.append(joined)
                        i = j + 1
                        continue
                    }
                }
            }
            out.append(line)
            i += 1
        }
        return out.joined(separator: "\n")
    }
}
