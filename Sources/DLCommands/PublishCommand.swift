import ArgumentParser
import DLReport
import DLStudy
import Foundation

/// `dlstudy publish`: the site index of every study that has a report.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the site index (index.html) of every study report, with thumbnails and verdicts.",
        discussion: """
            Reads <output>/<study>/summary.json for each study that has been reported (the \
            studies `dlstudy list` shows, then any other report in the folder, such as a study \
            file's). With --out, \
            the study folders are copied there too, so the folder is a complete offline site.
            """)

    @OptionGroup var options: StudyOptions

    @Option(help: "Folder for the site (default: the output folder itself).")
    var out: String?

    func run() throws {
        let fm = FileManager.default
        let site = out.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? options.outputURL
        var entries: [SiteEntry] = []
        // The catalog's studies in its order, then any other report in the output folder (from
        // a study file), by name.
        let known = StudyCatalog.studies.map { (name: $0.name, title: Optional($0.title), question: $0.question) }
        let others = ((try? fm.contentsOfDirectory(atPath: options.outputURL.path)) ?? []).sorted()
            .filter { name in !known.contains { $0.name == name } && !name.hasPrefix(".")
                && fm.fileExists(atPath: options.outputURL.appendingPathComponent(name).appendingPathComponent("summary.json").path) }
            .map { (name: $0, title: String?.none, question: String?.none) }
        for study in known + others {
            let folder = options.outputURL.appendingPathComponent(study.name)
            let summaryURL = folder.appendingPathComponent("summary.json")
            guard let data = try? Data(contentsOf: summaryURL) else { continue }
            let summary: StudySummary
            do { summary = try JSONDecoder().decode(StudySummary.self, from: data) } catch {
                throw CLIError.invalidInput("\(summaryURL.path) cannot be read (\(error.localizedDescription)); rerun `dlstudy report \(study.name)`.")
            }
            if site.standardizedFileURL != options.outputURL.standardizedFileURL {
                let target = site.appendingPathComponent(study.name)
                try? fm.removeItem(at: target)
                try fm.createDirectory(at: site, withIntermediateDirectories: true)
                try fm.copyItem(at: folder, to: target)
            }
            let figures = (try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent("figures").path)) ?? []
            let thumbnail = summary.thumbnail.flatMap { figures.contains($0 + ".png") ? "\(study.name)/figures/\($0).png" : nil }
                ?? figures.filter { $0.hasSuffix(".png") }.sorted().first.map { "\(study.name)/figures/\($0)" }
            entries.append(SiteEntry(
                name: study.name, title: study.title ?? summary.title, question: study.question, href: "\(study.name)/index.html",
                thumbnail: thumbnail,
                claims: summary.claims.map {
                    ReportClaim(text: $0.text, verdict: ReportClaim.Verdict(rawValue: $0.verdict) ?? .inconclusive, evidence: $0.formula)
                },
                generated: summary.generated, profile: summary.profile))
        }
        guard !entries.isEmpty else {
            throw CLIError.invalidInput("no study reports in \(options.outputURL.path); run `dlstudy run STUDY` first.")
        }
        let url = try ReportWriter.writeSiteIndex(entries, to: site, title: "dlstudy studies",
                                                  intro: "Deep-learning claims, each backed by its own controlled runs.")
        print("\(entries.count) stud\(entries.count == 1 ? "y" : "ies") → \(url.path)")
    }
}
