import ArgumentParser
import DLStudy
import Foundation

/// `dlstudy bless STUDY… | --all`: accept the current curves as the baseline `check` compares with.
struct BlessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bless",
        abstract: "Write a study's baseline from its current runs, and say what changed against the old one.",
        discussion: """
            Trains the runs that are not cached, then writes <baselines>/<study>.<profile>.json (a \
            study file's baselines go to baselines/ beside it unless --baselines is given): per \
            level, every metric's mean and sd over seeds at every epoch, the final metrics, the \
            probes and the claims' verdicts, with the dlstudy and engine versions and the date. \
            A baseline whose numbers did not change is left as it is. Review the diff, then \
            commit the file. See docs/check.md.
            """)

    @OptionGroup var selection: StudySelection

    @OptionGroup var options: StudyOptions

    @OptionGroup var baselineOptions: BaselineOptions

    @OptionGroup var training: TrainingOptions


    func run() throws {
        for (study, file) in try selection.resolveWithFiles() {
            let store = baselineOptions.store(studyFile: file)
            let title = "\(study.name) (\(options.profile.rawValue))"
            var previous: Baseline?
            var replacing: String?
            do { previous = try store.loadIfPresent(study: study.name, profile: options.profile) } catch let e as BaselineError {
                if case .unreadable(_, _, _, let reason, _) = e { replacing = reason }
            }
            let (current, _) = try options.currentBaseline(study, training: training)
            if let previous, previous.measurements == current.measurements {
                print("\(title): unchanged; \(store.path(study: study.name, profile: options.profile)) kept as it is")
                continue
            }
            let path = try store.write(current)
            if let previous {
                print("\(title): updated \(path)")
                let comparison = BaselineComparison(baseline: previous, current: current, tolerances: study.tolerances)
                for line in comparison.changeLines { print("  \(line)") }
            } else {
                let levels = current.experiments.map(\.levels.count).reduce(0, +)
                let metrics = Set(current.experiments.flatMap { $0.levels.flatMap(\.curves.keys) }).count
                let seeds = Set(current.experiments.map(\.seeds.count)).sorted().map(String.init).joined(separator: "/")
                print("\(title): \(replacing == nil ? "new baseline" : "replaced an unreadable baseline (\(replacing!))") \(path): "
                      + "\(levels) level\(levels == 1 ? "" : "s"), \(seeds) seeds, \(metrics) metric curves, \(current.claims.count) claim\(current.claims.count == 1 ? "" : "s")")
            }
        }
    }
}
