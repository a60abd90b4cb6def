import DLCore
import DLStudy

/// Measured inference time of compressed models (seed 0's): a derived machine measurement,
/// outside what `dlstudy check` compares, like `LotterySpeed`.
enum CompressionSpeed {
    typealias S = CompressionStudy

    static func repeats(_ profile: Profile) -> Int { profile == .quick ? 10 : 40 }

    static func timed() -> [LevelHandle] {
        [S.float32, S.pruned(0.9), CompressionText.claimSchemes.int8, S.rank(CompressionText.claimEnergy), S.clustered(CompressionText.claimBits), S.lowBitLevel(.ternary)]
    }

    /// The timing job, made from the plan; nil when the plan lacks a run.
    static func timingJob(_ runs: PlannedRuns, _ profile: Profile) -> DerivedJob? {
        var candidates: [InferenceTiming.Candidate] = []
        for level in timed() {
            guard let job = runs.job(level.experiment.id, level: level.label, seed: 0) else { return nil }
            candidates.append(.init("\(level.experiment.id): \(level.label)", .run(job)))
        }
        return InferenceTiming.job(name: "compression/inference-time", candidates: candidates, repeats: repeats(profile))
    }

    @StudyBuilder
    static func blocks(_ profile: Profile) -> [StudyBlock] {
        Heading("Is a compressed model faster here?")
        Derive { runs in timingJob(runs, profile).map { [$0] } ?? [] }
        Prose("""
            Each of these models (seed 0) evaluates the \(count: 1000) test samples in one batch, \
            \(repeats(profile)) times, the models interleaved pass by pass so that load from other processes on \
            this shared machine falls on all alike. Timings of this machine: a derived measurement, outside the \
            baselines that `dlstudy check` compares.
            """)
        Prose { r in
            guard let job = timingJob(r.planned, r.profile), let ms = InferenceTiming.measurements(r.values(of: job)), let dense = ms.first else {
                return "The timing was not measured in this run."
            }
            var rows = ["| model | nonzero weights | multiply-adds per sample | median time per pass (ms) | relative to float32 |", "|---|---|---|---|---|"]
            for m in ms {
                rows.append("| \(m.label) | \(Format.count(Int(m.nonzeroWeights))) of \(Format.count(Int(m.weights))) | \(Format.count(Int(m.multiplyAddsPerSample))) | \(Format.number(1000 * m.medianSeconds)) | \(Format.ratio(m.medianSeconds / dense.medianSeconds)) |")
            }
            let ratios = ms.dropFirst().map { $0.medianSeconds / dense.medianSeconds }
            return rows.joined(separator: "\n") + "\n\n"
                + "Every model executes the same \(count: Int(dense.multiplyAddsPerSample)) multiply-adds per sample in float32, and the compressed ones take \(Format.ratio(ratios.min() ?? .nan)) to \(Format.ratio(ratios.max() ?? .nan)) of the float32 model's time: on this engine, compression saves bytes and no time. "
                + "Faster inference needs kernels that exploit the format — sparse matrix products, integer arithmetic, the two low-rank factors applied in turn — which this study does not build."
        }
    }
}
