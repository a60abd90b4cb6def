import DLCore
import DLStudy
import Foundation

/// The lottery study's page: what was run, the figures, the claims and what they say, the speed
/// measurement, references and limits.
enum LotteryText {
    typealias S = LotteryStudy

    /// Rounds whose weights left fall in 10–20%: 0.8^8 ≈ 16.8%, 0.8^9 ≈ 13.4%, 0.8^10 ≈ 10.7%.
    static let matchRounds = [8, 9, 10]
    /// The round the claims are stated at (13.4% of the weights left).
    static let claimRound = 9
    /// "Matches" means within this many accuracy points (as a fraction).
    static let margin = 0.01

    @StudyBuilder
    static func introduction(_ profile: Profile) -> [StudyBlock] {
        Prose("""
            Frankle & Carbin (2019) found that a dense network, randomly initialized, contains a subnetwork — \
            a *winning ticket* — that, trained alone from the same initial weights, reaches the accuracy of \
            the full network in at most as many iterations. They find it by *iterative magnitude pruning*: \
            train, remove the 20% of the remaining weights with the smallest magnitude in each layer, reset \
            the survivors to their initial values, and repeat. Frankle et al. (2020) later found that for \
            larger networks the reset must go to the weights of an early iteration instead (*rewinding*).

            Here: the MLP of the MNIST-1D paper (40 inputs, two hidden layers of \(S.hidden[0]) ReLU units, \
            \(count: S.weightCount(S.hidden)) weights and \(count: 2 * S.hidden[0] + 10) biases; biases are never \
            pruned), trained with Adam at lr \(constant: Double(S.learningRate)), batch \(S.batchSize), for \
            \(S.epochs(profile)) epochs. The last \(S.validationSamples) of the 4,000 training samples are held \
            out as a validation set; every choice is made on it, never on the test set. **Early stopping is \
            read off each run**: its test accuracy is taken at the epoch where its validation loss is lowest, \
            and that epoch's last step is its *early-stopping iteration*. \(S.rounds) rounds prune 20% per \
            layer each, down to \(percent: S.nominalFraction(S.rounds)) of the weights; each round is a stage \
            that starts from the previous round's run of the same seed (the setup table of round 1 below \
            stands for all rounds: they differ only in the round they start from). At each round four variants:

            - **\(S.ticket)**: Frankle & Carbin's ticket, its survivors reset to their initial values;
            - **\(S.rewound)**: the same procedure rewinding to the weights after \(S.rewindStep) steps \
            (\(spelled: S.rewindStep / ((4000 - S.validationSamples) / S.batchSize)) epochs) of the dense run;
            - **\(S.reinitialized)**: control 1, the ticket's mask with freshly drawn initial weights \
            (same distribution, another random stream);
            - **\(S.randomMask)**: control 2, a random mask with the same number of weights per layer as \
            the ticket, trained from the original initialization (its own chain of rounds).

            Besides, MLPs with hidden widths \(list: S.widths.map(String.init)) trained from scratch: the \
            *smaller dense networks* that structured pruning (removing whole units) would leave. A last section \
            repeats the procedure on the MNIST-1D paper's CNN. \
            \(Format.spelled(S.seeds(profile)).capitalizedFirst) seeds (0 … \(S.seeds(profile) - 1)); at each seed every variant shares \
            the dense run's initialization and data order, so differences are read seed by seed.
            """)
    }

    static var references: References {
        References(
            Citation("Jonathan Frankle and Michael Carbin", 2019, "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
                     "International Conference on Learning Representations (ICLR 2019)", url: "https://arxiv.org/abs/1803.03635"),
            Citation("Jonathan Frankle, Gintare Karolina Dziugaite, Daniel M. Roy and Michael Carbin", 2020,
                     "Linear Mode Connectivity and the Lottery Ticket Hypothesis",
                     "Proceedings of the 37th International Conference on Machine Learning (ICML), PMLR 119, 3259–3269",
                     url: "https://arxiv.org/abs/1912.05671"),
            .greydanusKobak2024,
            .han2015,
            Citation("Zhuang Liu, Mingjie Sun, Tinghui Zhou, Gao Huang and Trevor Darrell", 2019, "Rethinking the Value of Network Pruning",
                     "International Conference on Learning Representations (ICLR 2019)", url: "https://arxiv.org/abs/1810.05270"))
    }

