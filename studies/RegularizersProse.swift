import DLCore
import DLStudy
import Foundation

/// The regularizers study's sentences, written from the spec and the measured numbers.
enum RegularizersProse {
    typealias S = RegularizersStudy
    typealias A = RegularizersAnalysis

    static func introduction(_ r: StudyResults, _ profile: Profile) -> String {
        let spec = S.base(profile), data = DataSpec.mnist1d.sizes!, dense = spec.denseParameters!
        let parameters = r.facts(S.main).parameters(S.noneLevel) ?? dense.total
        let seeds = Format.spelled(r.facts(S.main).seeds)
        return """
            A network with far more parameters than training samples can fit every training label, noise included, and its test loss then rises while its training loss keeps falling. Regularizers are the classical remedies, and each has a strength: how hard L2 pulls the weights towards zero, how hard L1 does, how many units dropout silences, how far augmentation shifts the signals, how long early stopping waits. A comparison at one arbitrary strength per method ranks the strengths, not the methods. So each method here gets the same budget — a grid of three or four values of its own knob — and is compared at the value a validation split chooses; the test set is read once per run, at the epoch where its validation accuracy peaked.

            **Setup.** The first \(S.trainSamples) samples of MNIST-1D's canonical training set (\(data.train) samples, \(data.sampleValues) values each, \(data.classes) classes; Greydanus 2020) are the training set; training samples \(S.trainSamples)–\(S.trainSamples + S.validationSamples - 1) are the validation set; the test set is the canonical \(data.test) test samples. The model is an MLP \(dense.widths) (\(count: parameters) parameters, \(parameters / S.trainSamples) per training sample) with PyTorch's default initialization, trained with SGD (momentum \(constant: Double(S.momentum)), lr \(constant: Double(S.rate)), batch \(spec.batchSize), so \(spec.stepsPerEpoch!) steps per epoch) for \(S.epochs(profile)) epochs. Losses and accuracies are measured after every epoch on the whole (clean, unaugmented) sets in evaluation mode. \(seeds.capitalizedFirst) seeds; at a given seed every level starts from the same weights of its Linear layers and sees the same batch order (common random numbers), so the claims compare levels seed by seed.

            **What the engine does.** With training loss L(w) = (1/n) Σᵢ ℓ(f(xᵢ; w), yᵢ) over the weight matrices' entries w (biases are not penalized):

            - **L2**: L(w) + (λ/2) ‖w‖₂², gradient ∇L + λw — the same update as coupled weight decay λ in SGD (it enters the momentum buffer; Krogh & Hertz 1992).
            - **L1**: L(w) + λ ‖w‖₁, subgradient ∇L + λ·sign(w), sign(0) = 0 (the lasso penalty; Tibshirani 1996). Plain subgradient descent jitters around zero rather than landing on it, so "sparse" is measured as |w| < \(scientific: S.nearZero).
            - **Dropout** (inverted): in training each hidden unit's output is zeroed with probability p and the rest scaled by 1/(1 − p) (Srivastava et al. 2014); evaluation uses every unit.
            - **Shift**: each training signal is rotated circularly by a whole number of samples drawn uniformly from −k … k, anew each time it is drawn (Simard et al. 2003; Shorten & Khoshgoftaar 2019).
            - **Early stopping**: training stops when the validation loss has not improved for *patience* epochs, and the weights of its lowest validation loss are restored (Prechelt 1998).

            **How the claims are read.** Every claim compares paired differences over the seeds. Claims answering one question form a family (accuracy over none; dropout against the others; the gap; the weights; more data; early stopping), and within a family the p-values are adjusted with Holm's (1979) step-down procedure; a "no difference" claim is two one-sided tests (Schuirmann 1987) against a margin fixed before the runs.
            """
    }

    /// "L2 λ 10⁻³" from the cell "L2, λ 10⁻³".
    static func name(_ level: LevelHandle) -> String { level.label.replacingOccurrences(of: ", ", with: " ") }

    /// The compared level's name of a claim between two levels.
    static func otherName(_ claim: Claim) -> String {
        if case .level(let other) = claim.reference { return name(S.main.level(other)) }
        return "the reference"
    }

