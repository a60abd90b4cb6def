import DLFiles
import DLCore
import DLReport
import Foundation

/// What `dlstudy check` found over its studies, written for people (an HTML page with the
/// baseline and current curves overlaid) and for CI systems (JUnit XML).
public struct CheckReport {
    /// One checked study: the comparison and the baseline file it read.
    public struct Entry {
        public var comparison: BaselineComparison
        public var baselinePath: String
        /// The command that accepts the current values as the new baseline.
        public var blessCommand: String
        public init(comparison: BaselineComparison, baselinePath: String, blessCommand: String) {
            self.comparison = comparison; self.baselinePath = baselinePath; self.blessCommand = blessCommand
        }
    }

    public var entries: [Entry]
    /// The records the current values come from (for the reproducibility footer).
    public var runs: [RunRecord]
    public var environment: RunEnvironment

    public init(entries: [Entry], runs: [RunRecord], environment: RunEnvironment) {
        self.entries = entries; self.runs = runs; self.environment = environment
    }

    public var passed: Bool { entries.allSatisfy(\.comparison.passed) }

    /// Failing studies first, then the rest, each group in the order checked.
    var ordered: [Entry] { entries.filter { !$0.comparison.passed } + entries.filter(\.comparison.passed) }

    /// Writes `index.html`, `figures/` and `junit.xml` into `folder`, replacing what an earlier
    /// check left there. Returns the page's and the XML's URLs.
    @discardableResult
    public func write(to folder: URL) throws -> (page: URL, junit: URL) {
        let fm = FileManager.default
        let figures = folder.appendingPathComponent("figures", isDirectory: true)
        try? fm.removeItem(at: figures)
        try fm.createDirectory(at: figures, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        for entry in entries {
            for e in entry.comparison.experimentIDs {
                let id = Self.figureID(entry.comparison, experiment: e)
                try CheckFigure.make(entry.comparison, experiment: e).writeAll(to: figures.appendingPathComponent(id))
                files[id] = "figures/\(id)"
            }
        }
        let page = try ReportWriter.writeReport(document(figures: files), to: folder)
        let junit = folder.appendingPathComponent("junit.xml")
        try AtomicFile.write(JUnitXML(self).text, to: junit)
        return (page, junit)
    }

    /// A file-safe id for an experiment's figure: "demo-quick-main".
    static func figureID(_ c: BaselineComparison, experiment: String) -> String {
        let raw = "\(c.current.study)-\(c.current.profile)-\(experiment)"
        return String(raw.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}

extension BaselineComparison {
    /// Experiments on either side, baseline order first.
    var experimentIDs: [String] {
        var ids = baseline.experiments.map(\.id)
        for e in current.experiments where !ids.contains(e.id) { ids.append(e.id) }
        return ids
    }
}
