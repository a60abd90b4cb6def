import DLCore
import DLReport
import Foundation

/// Where and how a report was made: the reproducibility footer.
public struct RunEnvironment: Sendable {
    public var dlstudyVersion: String
    public var gitCommit: String?
    public var date: Date
    public var wallSeconds: Double?
    public var jobs: Int

    public init(dlstudyVersion: String, gitCommit: String? = RunEnvironment.currentGitCommit(), date: Date = Date(),
                wallSeconds: Double? = nil, jobs: Int = 1) {
        self.dlstudyVersion = dlstudyVersion; self.gitCommit = gitCommit; self.date = date
        self.wallSeconds = wallSeconds; self.jobs = jobs
    }

    public var isoDate: String { ISO8601DateFormatter().string(from: date) }

    func rows(results: StudyResults) -> [KeyValue] {
        rows(runs: results.experiments.values.flatMap { $0.cells.flatMap { $0.runs.values } })
    }

    /// The footer's rows for a page made from `runs`.
    func rows(runs: [RunRecord]) -> [KeyValue] {
        let training = runs.map(\.wallSeconds).reduce(0, +)
        var rows = [
            KeyValue("dlstudy", dlstudyVersion + " (engine \(Engine.version))"),
            KeyValue("git commit", gitCommit ?? "not a git checkout"),
            KeyValue("generated", isoDate),
            KeyValue("platform", RunEnvironment.platform),
            KeyValue("numeric platform", RunEnvironment.numericPlatform(runs: runs)),
            KeyValue("runs", "\(runs.count); training time \(String(format: "%.1f", training)) s summed over runs"),
        ]
        if let w = wallSeconds { rows.append(KeyValue("wall time of this invocation", String(format: "%.1f s with %d jobs", w, jobs))) }
        return rows
    }

    /// The numeric platform of this machine and, when they differ, of the records: where the
    /// same run specs give the same bits.
    static func numericPlatform(runs: [RunRecord]) -> String {
        let recorded = Set(runs.map { $0.platform ?? "unknown" }).sorted()
        var text = NumericPlatform.description + "; one thread per run"
        if !recorded.isEmpty && recorded != [NumericPlatform.current] {
            text += "; the records were computed on \(recorded.joined(separator: " and "))"
        }
        return text
    }

    public static var platform: String {
        let info = ProcessInfo.processInfo
        #if os(Linux)
        let os = "Linux"
        #else
        let os = "macOS"
        #endif
        return "\(os) \(info.operatingSystemVersionString), \(info.activeProcessorCount) cores"
    }

    /// The commit of the working directory's git checkout, with "-dirty" when it has changes.
    public static func currentGitCommit() -> String? {
        func git(_ args: [String]) -> String? {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git"] + args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = Pipe()
            do { try p.run() } catch { return nil }
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let commit = git(["rev-parse", "--short=12", "HEAD"]) else { return nil }
        let dirty = (git(["status", "--porcelain", "--untracked-files=no"]) ?? "").isEmpty ? "" : "-dirty"
        return commit + dirty
    }
}
