import ArgumentParser
import DLFiles
import DLReport
import DLStudy
import Foundation
import Studies

/// `dlstudy report STUDY…`: render from cached records only (after sharded runs).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a study's report from its cached runs, listing any runs still missing.")

    @OptionGroup var selection: StudySelection

    @OptionGroup var options: StudyOptions


    func run() throws {
        for study in try selection.resolve() {
            try study.validate(profile: options.profile, checkingSpecs: false)
            let url = try Self.writeReport(study, options: options, wallSeconds: nil, jobs: 1)
            print("\(study.name) → \(url.path)")
        }
    }

    /// Collects the records and writes `<output>/<study>/index.html` and its files.
    static func writeReport(_ study: Study, options: StudyOptions, wallSeconds: Double?, jobs: Int) throws -> URL {
        let (results, missing) = study.collect(profile: options.profile, cache: options.cache)
        if !missing.isEmpty {
            FileHandleStderr.write("\(study.name): \(missing.count) run(s) missing, e.g. \(missing[0].readableName); the report says so. Run `dlstudy run \(study.name)` to train them.\n")
        }
        let folder = options.outputURL.appendingPathComponent(study.name, isDirectory: true)
        let env = RunEnvironment(dlstudyVersion: DLStudyCommand.version, wallSeconds: wallSeconds, jobs: jobs)
        AtomicFile.removeLeftovers(in: folder)
        do {
            try ReportBuilder(study: study, results: results, missing: missing, folder: folder, environment: env).write()
        } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot write the report of \(study.name): \(e.description)")
        } catch let e as ReportWriter.WriteError {
            throw CLIError.invalidInput("cannot write the report of \(study.name): \(e.description)")
        }
        return folder.appendingPathComponent("index.html")
    }
}
