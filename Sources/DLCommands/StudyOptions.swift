import ArgumentParser
import DLCore
import DLStudy
import Foundation
import DLStudyFile

extension Profile: ExpressibleByArgument {}

/// Options every study command shares.
struct StudyOptions: ParsableArguments {
    @Option(help: "quick (CI: seconds to a minute) or full (publication: minutes).")
    var profile: Profile = .full

    @Option(name: .customLong("output"), help: "Output folder: reports, and the run cache in <output>/.cache.")
    var output = "output"

    var outputURL: URL { URL(fileURLWithPath: output, isDirectory: true) }
    var cache: RunCache { RunCache(output: outputURL) }
}

/// `STUDY… | --all`, for the commands that work on studies. A name ending in .yaml or .yml is a
/// study file (docs/studies.md).
struct StudySelection: ParsableArguments {
    @Argument(help: "Study names (see `dlstudy list`) or study files (path/to/study.yaml).")
    var studies: [String] = []

    @Flag(help: "Every study.")
    var all = false

    func validate() throws {
        if studies.isEmpty && !all { throw ValidationError("name at least one study (see `dlstudy list`), or pass --all.") }
    }

    /// The studies named (or all of them); an unknown name is exit 2 with a suggestion.
    func resolve() throws -> [Study] { try StudyLookup.resolve(studies, all: all) }

    /// The studies with the study file each came from (nil for a registered study).
    func resolveWithFiles() throws -> [(study: Study, file: String?)] { try StudyLookup.resolveWithFiles(studies, all: all) }
}

/// Looks up studies by name in the catalog (suggesting the closest name for a typo), or reads
/// them from study files.
enum StudyLookup {
    static func resolve(_ names: [String], all: Bool = false) throws -> [Study] {
        try resolveWithFiles(names, all: all).map(\.study)
    }

    static func resolveWithFiles(_ names: [String], all: Bool = false) throws -> [(study: Study, file: String?)] {
        var found: [(study: Study, file: String?)] = all ? StudyCatalog.studies.map { ($0, nil) } : []
        for name in names where !(all && StudyCatalog.named(name) != nil) {
            if StudyFile.isStudyFile(name) {
                let study: Study
                do { study = try StudyFile.load(URL(fileURLWithPath: name)) } catch let e as StudyFileError {
                    throw CLIError.invalidInput(e.description)
                }
                // Its report folder and baselines would be the registered study's.
                if StudyCatalog.named(study.name) != nil {
                    throw CLIError.invalidInput("\(name) is named '\(study.name)', like a study `dlstudy list` shows; give it a name of its own (name: in the file)")
                }
                found.append((study, name))
                continue
            }
            if let s = StudyCatalog.named(name) { found.append((s, nil)); continue }
            let known = StudyCatalog.studies.map(\.name)
            if let close = Suggestion.closest(to: name, in: known, maxDistance: max(2, name.count / 3)) {
                throw CLIError.invalidInput("unknown study '\(name)' — did you mean '\(close)'? (dlstudy list shows them all)")
            }
            throw CLIError.invalidInput("unknown study '\(name)'; known studies: \(known.joined(separator: ", "))"
                                        + (FileManager.default.fileExists(atPath: name) ? " (a study file's name ends in .yaml or .yml)" : ""))
        }
        var names = Set<String>()
        for (study, file) in found where !names.insert(study.name).inserted {
            throw CLIError.invalidInput("two studies are named '\(study.name)'" + (file.map { " (the second is \($0))" } ?? "")
                                        + "; give the study file another name")
        }
        return found
    }
}
