import ArgumentParser
import DLCore
import DLFiles
import DLStudy
import Foundation

/// `--jobs N` and `--force`, for the commands that train.
struct TrainingOptions: ParsableArguments {
    // `.unconditional`: `--jobs -1` is read as the value -1 (and refused below), not as a
    // missing value followed by an unknown option.
    @Option(parsing: .unconditional, help: "Runs trained at once (default: the number of cores); each uses one BLAS thread.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Retrain runs even when cached (a record is keyed by its spec and the engine version).")
    var force = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs)); it is how many runs train at once, e.g. --jobs 2.") }
    }
}

extension StudyOptions {
    /// Validates `study`, then trains its runs that are not cached (all of them with `force`;
    /// only `shard`'s with one), showing progress on standard error. A run that fails is exit 1;
    /// the others stay cached.
    @discardableResult
    func train(_ study: Study, jobs: Int, force: Bool = false, shard: Shard? = nil) throws -> Runner.Summary {
        try study.validate(profile: profile)
        let planned = try study.stagedPlan(profile: profile)
        let runs = shard?.select(planned, derived: study.derivedPlan(profile: profile, runs: planned)).runs ?? planned
        let runner = Runner(cache: cache, jobs: jobs, force: force)
        let progress = RunProgress(study: study.name, total: runs.count)
        runner.onEvent = progress.handle
        try prepareOutput()
        let summary = try runner.execute(study, profile: profile, shard: shard)
        progress.finish(summary)
        let kept = "\(summary.trained) trained and \(summary.cached) already cached are kept"
        if let problem = summary.cannotStore {
            throw CLIError.invalidInput("cannot store runs of \(study.name) in the cache: \(problem); \(kept)")
        }
        if !summary.failures.isEmpty {
            throw CLIError.failed("\(summary.failures.count) run(s) of \(study.name) failed (\(kept)). First: \(summary.failures[0].0): \(summary.failures[0].1)")
        }
        return summary
    }

    /// Makes sure the output folder and its run cache can be written before anything is trained,
    /// so an unwritable `--output` is one clear error, not one per run.
    func prepareOutput() throws {
        do {
            try FileProblem.createFolder(cache.root)
            let probe = cache.root.appendingPathComponent(".writable")
            try AtomicFile.write(Data(), to: probe)
            try? FileManager.default.removeItem(at: probe)
        } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot use --output \(output): \(e.description)")
        }
    }

    /// Trains what `study` is missing and returns its results in baseline form (for `check` and
    /// `bless`), with the results themselves.
    func currentBaseline(_ study: Study, training: TrainingOptions) throws -> (baseline: Baseline, results: StudyResults) {
        try train(study, jobs: training.jobs, force: training.force)
        let (results, missing) = study.collect(profile: profile, cache: cache)
        if let first = missing.first {
            throw CLIError.failed("\(missing.count) run(s) of \(study.name) have no readable record after training, e.g. \(first.readableName)")
        }
        let environment = RunEnvironment(dlstudyVersion: DLStudyCommand.version, jobs: training.jobs)
        return (Baseline(study: study, results: results, environment: environment), results)
    }
}

/// `--baselines DIR`, for `check` and `bless`.
struct BaselineOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Folder of the baseline files, <study>.<profile>.json each (default: \(BaselineStore.defaultFolder); for a study file, baselines/ beside it).",
        valueName: "dir"))
    var baselines: String?

    /// Where the baseline of a study lives: `--baselines` when given, else beside its study
    /// file, else the registry's folder.
    func store(studyFile: String?) -> BaselineStore {
        if let baselines { return BaselineStore(folder: baselines, studyArgument: studyFile) }
        if let studyFile { return BaselineStore.beside(studyFile: studyFile) }
        return BaselineStore()
    }
}
