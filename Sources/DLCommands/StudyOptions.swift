import ArgumentParser
import DLCore
import DLStudy
import Foundation
import Studies

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

/// `STUDY… | --all`, for the commands that work on studies.
struct StudySelection: ParsableArguments {
    @Argument(help: "Study names (see `dlstudy list`).")
    var studies: [String] = []

    @Flag(help: "Every study.")
    var all = false

    func validate() throws {
        if studies.isEmpty && !all { throw ValidationError("name at least one study (see `dlstudy list`), or pass --all.") }
    }

    /// The studies named (or all of them); an unknown name is exit 2 with a suggestion.
    func resolve() throws -> [Study] { try StudyLookup.resolve(studies, all: all) }
}

/// Looks up studies by name, suggesting the closest name for a typo.
enum StudyLookup {
    static func resolve(_ names: [String], all: Bool = false) throws -> [Study] {
        if all || names.isEmpty && all { return StudyRegistry.all }
        return try names.map { name in
            if let s = StudyRegistry.named(name) { return s }
            let known = StudyRegistry.all.map(\.name)
            if let close = Suggestion.closest(to: name, in: known, maxDistance: max(2, name.count / 3)) {
                throw CLIError.invalidInput("unknown study '\(name)' — did you mean '\(close)'? (dlstudy list shows them all)")
            }
            throw CLIError.invalidInput("unknown study '\(name)'; known studies: \(known.joined(separator: ", "))")
        }
    }
}