    static func tuning(_ r: StudyResults) -> String {
        let t = S.tuning, n = r.facts(S.main).seeds
        let grids = t.groups.map { g in "\(g) \(Format.list(t.labels(g)))" }
        let runs = t.groups.map { t.cells($0).count }.reduce(0, +)
        var parts = ["The budget: \(list: grids) — \(runs) settings, \(n) seeds each, \(S.epochs(r.profile)) epochs at most. The score that chooses is each run's best validation accuracy over its epochs (a diverged run counts 0); the setting with the highest mean over seeds is chosen, the first in the grid on a tie."]
        let picks = t.groups.compactMap { g -> String? in
            guard let level = t.chosen(g, in: r) else { return nil }
            return "\(name(level)) (validation \(percent: r.mean(level, t.score)))" + (t.choseEdge(g, in: r) ? ", an end of the grid" : "")
        }
        parts.append("Chosen: \(list: picks); no regularization reaches \(percent: r.mean(S.noneLevel, t.score)).")
        let edges = t.groups.filter { t.choseEdge($0, in: r) }
        parts.append(edges.isEmpty ? "No choice lies at an end of its grid."
                     : "For \(list: edges) the choice lies at an end of the grid, so the best strength may lie beyond it; the comparison below is of the best strength the grid offers.")
        return parts.joined(separator: " ")
    }

    static func accuracy(_ r: StudyResults) -> String {
        let none = r.mean(S.noneLevel, S.testChosen)
        let chosen = A.chosen(r)
        guard !chosen.isEmpty, none.isFinite else { return "No results yet." }
        var parts = ["Read at its validation-chosen epoch, the unregularized network reaches \(percent: none) test accuracy. At their chosen strengths: \(list: chosen.map { "\(name($0)) \(percent: r.mean($0, S.testChosen))" })."]
        let outcomes = r.outcomes(S.beatsNone)
        let raised = outcomes.levels(.supported).map { name(S.main.level($0)) }, lowered = outcomes.levels(.contradicted).map { name(S.main.level($0)) }
        let open = outcomes.levels(.inconclusive).map { name(S.main.level($0)) }
        parts.append("After Holm's adjustment, \(raised.isEmpty ? "none of the four tuned regularizers raises test accuracy with confidence" : "\(list: raised) raise\(raised.count == 1 ? "s" : "") test accuracy with confidence")"
                     + (lowered.isEmpty ? "" : "; \(list: lowered) lower\(lowered.count == 1 ? "s" : "") it")
                     + (open.isEmpty ? "." : "; for \(list: open) the seeds do not settle it."))
        let dropoutOutcomes = r.outcomes(S.dropoutBest), beaten = dropoutOutcomes.filter { $0.verdict == .supported }.count
        let ranked = chosen.sorted { r.mean($0, S.testChosen) > r.mean($1, S.testChosen) }
        if let top = ranked.first {
            parts.append("\n\n*Does dropout perform best among regularizers?* The highest mean test accuracy is \(name(top))'s. Dropout is ahead of \(beaten) of the \(dropoutOutcomes.count) others with confidence"
                         + (beaten == dropoutOutcomes.count ? ", so here the folklore holds." : dropoutOutcomes.contains { $0.verdict == .contradicted }
                            ? ", and behind \(list: dropoutOutcomes.filter { $0.verdict == .contradicted }.map { otherName($0.claim) }) — the folklore does not hold here."
                            : "; the claim as a whole is not supported at these seeds."))
        }
        let es = r.outcome(S.esMatches)
        parts.append("\n\nEarly stopping (at its chosen patience) against training the whole budget and reading the epoch validation chooses: \(es.pointsWithInterval). "
                     + es.reading(supported: "Within the ±\(Format.points(S.equivalenceMargin)) margin: once every run is read at its validation-chosen epoch, early stopping adds no accuracy — it saves the epochs after the stop.",
                                  contradicted: "A difference beyond the ±\(Format.points(S.equivalenceMargin)) margin: stopping on the validation loss is not the same as reading the epoch of best validation accuracy.",
                                  inconclusive: "The seeds cannot tell whether the two are within ±\(Format.points(S.equivalenceMargin)) of each other."))
        return parts.joined(separator: " ")
    }

