import ArgumentParser
import DLFiles
import DLStudy
import Foundation

/// `dlstudy plan STUDY --out FILE`: the study's runs and derived jobs as a JSON manifest.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write a study's plan as JSON: every run (key, name, dependencies, spec) and derived job, with its shard.",
        discussion: """
            The manifest is deterministic: the same study, profile, data files, engine version and \
            --shards give the same bytes. Shard k of N is what `dlstudy run STUDY --shard k/N` \
            trains and measures; runs joined by a stage or read by one derived job share a shard.
            """)

    @Argument(help: "The study (see `dlstudy list`).")
    var study: String

    @Option(help: "quick (CI: seconds to a minute) or full (publication: minutes).")
    var profile: Profile = .full

    @Option(help: "How many shards the work is split into (each run and derived job gets one, 1-based).")
    var shards = 1

    @Option(help: ArgumentHelp("Write the manifest here (default: standard output).", valueName: "file"))
    var out: String?

    func validate() throws {
        if shards < 1 { throw ValidationError("--shards must be at least 1 (got \(shards)), e.g. --shards 8.") }
    }

    func run() throws {
        let study = try StudyLookup.resolve([study])[0]
        let manifest: PlanManifest
        do { manifest = try study.manifest(profile: profile, shards: shards) } catch {
            throw CLIError.invalidInput("cannot plan \(study.name): \(error)")
        }
        let data = try manifest.encoded()
        guard let out else {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try AtomicFile.write(data, to: URL(fileURLWithPath: out)) } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot write --out \(out): \(e.description)")
        }
        let counts = (1...shards).map { i in manifest.runs(inShard: i).count }
        print("\(study.name): \(manifest.runs.count) runs and \(manifest.derived.count) derived jobs (profile \(profile.rawValue))"
              + (shards > 1 ? " in \(shards) shards of \(counts.map(String.init).joined(separator: ", ")) runs" : "") + " → \(out)")
    }
}
