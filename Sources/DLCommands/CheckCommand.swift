import ArgumentParser
import DLCore
import DLStudy
import Foundation

/// `dlstudy check STUDY… | --all`: the study's curves against its committed baseline, for CI.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a study's curves with its committed baseline; exit 1 when something moved beyond tolerance.",
        discussion: """
            Trains the runs that are not cached (like `run`), then compares them with the baseline \
            in <baselines>/<study>.<profile>.json (for a study file: baselines/ beside it unless \
            --baselines is given). On the numeric platform the baseline was made \
            on (x86_64-v3: any x86-64 with AVX2 and FMA) the comparison is exact: every run must \
            give the same bits, and a run that does not is named with the epoch where it first \
            differs. On another platform it is statistical: every level's mean over seeds is \
            compared with the baseline's: each metric's curve at \
            every epoch, the final metrics and the probes. A point passes when \
            |current − baseline| ≤ max(k·s, absolute, relative·|baseline|), s being the pooled \
            seed standard deviation of both sides. Defaults: losses 3·sd, 0.005, 2%; accuracies \
            3·sd, 0.01; learning rate 1e-9, 1e-6 relative; probes 3·sd, 1e-6, 5%; steps 3·sd \
            (a study can set its own: Study(…, tolerances:)). A changed set of experiments, \
            levels, seeds, epochs, metrics, probes or claims, a claim whose verdict flips, or a \
            different number of diverged runs also fails; statistical mode tolerates the platform \
            noise listed in docs/check.md (runs stopping at a target an epoch apart, one run more \
            or less diverging on the stability edge, a plateau drop an epoch or two apart, a \
            verdict whose interval touches its threshold).

            Prints one line per study (PASS or FAIL, the worst point) and each failure; writes \
            <output>/check/index.html (baseline and current curves overlaid, tolerance bands, \
            failing points marked) and <output>/check/junit.xml (one test suite per study).

            Exit codes: 0 everything within tolerance; 1 a regression (or a run that failed); \
            2 a usage error: an unknown study, a missing baseline (create it with \
            `dlstudy bless STUDY --profile PROFILE`) or an unreadable one. Baselines are all \
            read before anything trains; with --all every study needs one. See docs/check.md.
            """)

    @OptionGroup var selection: StudySelection

    @OptionGroup var options: StudyOptions

    @OptionGroup var baselineOptions: BaselineOptions

    @OptionGroup var training: TrainingOptions

    @Option(help: "Failures listed per study on the terminal (the HTML report lists them all).")
    var maxFailures = 20

    @Option(help: ArgumentHelp(
        "How to compare: exact (the same bits; for runs on the baseline's platform), statistical (within tolerance), or auto: exact when the platforms match.",
        valueName: "auto|exact|statistical"))
    var mode: CheckModeOption = .auto

    func validate() throws {
        if maxFailures < 0 { throw ValidationError("--max-failures must be 0 or more.") }
    }

    func run() throws {
        let resolved = try selection.resolveWithFiles()
        let selected = resolved.map(\.study)
        let stores = resolved.map { baselineOptions.store(studyFile: $0.file) }
        var baselines: [Baseline] = []
        var problems: [String] = []
        for (study, store) in zip(selected, stores) {
            do { baselines.append(try store.load(study: study.name, profile: options.profile)) } catch let e as BaselineError {
                problems.append(e.description)
            }
        }
        if !problems.isEmpty { throw CLIError.invalidInput(problems.joined(separator: "\nerror: ")) }

        var entries: [CheckReport.Entry] = []
        var runs: [RunRecord] = []
        let start = Date()
        for ((study, baseline), store) in zip(zip(selected, baselines), stores) {
            let (current, results) = try options.currentBaseline(study, training: training)
            let comparison = BaselineComparison(baseline: baseline, current: current, tolerances: study.tolerances, mode: mode.mode)
            print(comparison.summaryLine)
            for note in comparison.notes { print("  \(study.name): tolerated: \(note)") }
            if !comparison.passed {
                for line in comparison.failureLines(limit: maxFailures) { print("  \(study.name): \(line)") }
            }
            entries.append(CheckReport.Entry(comparison: comparison, baselinePath: store.path(study: study.name, profile: options.profile),
                                             blessCommand: store.blessCommand(study: study.name, profile: options.profile)))
            runs += results.experiments.values.flatMap { $0.cells.flatMap { $0.runs.values } }
        }
        let environment = RunEnvironment(dlstudyVersion: DLStudyCommand.version, wallSeconds: Date().timeIntervalSince(start),
                                         jobs: training.jobs)
        let report = CheckReport(entries: entries, runs: runs, environment: environment)
        let folder = options.outputURL.appendingPathComponent("check", isDirectory: true)
        try report.write(to: folder)
        let shown = (options.output.hasSuffix("/") ? options.output : options.output + "/") + "check"
        print("report: \(shown)/index.html; JUnit XML: \(shown)/junit.xml")
        let failed = entries.filter { !$0.comparison.passed }
        if !failed.isEmpty {
            let names = failed.map(\.comparison.current.study)
            let failedStores = zip(entries, stores).filter { !$0.0.comparison.passed }.map(\.1)
            let bless = failedStores.allSatisfy { $0.studyArgument == nil }
                ? "dlstudy bless \(names.joined(separator: " ")) --profile \(options.profile.rawValue)"
                    + (baselineOptions.baselines.map { $0 == BaselineStore.defaultFolder ? "" : " --baselines \($0)" } ?? "")
                : failed.map(\.blessCommand).joined(separator: "; ")
            throw CLIError.failed("\(failed.count) of \(entries.count) stud\(entries.count == 1 ? "y" : "ies") moved beyond tolerance "
                                  + "(\(names.joined(separator: ", "))); see \(shown)/index.html. If the change is intended, "
                                  + "accept it with `\(bless)` and commit the new baseline.")
        }
    }
}

/// `--mode`: auto, or one of the comparison modes.
enum CheckModeOption: String, ExpressibleByArgument, CaseIterable {
    case auto, exact, statistical

    var mode: BaselineComparison.Mode? {
        switch self {
        case .auto: return nil
        case .exact: return .exact
        case .statistical: return .statistical
        }
    }
}
