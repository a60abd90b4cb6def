import DLCore
import DLStudy

/// "Pruning makes the model faster", measured: the dense network, tickets (unstructured
/// sparsity: zeros in dense matrices) and smaller dense networks (structured: whole units
/// removed) evaluate the test set on this machine, interleaved.
extension LotteryText {
    /// Rounds whose tickets are timed: about 10% and 4.4% of the weights left.
    static let timedRounds = [10, 14]
    /// Smaller networks timed: about 10% and 5% of the weights.
    static let timedWidths = [21, 12]

    static func repeats(_ profile: Profile) -> Int { profile == .quick ? 10 : 40 }

    /// The timing job, made from the plan (seed 0's runs); nil when the plan lacks a run.
    static func timingJob(_ runs: PlannedRuns, _ profile: Profile) -> DerivedJob? {
        guard let dense = runs.job(S.dense.id, level: "dense", seed: 0) else { return nil }
        var candidates = [InferenceTiming.Candidate("dense MLP (\(S.hidden.map(String.init).joined(separator: "–")) hidden)", .run(dense))]
        for k in timedRounds {
            guard let ticket = runs.job(S.round(k).id, level: S.ticket, seed: 0) else { return nil }
            candidates.append(.init("ticket, \(Format.percent(S.nominalFraction(k))) of weights (unstructured)", .run(ticket)))
        }
        for w in timedWidths {
            var spec = S.base(profile)
            spec.model = .mlp(hidden: [w, w])
            candidates.append(.init("smaller dense MLP (\(w)–\(w) hidden; structured)", .fresh(spec)))
        }
        return InferenceTiming.job(name: "lottery/inference-time", candidates: candidates, repeats: repeats(profile))
    }

    @StudyBuilder
    static func speed(_ profile: Profile) -> [StudyBlock] {
        Heading("Does pruning make the model faster?")
        Derive { runs in timingJob(runs, profile).map { [$0] } ?? [] }
        Prose("""
            A pruned weight is a zero in a dense matrix: this engine, like most dense libraries, multiplies it \
            all the same. Removing whole units instead (structured pruning) leaves a smaller dense layer, which \
            does less work. Measured here: the dense network, the tickets at two sparsities (seed 0, their \
            trained weights with the zeros in place) and two smaller dense MLPs with about as many weights, \
            each evaluating the \(count: 1000) test samples in one batch, \(repeats(profile)) times, the models \
            interleaved pass by pass so that load from other processes on this shared machine falls on all \
            alike. These are timings of this machine: a derived measurement, outside the baselines that \
            `dlstudy check` compares.
            """)
        Prose { r in
            guard let job = timingJob(r.planned, r.profile), let ms = InferenceTiming.measurements(r.values(of: job)), let dense = ms.first else {
                return "The timing was not measured in this run."
            }
            var rows = ["| model | nonzero weights | multiply-adds per sample | median time per pass (ms) | relative to dense |", "|---|---|---|---|---|"]
            for m in ms {
                rows.append("| \(m.label) | \(Format.count(Int(m.nonzeroWeights))) of \(Format.count(Int(m.weights))) | \(Format.count(Int(m.multiplyAddsPerSample))) | \(Format.number(1000 * m.medianSeconds)) | \(Format.ratio(m.medianSeconds / dense.medianSeconds)) |")
            }
            let tickets = ms.dropFirst().prefix(timedRounds.count), smaller = ms.suffix(timedWidths.count)
            let ticketRatio = tickets.map { $0.medianSeconds / dense.medianSeconds }
            let smallerRatio = smaller.map { $0.medianSeconds / dense.medianSeconds }
            return rows.joined(separator: "\n") + "\n\n"
                + "The tickets execute the dense network's \(count: Int(dense.multiplyAddsPerSample)) multiply-adds per sample and take \(list: ticketRatio.map { Format.ratio($0) }) its time; "
                + "the smaller dense networks execute \(list: smaller.map { Format.count(Int($0.multiplyAddsPerSample)) }) and take \(list: smallerRatio.map { Format.ratio($0) }) — "
                + "less of a saving than their share of the multiply-adds (\(list: smaller.map { Format.ratio($0.multiplyAddsPerSample / dense.multiplyAddsPerSample) })) promises, since at this size the fixed costs of each layer and pass weigh. "
                + "Unstructured sparsity saves storage (if stored sparsely) but, in a dense engine, no time; only removing whole units does. "
                + "What the smaller networks cost in accuracy is in the first figure (dotted line): they are trained from scratch at the same budget."
        }
    }
}