    static func gap(_ r: StudyResults) -> String {
        guard let none = r[S.noneLevel] else { return "No results yet." }
        let chosen = A.chosen(r)
        let outcomes = r.outcomes(S.gapClaims)
        let narrowed = outcomes.levels(.supported).map { name(S.main.level($0)) }
        var parts = ["The unregularized network ends with a gap of \(number: none.mean(S.finalGap)) (test − train loss after \(S.epochs(r.profile)) epochs). \(narrowed.count) of the \(outcomes.count) tuned regularizers narrow it with confidence after Holm's adjustment\(narrowed.isEmpty ? "" : " (\(list: narrowed))")."]
        let byGap = chosen.sorted { r.mean($0, S.finalGap) < r.mean($1, S.finalGap) }
        let byAccuracy = chosen.sorted { r.mean($0, S.testChosen) > r.mean($1, S.testChosen) }
        if let smallest = byGap.first, let rank = byAccuracy.firstIndex(of: smallest) {
            parts.append("The smallest gap is \(name(smallest))'s, \(number: r.mean(smallest, S.finalGap)), with a final training loss of \(number: r.mean(smallest, .final(.trainLoss))) against \(number: none.mean(.final(.trainLoss))) without regularization; by test accuracy it ranks \(rank + 1) of \(chosen.count).")
        }
        parts.append("A gap is small when the training loss is high as much as when the test loss is low, so an underfitting network wins it; that is why the claims above that rank the methods are on test accuracy, and the gap is reported beside it, not instead of it.")
        if let l2 = S.tuning.cells(S.l2).last, r[l2] != nil {
            parts.append("The strongest L2 of the grid (\(name(l2))) shows it plainly: gap \(number: r.mean(l2, S.finalGap)), training loss \(number: r.mean(l2, .final(.trainLoss))), test accuracy \(percent: r.mean(l2, S.testChosen)).")
        }
        return parts.joined(separator: " ")
    }

    static func matching(_ r: StudyResults) -> String {
        guard let pair = A.matchedPair(r) else { return "No L1 or L2 results yet." }
        let within = abs(pair.difference) <= S.matchMargin
        return "The notes say L1 makes weights sparse and L2 makes them small. Compared at strengths 100× apart, any difference in sparsity could be the strength's; so the comparison is made at matched accuracy: of the \(S.l1Grid.count) × \(S.l2Grid.count) pairs of L1 and L2 strengths, those whose mean validation accuracies lie within \(points: S.matchMargin) of each other, and among them the most accurate. "
            + (within ? "That pair is \(name(pair.l1)) (validation \(percent: r.mean(pair.l1, S.tuning.score))) and \(name(pair.l2)) (\(percent: r.mean(pair.l2, S.tuning.score)))."
                : "No pair is that close; the closest is \(name(pair.l1)) (validation \(percent: r.mean(pair.l1, S.tuning.score))) and \(name(pair.l2)) (\(percent: r.mean(pair.l2, S.tuning.score))), so the match is looser than intended.")
            + " Weights are read at the end of training."
    }

