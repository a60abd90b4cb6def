import ArgumentParser
import DLFiles
import DLStudy
import Foundation

/// `dlstudy export slurm|k8s STUDY --shards N`: a job file for an existing scheduler.
struct ExportCommand: ParsableCommand {
    enum Target: String, ExpressibleByArgument, CaseIterable {
        case slurm, k8s
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a Slurm job-array script or a Kubernetes Indexed Job that runs a study in N shards.",
        discussion: """
            Each task runs one shard, a batch of runs: `dlstudy run STUDY --shard INDEX/N` (Slurm's \
            SLURM_ARRAY_TASK_ID with --array=1-N; Kubernetes' 0-based JOB_COMPLETION_INDEX plus one), \
            into its own folder RESULTS/shard-INDEX. Then `dlstudy merge RESULTS/shard-* --output \
            RESULTS/merged` and `dlstudy report STUDY --output RESULTS/merged`.
            """)

    @Argument(help: "slurm or k8s.")
    var target: Target

    @Argument(help: "The study (see `dlstudy list`).")
    var study: String

    @Option(help: "quick (CI: seconds to a minute) or full (publication: minutes).")
    var profile: Profile = .full

    @Option(help: "Number of tasks; each trains one shard.")
    var shards: Int

    @Option(help: "Cores per task (each task's --jobs).")
    var cpus = 2

    @Option(help: "Memory per task, e.g. 4G (Slurm) or 4Gi (Kubernetes); default: the cluster's.")
    var memory: String?

    @Option(help: "Slurm: wall-time limit, e.g. 02:00:00.")
    var time: String?

    @Option(help: "Slurm: partition.")
    var partition: String?

    @Option(help: "Kubernetes: container image with dlstudy on its PATH.")
    var image = "dlstudy:latest"

    @Option(help: "Kubernetes: PersistentVolumeClaim mounted at --results.")
    var claim = "dlstudy-results"

    @Option(help: ArgumentHelp("Folder that gets a shard-INDEX output folder per task (default: results; /results on Kubernetes).", valueName: "dir"))
    var results: String?

    @Option(help: ArgumentHelp("Write the file here (default: <job name>.slurm.sh or .k8s.yaml in the current folder; - for standard output).", valueName: "file"))
    var out: String?

    func validate() throws {
        if shards < 1 { throw ValidationError("--shards must be at least 1 (got \(shards)), e.g. --shards 8.") }
        if cpus < 1 { throw ValidationError("--cpus must be at least 1 (got \(cpus)).") }
        if target == .k8s, let results, !results.hasPrefix("/") {
            throw ValidationError("--results must be an absolute path inside the container for k8s (got '\(results)'), e.g. /results.")
        }
    }

    func run() throws {
        let resolved = try StudyLookup.resolve([study])[0]
        // Planning now catches a study that cannot be planned before a cluster finds out.
        do { _ = try resolved.stagedPlan(profile: profile) } catch {
            throw CLIError.invalidInput("cannot plan \(resolved.name): \(error)")
        }
        let export = ClusterExport(study: study, profile: profile, shards: shards,
                                   results: results ?? (target == .k8s ? "/results" : "results"), cpus: cpus, memory: memory,
                                   time: time, partition: partition, image: image, claim: claim)
        let text = target == .slurm ? export.slurm() : export.kubernetes()
        let file = out ?? "\(export.jobNameForFiles).\(target == .slurm ? "slurm.sh" : "k8s.yaml")"
        if file == "-" { print(text, terminator: ""); return }
        let url = URL(fileURLWithPath: file)
        do { try AtomicFile.write(text, to: url) } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot write --out \(file): \(e.description)")
        }
        if target == .slurm { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        let runs = resolved.plan(profile: profile).count
        print("\(resolved.name): \(runs) runs in \(shards) \(target == .slurm ? "array tasks" : "indexed pods") → \(file)")
    }
}
