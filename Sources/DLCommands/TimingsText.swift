import DLCore
import DLStudy
import Foundation

/// `dlstudy run --timings`: where a study's wall time went, in core-seconds of the training phase.
enum TimingsText {
    /// `peak`: this core's sgemm GFLOP/s (`ThroughputBenchmark.sgemmPeak`), for the floor line;
    /// nil leaves it out.
    static func lines(study: String, _ t: Runner.Timings, reportSeconds: Double, totalSeconds: Double, peak: Double? = nil) -> String {
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
        ].joined(separator: "\n") + costliest(t) + (peak.map { "\n" + floor(t, peak: $0) } ?? "")
    }

    /// The levels whose runs took longest, with their share of the runs' core-seconds.
    static func costliest(_ t: Runner.Timings, count: Int = 5) -> String {
        let top = t.costliestLevels(count)
        guard t.byLevel.count > 1, t.runSeconds > 0, !top.isEmpty else { return "" }
        let items = top.map { String(format: "%@ %.1f core-s (%.0f%%)", $0.level, $0.seconds, 100 * $0.seconds / t.runSeconds) }
        return "\n  costliest levels of \(t.byLevel.count): " + items.joined(separator: ", ")
    }

    /// How near the limit the steps and evaluation ran: their matrix products alone, at this
    /// core's sgemm peak, on every core. With the same records, only a kernel faster than
    /// OpenBLAS's own best 1024³ product could do better.
    static func floor(_ t: Runner.Timings, peak: Double) -> String {
        let coreSeconds = t.products.total / (peak * 1e9), spent = t.stepSeconds + t.evaluationSeconds
        let share = spent > 0 ? String(format: "; steps and evaluation took %.1f core-s, so they ran at %.0f%% of the peak", spent, 100 * coreSeconds / spent) : ""
        return String(format: "  floor: their products (%.2f TFLOP: steps %.2f, evaluation %.2f) at this core's sgemm peak (%.1f GFLOP/s, "
                        + "the best of ten 1024³ OpenBLAS products) take %.1f core-s (%.1f s on %d core%@)%@",
                      t.products.total / 1e12, t.products.stepFLOPs / 1e12, t.products.evaluationFLOPs / 1e12, peak,
                      coreSeconds, coreSeconds / Double(max(t.cores, 1)), t.cores, t.cores == 1 ? "" : "s", share)
    }
}