    static func weights(_ r: StudyResults) -> String {
        guard let none = r[S.noneLevel], let pair = A.matchedPair(r), let l1 = r[pair.l1], let l2 = r[pair.l2] else { return "No results yet." }
        let nz = A.nearZeroTotal, norm = A.normTotal, threshold = Format.scientific(S.nearZero)
        var parts: [String] = []
        if let start = A.initialStatistics(r) {
            parts.append("At initialization (seed 0) \(percent: start.nearZero) of the weights lie within \(threshold) of zero (PyTorch's default init draws them uniformly from ±1/√fan-in) and their norm is \(number: start.l2).")
        }
        parts.append("At the end, without regularization, \(percent: none.mean(nz)) are near zero and the norm is \(number: none.mean(norm)). \(name(pair.l1)) leaves \(percent: l1.mean(nz)) near zero with a norm of \(number: l1.mean(norm)); \(name(pair.l2)) leaves \(percent: l2.mean(nz)) with a norm of \(number: l2.mean(norm)).")
        parts.append(r.reading(S.sparser, supported: "So at matched accuracy L1 does make the weights sparser: \(r.outcome(S.sparser).pointsWithInterval) more of them near zero.",
                               contradicted: "At matched accuracy L2 leaves more weights near zero than L1 — against the notes.",
                               inconclusive: "At matched accuracy the seeds do not settle which leaves more weights near zero."))
        parts.append(r.reading(S.smaller, supported: "And L2 leaves the smaller norm.", contradicted: "But L1 leaves the smaller norm: at this matched accuracy L1 is the stronger shrinker overall.",
                               inconclusive: "Which leaves the smaller norm the seeds do not settle."))
        parts.append(r.reading(S.smallerThanNone, supported: "Against no regularization, L2's norm is smaller, as the notes say.",
                               contradicted: "L2's norm is even larger than without regularization.", inconclusive: "Against no regularization, L2's norm is not smaller with confidence."))
        if let m1 = A.medians(r, level: pair.l1.label), let m0 = A.medians(r, level: S.none) {
            parts.append("In seed 0, \(name(pair.l1))'s weights below \(threshold) have a median |w| of \(number: m1.small) and the others a median of \(number: m1.big) (\(number: m0.big) without regularization): the histogram splits into a group far below the threshold — L1's constant pull λ·sign(w) drives every weight the data does not defend towards zero, where it jitters — and the rest.")
        }
        return parts.joined(separator: " ")
    }

    static func moreData(_ r: StudyResults) -> String {
        let sizes = [S.sizeLevel(250), S.sizeLevel(500), S.noneLevel, S.sizeLevel(2000)], counts = [250, 500, S.trainSamples, 2000]
        guard r[S.sizeLevel(2000)] != nil else { return "No results yet." }
        var parts = ["Without regularization, test accuracy at the chosen epoch grows with the training set: \(list: zip(counts, sizes).map { "\($0.0) samples \(percent: r.mean($0.1, S.testChosen))" })."]
        if let best = A.bestModelRegularizer.choose(r) {
            parts.append("The best of the regularizers that change the model (L2, L1, dropout) on validation is \(name(best)), at \(percent: r.mean(best, S.testChosen)) with \(S.trainSamples) samples.")
        }
        let difference = { (c: Claim) in "n = 2000 minus it, \(r.outcome(c).pointsWithInterval)" }
        parts.append(r.reading(S.moreData, supported: "Twice the data beats it (\(difference(S.moreData))).",
                               contradicted: "It beats twice the data (\(difference(S.moreData))).",
                               inconclusive: "Against twice the data the seeds do not settle it (\(difference(S.moreData)))."))
        parts.append(r.reading(S.moreThanShift, supported: "Twice the data also beats shift augmentation, which makes new signals out of the old (\(difference(S.moreThanShift))).",
                               contradicted: "But shift augmentation, which makes new signals out of the old, beats twice the real data (\(difference(S.moreThanShift))).",
                               inconclusive: "Against shift augmentation the seeds do not settle it (\(difference(S.moreThanShift)))."))
        parts.append("\"More data beats a better model\" (Banko & Brill 2001; Halevy et al. 2009) is a claim about large corpora; here it is tested at one doubling.")
        return parts.joined(separator: " ")
    }

    static func earlyStopping(_ r: StudyResults) -> String {
        let stops = A.earlyStops(r)
        guard !stops.isEmpty, let level = S.tuning.chosen(S.early, in: r) else { return "No early-stopping results yet." }
        let each = { (f: (A.EarlyStop) -> String) in stops.map(f).joined(separator: ", ") }
        let worst = stops.map(\.excess).max() ?? .nan
        var parts = ["At \(name(level)), early stopping restores the weights of epochs \(each { "\($0.restored)" }) (seeds \(each { "\($0.seed)" })) and stops at epochs \(each { "\($0.stopped)" }); the unregularized runs of the same seeds reach their lowest test loss at epochs \(each { "\($0.noneMinimumEpoch)" })."]
        parts.append("The restored weights' test loss is \(each { Format.percent($0.excess, digits: 2) }) above the same seed's lowest test loss — "
                     + (worst < 0.05 ? "so the validation set picks an epoch about as good as the one the test set itself would have picked." : "up to \(Format.percent(worst, digits: 2)) worse than the epoch the test set itself would have picked."))
        return parts.joined(separator: " ")
    }