    static func doesNotShow(_ profile: Profile) -> DoesNotShow {
        DoesNotShow(
            "That lottery tickets exist in large networks or on harder data: one small MLP on one small synthetic data set, \(S.seeds(profile)) seeds. Frankle et al. (2020) found that rewinding to the initialization fails for deeper networks; this MLP is too small to show that.",
            "How the CNN behaves at the MLP's 20% per round or with rewinding: its rounds prune 36% at once and it has no rewound variant, to fit the time budget.",
            "That tickets are found cheaply: each ticket at \(percent: S.nominalFraction(S.rounds)) of the weights took \(S.rounds + 1) full trainings to find.",
            "Speed-ups of sparse kernels: the engine multiplies dense matrices. A sparse-matrix kernel could turn unstructured sparsity into time at some sparsity; the measurement only says this engine does not.",
            "Timings of any other machine: inference times are measured on this shared machine, as a derived measurement outside the checked baselines, and vary with its load.",
            "A tuned comparison: the learning rate, batch size, epochs and rewinding step are set once, not tuned per variant.")
    }

    // MARK: Results

    @StudyBuilder
    static func results(_ profile: Profile) -> [StudyBlock] {
        let variants = [SparsitySeries(S.ticket, S.chain(S.ticket, profile)),
                        SparsitySeries(S.rewound, S.chain(S.rewound, profile)),
                        SparsitySeries(S.reinitialized, [S.dense.level("dense")] + (1...S.rounds).map { S.round($0).level(S.reinitialized) }, dash: .dashed),
                        SparsitySeries(S.randomMask, S.chain(S.randomMask, profile), dash: .dashed),
                        SparsitySeries("smaller dense network", S.widths.map { S.smaller.level("\($0)") }, dash: .dotted,
                                       weightsLeft: S.widths.map { Double(S.weightCount([$0, $0])) / Double(S.weightCount(S.hidden)) })]
        let round = S.round(claimRound)
        let reinitWorse = Claim("At \(Format.percent(S.nominalFraction(claimRound), digits: 3)) of the weights, the re-initialized ticket is less accurate than the ticket",
                                S.accuracy, round.level(S.ticket), greaterThan: round.level(S.reinitialized)).family("controls (MLP)")
        let reinitBelowDense = Claim("At \(Format.percent(S.nominalFraction(claimRound), digits: 3)) of the weights, the re-initialized ticket is less accurate than the dense network",
                                     S.accuracy, S.dense.level("dense"), greaterThan: round.level(S.reinitialized)).family("controls (MLP)")
        let randomWorse = Claim("At \(Format.percent(S.nominalFraction(claimRound), digits: 3)) of the weights, a random mask is less accurate than the ticket",
                                S.accuracy, round.level(S.ticket), greaterThan: round.level(S.randomMask)).family("controls (MLP)")
        let faster = Claim("At \(Format.percent(S.nominalFraction(claimRound), digits: 3)) of the weights, the ticket reaches its lowest validation loss in fewer steps than the dense network",
                           S.stopStep, round.level(S.ticket), lessThan: S.dense.level("dense"))
        Heading("Accuracy against the weights left")
        FigureBlock.sparsity("accuracy", caption: "Test accuracy at the early-stopping epoch (lowest validation loss) against the fraction of weights left, log scale, pruning proceeding to the right (mean over seeds, band ±1 sd). Dotted grey: the dense network.",
                             series: variants, quantity: S.accuracy, reference: ("dense network", S.dense.level("dense")), yLabel: "test accuracy at early stopping")
        let match = matchClaims(S.dense.level("dense"), rounds: mlpMatchRounds, family: "tickets match (MLP)")
        Prose { r in matchText(r, claims: match, dense: S.dense.level("dense"), rounds: mlpMatchRounds, variants: [S.ticket, S.rewound, S.reinitialized]) }
        for claim in match { claim }
        reinitWorse
        reinitBelowDense
        randomWorse
        Prose { r in
            r.reading(reinitWorse,
                      supported: "Keeping the mask but drawing new weights loses accuracy: at \(percent: S.nominalFraction(claimRound)) of the weights the re-initialized ticket ends \(points: r.mean(round.level(S.ticket), S.accuracy) - r.mean(round.level(S.reinitialized), S.accuracy)) below the ticket — the initial values matter, not only the structure, as Frankle & Carbin report.",
                      contradicted: "Against Frankle & Carbin, the re-initialized ticket is *more* accurate than the ticket here.",
                      inconclusive: "The seeds do not settle whether the re-initialized ticket is worse than the ticket here (mean difference \(points: r.mean(round.level(S.ticket), S.accuracy) - r.mean(round.level(S.reinitialized), S.accuracy))).")
                + " " + r.reading(randomWorse,
                                  supported: "A random mask with the same number of weights per layer is also less accurate than the ticket: the magnitude ranking found something a random choice of the same size does not.",
                                  contradicted: "A random mask does better than the ticket at this sparsity.",
                                  inconclusive: "Whether a random mask is worse than the ticket at this sparsity the seeds do not settle.")
        }
        Heading("Early-stopping iteration")
        FigureBlock.sparsity("stop-step", caption: "The early-stopping iteration (the step at the end of the epoch with the lowest validation loss) against the fraction of weights left (mean over seeds, band ±1 sd). Its resolution is one epoch (\(S.stepsPerEpoch) steps); a run whose validation loss still falls at the end of the budget shows the budget's last step (\(count: S.epochs(profile) * S.stepsPerEpoch)), a lower bound. Dotted grey: the dense network.",
                             series: variants, quantity: S.stopStep, reference: ("dense network", S.dense.level("dense")), yLabel: "early-stopping iteration (steps)")
        faster
        Prose { r in
            let (t, d) = (r.mean(round.level(S.ticket), S.stopStep), r.mean(S.dense.level("dense"), S.stopStep))
            return "At \(percent: S.nominalFraction(claimRound)) of the weights the ticket's validation loss bottoms out at step \(number: t) on average, the dense network's at step \(number: d). "
                + r.reading(faster,
                            supported: "The ticket learns faster, as Frankle & Carbin report for moderate pruning, and so certainly no slower.",
                            contradicted: "The ticket learns *slower* here than the dense network: this part of the hypothesis (\"in at most as many iterations\") fails on this setup.",
                            inconclusive: "The seeds do not settle a difference; \"no slower\" is then not contradicted, but not shown either (the claim tests a direction; \"no slower\" would need a margin in steps).")
                + " " + stopPattern(r)
        }
        Prose { r in roundTable(r) }
    }

