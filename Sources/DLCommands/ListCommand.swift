import ArgumentParser
import DLStudy

/// `dlstudy list`: the studies, their titles, and how many of their runs are cached.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the studies and how many of their runs are cached.")

    @OptionGroup var options: StudyOptions

    func run() throws {
        let width = StudyCatalog.studies.map(\.name.count).max() ?? 8
        for study in StudyCatalog.studies {
            let jobs = study.plan(profile: options.profile)
            let cached = jobs.filter { if case .hit = options.cache.lookup($0.key, needsWeights: $0.keepWeights) { return true } else { return false } }.count
            let name = study.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            print("\(name)\(study.title)  [\(cached)/\(jobs.count) runs cached, \(options.profile.rawValue)]")
        }
    }
}
