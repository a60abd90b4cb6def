import ArgumentParser
import DLCore
import DLStudy
import Foundation
import Studies

/// `dlstudy run STUDY…`: train what is missing, then write the report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train a study's missing runs and write its report to <output>/<study>/index.html.",
        discussion: """
            Runs are cached in <output>/.cache/runs by the hash of their spec, so a second run \
            trains nothing and a killed run resumes. With --shard i/n only every n-th run is \
            trained (for job arrays); render with `dlstudy report` once every shard is done.
            """)

    @OptionGroup var selection: StudySelection

    @OptionGroup var options: StudyOptions

    @OptionGroup var training: TrainingOptions
    var jobs: Int { training.jobs }

    @Option(help: "Train only shard i of n (1-based), e.g. 2/4; skips the report.")
    var shard: String?

    @Flag(help: "Print where each study's wall time went: optimization steps, evaluation, probes, idle cores, report.")
    var timings = false

    func validate() throws {
        if let s = shard, Shard(s) == nil { throw ValidationError("--shard takes i/n with 1 ≤ i ≤ n, e.g. 1/4; got '\(s)'.") }
    }

    func run() throws {
        let selected = try selection.resolve()
        for study in selected {
            let start = Date()
            let summary = try options.train(study, jobs: jobs, force: training.force, shard: shard.flatMap(Shard.init))
            if shard != nil {
                print("\(study.name): shard \(shard!) done (\(summary.trained) trained, \(summary.cached) cached); run `dlstudy report \(study.name)` when every shard is in.")
                continue
            }
            let reportStart = Date()
            let url = try ReportCommand.writeReport(study, options: options, wallSeconds: Date().timeIntervalSince(start), jobs: jobs)
            print("\(study.name): \(summary.trained) trained, \(summary.cached) cached → \(url.path)")
            if timings {
                print(TimingsText.lines(study: study.name, summary.timings, reportSeconds: Date().timeIntervalSince(reportStart),
                                        totalSeconds: Date().timeIntervalSince(start),
                                        peak: summary.trained > 0 ? ThroughputBenchmark.sgemmPeak() : nil))
            }
        }
    }
}

/// Turns runner events into one live line on a terminal, plain lines in logs.
final class RunProgress {
    let line: ProgressLine
    let total: Int
    var done = 0
    let start = Date()

    init(study: String, total: Int) {
        line = ProgressLine(label: study)
        self.total = total
    }

    func handle(_ event: Runner.Event) {
        switch event {
        case .cached: done += 1
        case .started(let job): line.update("[\(done)/\(total)] \(job.experiment) \(job.cellLabel) seed \(job.seed)\(eta)")
        case .epoch(let job, let epoch, let loss):
            line.update("[\(done)/\(total)] \(job.experiment) \(job.cellLabel) seed \(job.seed): epoch \(epoch)"
                        + (loss.map { String(format: ", loss %.4g", $0) } ?? "") + eta)
        case .finished: done += 1
        case .failed(let job, let why): done += 1; line.note("run \(job.readableName) failed: \(why)")
        case .corrupt(let job, let why): line.note("warning: cached record of \(job.readableName) not used: \(why); retraining it")
        case .elsewhere(let job): line.update("[\(done)/\(total)] \(job.readableName) is being trained by another process")
        case .derived(let job): line.update("[\(done)/\(total)] measured \(job.name)")
        case .derivedFailed(let job, let why): line.note("measurement \(job.name) failed: \(why)")
        }
    }

    var eta: String {
        guard done > 0 && done < total else { return "" }
        let per = Date().timeIntervalSince(start) / Double(done)
        return String(format: "  (ETA %.0f s)", per * Double(total - done))
    }

    func finish(_ s: Runner.Summary) { line.finish() }
}