    /// "The ticket matches the dense network" at the rounds at 10–20% of the weights.
    static func matchClaims(_ dense: LevelHandle, rounds: [(fraction: Double, round: ExperimentHandle)], prefix: String = "", family: String) -> [Claim] {
        rounds.map { fraction, round in
            Claim.equivalent("\(prefix.isEmpty ? "At" : prefix + "at") \(Format.percent(fraction, digits: 3)) of the weights, the ticket matches the dense network within ±\(Format.points(margin, digits: 1))",
                             S.accuracy, round.level(S.ticket), to: dense, within: margin).family(family)
        }
    }

    static var mlpMatchRounds: [(fraction: Double, round: ExperimentHandle)] { matchRounds.map { (S.nominalFraction($0), S.round($0)) } }

    /// What the equivalence claims say together, and every variant's paired difference from the
    /// dense network at those rounds (descriptive rows: the claims decide for the ticket).
    static func matchText(_ r: StudyResults, claims: [Claim], dense: LevelHandle, rounds: [(fraction: Double, round: ExperimentHandle)], variants: [String]) -> String {
        var rows = ["| weights left | variant | variant − dense (mean) | 90% CI |", "|---|---|---|---|"]
        for (fraction, round) in rounds {
            for variant in variants {
                guard let a = r[round.level(variant)], let b = r[dense] else { continue }
                let paired = PairedComparison(a.values(S.accuracy), b.values(S.accuracy), greater: true)
                let tost = ClaimTestResult(differences: paired.differences, test: .equivalence(margin: margin), greater: true)
                rows.append("| \(Format.percent(fraction)) | \(variant) | \(Format.points(tost.meanDifference)) | \(Format.points(tost.intervalLow)) … \(Format.points(tost.intervalHigh)) |")
            }
        }
        let outcomes = zip(rounds, r.outcomes(claims)).map { (fraction: $0.fraction, outcome: $1) }
        let at = { (v: PairedComparison.Verdict) in outcomes.filter { $0.outcome.verdict == v }.map { Format.percent($0.fraction) } }
        let summary: String
        if outcomes.contains(where: { $0.outcome.test == nil }) {
            summary = "Some runs are missing; see the figure."
        } else if at(.supported).count == outcomes.count {
            summary = "At every one of these sparsities the ticket matches the dense network within ±\(Format.points(margin, digits: 1)): the claim that tickets at 10–20% of the weights match the dense net is **supported** here."
        } else {
            var parts: [String] = []
            if !at(.supported).isEmpty { parts.append("shown to lie within the margin at \(Format.list(at(.supported)))") }
            if !at(.contradicted).isEmpty { parts.append("more than \(Format.points(margin, digits: 1)) away at \(Format.list(at(.contradicted)))") }
            if !at(.inconclusive).isEmpty { parts.append("undecided at \(Format.list(at(.inconclusive)))") }
            let halfWidths = outcomes.compactMap { $0.outcome.test.map { ($0.intervalHigh - $0.intervalLow) / 2 } }
            summary = "The claim that tickets at 10–20% of the weights match the dense net is **"
                + (at(.contradicted).isEmpty ? "not shown" : "contradicted at \(Format.list(at(.contradicted)))") + "** here: the ticket is \(parts.joined(separator: "; ")). "
                + (at(.inconclusive).isEmpty ? "" : "The 90% intervals' half-widths average \(Format.points(halfWidths.reduce(0, +) / Double(max(halfWidths.count, 1)))): settling a ±\(Format.points(margin, digits: 1)) margin takes narrower ones, so more seeds where the verdict is undecided.")
        }
        return """
            **Do tickets at 10–20% of the weights match the dense network?** *Matching* means the ticket's \
            test accuracy at early stopping lies within ±\(Format.points(margin, digits: 1)) of the dense \
            network's: an equivalence claim per sparsity, tested with two one-sided tests on the paired \
            per-seed differences (supported when the 90% interval lies inside the margin), Holm-adjusted \
            over the \(spelled: claims.count) sparsities. \(summary) The table gives every variant's paired \
            difference; the claims decide for the ticket, the other rows are descriptive.
            """ + "\n\n" + rows.joined(separator: "\n")
    }

