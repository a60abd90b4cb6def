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
        let derived = results.derived.values.compactMap(\.seconds)
        return rows(runs: results.experiments.values.flatMap { $0.cells.flatMap { $0.runs.values } },
                    derivedSeconds: derived.isEmpty ? nil : derived.reduce(0, +))
    }

    /// Where the runs' time went, summed over the records (so it holds for cached runs too):
    /// optimization steps, evaluation passes, probes, and the derived measurements.
    static func timeBreakdown(runs: [RunRecord], derivedSeconds: Double?) -> String {
        let evaluation = runs.compactMap(\.evaluationSeconds).reduce(0, +)
        let steps = runs.map(\.wallSeconds).reduce(0, +) - evaluation
        let probes = runs.compactMap(\.probeSeconds).reduce(0, +)
        let total = steps + evaluation + probes + (derivedSeconds ?? 0)
        func part(_ name: String, _ s: Double) -> String {
            String(format: "%@ %.1f s (%.0f%%)", name, s, total > 0 ? 100 * s / total : 0)
        }
        var parts = [part("steps", steps), part("evaluation", evaluation), part("probes", probes)]
        if let derivedSeconds { parts.append(part("derived measurements", derivedSeconds)) }
        return String(format: "%.1f core-s: ", total) + parts.joined(separator: ", ")
    }

    /// The footer's rows for a page made from `runs`.
    func rows(runs: [RunRecord], derivedSeconds: Double? = nil) -> [KeyValue] {
        let training = runs.map(\.wallSeconds).reduce(0, +)
        var rows = [
            KeyValue("dlstudy", dlstudyVersion + " (engine \(Engine.version))"),
            KeyValue("git commit", gitCommit ?? "not a git checkout"),
            KeyValue("generated", isoDate),
            KeyValue("platform", RunEnvironment.platform),
            KeyValue("numeric platform", RunEnvironment.numericPlatform(runs: runs)),
            KeyValue("runs", "\(runs.count); training time \(String(format: "%.1f", training)) s summed over runs"),
        ]
        if !runs.isEmpty { rows.append(KeyValue("where the time went", Self.timeBreakdown(runs: runs, derivedSeconds: derivedSeconds))) }
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
