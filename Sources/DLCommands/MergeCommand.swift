import ArgumentParser
import DLFiles
import DLStudy
import Foundation

/// `dlstudy merge DIR… --output OUT`: gathers shards' caches, verifying every record.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Gather the run and derived caches of several output folders into one, verifying every record.",
        discussion: """
            For shards run on machines without a shared file system: copy their output folders \
            back, merge them, then `dlstudy report STUDY --output OUT`. A record is copied only \
            if its checksum, its key and the SHA-256 of its weights and artefacts match; anything \
            else is skipped and named (exit 1), and a good record already in OUT is never replaced.
            """)

    @Argument(help: "Output folders of `dlstudy run` (each has a .cache folder).")
    var folders: [String] = []

    @Option(name: .customLong("output"), help: "The output folder to merge into (created if needed).")
    var output = "output"

    func validate() throws {
        if folders.isEmpty { throw ValidationError("name at least one output folder to merge, e.g. dlstudy merge results/shard-* --output results/merged.") }
    }

    func run() throws {
        let destination = URL(fileURLWithPath: output, isDirectory: true).standardizedFileURL
        let merge = CacheMerge(into: destination)
        var outcome = CacheMerge.Outcome()
        var sources: [(String, RunCache)] = []
        for folder in folders {
            let url = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL
            guard let cache = CacheMerge.runCache(in: url) else {
                throw CLIError.invalidInput("\(folder) has no run cache (.cache/runs): name the --output folder of a `dlstudy run`")
            }
            if cache.root.standardizedFileURL.path == RunCache(output: destination).root.standardizedFileURL.path {
                FileHandleStderr.write("merge: \(folder) is the destination itself; skipped\n")
                continue
            }
            sources.append((folder, cache))
        }
        do {
            try FileProblem.createFolder(RunCache(output: destination).root)
            for (_, cache) in sources { try merge.merge(cache, into: &outcome) }
        } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot merge into \(output): \(e.description)")
        }
        for line in outcome.skipped { FileHandleStderr.write("merge: skipped \(line)\n") }
        print("merged \(sources.count) folder(s) into \(output): \(outcome.copied) runs copied, \(outcome.present) already there; "
              + "\(outcome.derivedCopied) derived values copied, \(outcome.derivedPresent) already there"
              + (outcome.skipped.isEmpty ? "" : "; \(outcome.skipped.count) skipped"))
        if !outcome.skipped.isEmpty {
            throw CLIError.failed("\(outcome.skipped.count) record(s) could not be verified and were not merged (listed above); the good ones were. "
                                  + "`dlstudy run STUDY --output \(output)` retrains what is missing.")
        }
    }
}