    /// Where over the rounds the ticket stops earlier than the dense network (means; descriptive).
    static func stopPattern(_ r: StudyResults) -> String {
        let d = r.mean(S.dense.level("dense"), S.stopStep)
        let means = (1...S.rounds).map { (k: $0, t: r.mean(S.round($0).level(S.ticket), S.stopStep)) }.filter { $0.t.isFinite }
        guard d.isFinite, let fastest = means.min(by: { $0.t < $1.t }) else { return "" }
        let earlier = means.filter { $0.t < d }
        let range = earlier.isEmpty ? "at none of the sparsities"
            : "at \(Format.count(earlier.count)) of the \(Format.count(means.count)) sparsities, between \(Format.percent(S.nominalFraction(earlier.first!.k))) and \(Format.percent(S.nominalFraction(earlier.last!.k))) of the weights"
        return "Over all rounds (a description of the means, not a tested claim): the ticket stops earlier than the dense network \(range); "
            + "its earliest stop, at step \(Format.number(fastest.t)), comes with \(Format.percent(S.nominalFraction(fastest.k))) of the weights."
    }

    /// Every round's means: weights left, accuracy per variant, early-stopping iteration.
    static func roundTable(_ r: StudyResults) -> String {
        func cell(_ level: LevelHandle, _ q: Quantity, percent: Bool) -> String {
            guard let s = r.summary(level, q) else { return "–" }
            return percent ? "\(Format.percent(s.mean)) ± \(Format.number(100 * s.sd, digits: 2))" : "\(Format.number(s.mean)) ± \(Format.number(s.sd, digits: 2))"
        }
        var rows = ["Test accuracy at early stopping and early-stopping iteration (steps) per round, mean ± sd over seeds (sd of the accuracy in points).", "",
                    "| round | weights left | \(S.ticket) | \(S.rewound) | \(S.reinitialized) | \(S.randomMask) | ticket: stop step |",
                    "|---|---|---|---|---|---|---|"]
        let dense = S.dense.level("dense")
        rows.append("| 0 (dense) | 100% | \(cell(dense, S.accuracy, percent: true)) | | | | \(cell(dense, S.stopStep, percent: false)) |")
        for k in 1...S.rounds {
            let e = S.round(k)
            let left = r.summary(e.level(S.ticket), .weightsLeft).map { Format.percent($0.mean) } ?? "–"
            rows.append("| \(k) | \(left) | " + S.variants.map { cell(e.level($0), S.accuracy, percent: true) }.joined(separator: " | ")
                        + " | \(cell(e.level(S.ticket), S.stopStep, percent: false)) |")
        }
        return rows.joined(separator: "\n")
    }
}

extension LotteryStudy {
    static var stepsPerEpoch: Int { (4000 - validationSamples + batchSize - 1) / batchSize }
}