    static let references: [Citation] = [
        Citation("Nitish Srivastava, Geoffrey Hinton, Alex Krizhevsky, Ilya Sutskever, Ruslan Salakhutdinov", 2014,
                 "Dropout: A Simple Way to Prevent Neural Networks from Overfitting", "Journal of Machine Learning Research 15(56):1929–1958",
                 url: "https://jmlr.org/papers/v15/srivastava14a.html"),
        Citation("Robert Tibshirani", 1996, "Regression Shrinkage and Selection via the Lasso",
                 "Journal of the Royal Statistical Society, Series B 58(1):267–288"),
        Citation("Andrew Y. Ng", 2004, "Feature selection, L1 vs. L2 regularization, and rotational invariance",
                 "Proceedings of the 21st International Conference on Machine Learning (ICML 2004)"),
        Citation("Anders Krogh, John A. Hertz", 1992, "A Simple Weight Decay Can Improve Generalization",
                 "Advances in Neural Information Processing Systems 4 (NIPS 1991), 950–957"),
        Citation("Lutz Prechelt", 1998, "Early Stopping — But When?",
                 "Neural Networks: Tricks of the Trade, Lecture Notes in Computer Science 1524, Springer, 55–69"),
        Citation("Patrice Y. Simard, Dave Steinkraus, John C. Platt", 2003, "Best Practices for Convolutional Neural Networks Applied to Visual Document Analysis",
                 "Proceedings of the 7th International Conference on Document Analysis and Recognition (ICDAR 2003), 958–963"),
        Citation("Connor Shorten, Taghi M. Khoshgoftaar", 2019, "A survey on Image Data Augmentation for Deep Learning",
                 "Journal of Big Data 6:60", url: "https://doi.org/10.1186/s40537-019-0197-0"),
        Citation("Michele Banko, Eric Brill", 2001, "Scaling to Very Very Large Corpora for Natural Language Disambiguation",
                 "Proceedings of the 39th Annual Meeting of the Association for Computational Linguistics (ACL 2001), 26–33"),
        Citation("Alon Halevy, Peter Norvig, Fernando Pereira", 2009, "The Unreasonable Effectiveness of Data",
                 "IEEE Intelligent Systems 24(2):8–12"),
        .greydanus2020,
        .holm1979,
        .schuirmann1987,
    ]

    static func caveats(_ profile: Profile) -> [String] {
        [
            "Anything at scale: one \(S.hidden.map(String.init).joined(separator: "-"))-unit MLP on MNIST-1D, \(S.trainSamples) training samples, plain SGD with momentum at one learning rate, \(S.seeds(profile)) seeds, \(S.epochs(profile)) epochs. Dropout's advantage in Srivastava et al. (2014) is on large networks and data sets; a different architecture (convolutions, batch norm) or optimizer can reorder the methods.",
            "The best possible strength: each grid has three or four values, a factor 3–10 apart; a finer or wider grid can choose differently, and a choice at an end of a grid (the page says which) may not be the grid's best for long. The learning rate is not re-tuned per regularizer, and combinations (say shift with L2) are not tuned at all — a combination needs its own grid.",
            "Batch normalization: it is compared with dropout and L2 in the batchnorm study, not here.",
            "Sparsity as exact zeros: plain subgradient descent on L1 leaves weights jittering around zero, not at it; proximal methods (soft thresholding) would produce exact zeros. Sparsity is measured as |w| < 10⁻³, at the end of training, not at the chosen epoch.",
            "A common validation set across data-set sizes: each size holds out the 500 samples after its own training samples, so the sizes' validation sets differ (all from the same distribution). The more-data claim doubles the data once; it says nothing about the returns of a tenfold increase.",
            "Test accuracy at the best test epoch: every number is read at the epoch validation chooses; the test set is never used to choose.",
            DoesNotShow.choiceReadOnItsOwnSeeds(S.seeds(profile), chosen: "each regularizer at its tuned strength"),
        ]
    }
}
