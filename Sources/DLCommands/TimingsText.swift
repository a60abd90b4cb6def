import DLStudy
import Foundation

/// `dlstudy run --timings`: where a study's wall time went, in core-seconds of the training phase.
enum TimingsText {
    static func lines(study: String, _ t: Runner.Timings, reportSeconds: Double, totalSeconds: Double) -> String {
        let capacity = Double(t.cores) * t.wallSeconds
        func row(_ label: String, _ seconds: Double) -> String {
            let share = capacity > 0 ? String(format: "%3.0f%%", 100 * seconds / capacity) : "   –"
            return "    " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%9.2f core-s  ", seconds) + share
        }
        return [
            String(format: "%@ timings: %.1f s wall = training %.1f s + report %.1f s + setup %.1f s", study, totalSeconds,
                   t.wallSeconds, reportSeconds, max(0, totalSeconds - t.wallSeconds - reportSeconds)),
            String(format: "  training phase on %d core%@: %.1f core-s", t.cores, t.cores == 1 ? "" : "s", capacity),
            row("steps", t.stepSeconds),
            row("evaluation", t.evaluationSeconds),
            row("probes", t.probeSeconds),
            row("derived", t.derivedSeconds) + "  (interpolations, model summaries, weight statistics)",
            row("other", t.otherSeconds) + "  (model and data setup, storing records)",
            row("idle", t.idleCoreSeconds),
        ].joined(separator: "\n")
    }
}
