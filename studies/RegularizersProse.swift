import DLCore
import DLStudy
import Foundation

/// The regularizers study's sentences, written from the spec and the measured numbers.
enum RegularizersProse {
    typealias S = RegularizersStudy
    static let gapQ = Quantity.final(.generalizationGap)

    static func introduction(_ r: StudyResults, _ profile: Profile) -> String {
        let spec = S.base(profile), data = DataSpec.mnist1d.sizes!, dense = spec.denseParameters!
        let parameters = r.facts(S.main).parameters(S.noneLevel) ?? dense.total
        return """
            A network with far more parameters than training samples can fit every training label, noise included, and its test loss then rises while its training loss keeps falling. Regularizers are the classical remedies. They work in different places: a *penalty* on the weights (L2 pulls every weight towards zero in proportion to its size, L1 by a constant amount, which sets small weights exactly to zero), *noise in the network* (dropout), *normalization* (batch norm), *stopping* before the fit turns into memorization (early stopping), and *more data* made from the data we have (augmentation). We put each of them, one at a time, on the same overfitting setup.

            **Setup.** The first \(S.trainSamples) samples of MNIST-1D's canonical training set (\(data.train) samples, \(data.sampleValues) values each, \(data.classes) classes) are the training set; the test set is the canonical \(data.test) test samples. The model is an MLP \(dense.widths) (\(count: parameters) parameters, \(parameters / S.trainSamples) per training sample) with PyTorch's default initialization, trained with SGD (momentum \(constant: Double(S.momentum)), lr \(constant: Double(S.rate)), batch \(spec.batchSize), so \(spec.stepsPerEpoch!) steps per epoch) for \(S.epochs(profile)) epochs. Training samples \(S.trainSamples)–\(S.trainSamples + S.validationSamples - 1) are held out as a validation set: it is evaluated in every run but only early stopping reads it. All losses and accuracies are measured after every epoch on the whole (clean, unaugmented) sets in evaluation mode. \(Format.spelled(r.facts(S.main).seeds).capitalizedFirst) seeds; at a given seed every level starts from the same weights of its Linear layers and sees the same batch order (common random numbers), so the claims below compare levels seed by seed.

            **The levels.** *\(S.noneLevel)*; *\(S.l2Level)*: (λ/2)·Σw² added to the loss with λ = \(scientific: Double(S.l2)), which for SGD is the same update as (coupled) weight decay \(scientific: Double(S.l2)); *\(S.l1Level)*: λ·Σ|w| with λ = \(scientific: Double(S.l1)) (gradient λ·sign w) — both penalties apply to the \(spelled: dense.weightShapes.count) weight matrices only, not to biases or batch-norm parameters; *\(S.dropoutLevel)* after each hidden ReLU; *\(S.batchNormLevel)* between each hidden Linear and its ReLU; *\(S.earlyLevel)* on the validation loss with patience \(S.patience) epochs, restoring the best epoch's weights; *\(S.shiftLevel)*: every training sample in every minibatch is rotated circularly by a random whole number of positions in \(count: -S.maxShift)…\(S.maxShift) (MNIST-1D's digits are placed at random positions, so a shift produces a plausible new sample); and one combination, *\(S.comboLevel)*. We combine these two because they act on different things — the data and the size of the weights — and because a pilot run (PyTorch) showed that shift augmentation alone still overfits late in training (its test loss turns up again after about 100 epochs), which is the drift L2 held in check.
            """
    }

    static func curves(_ r: StudyResults) -> String {
        guard let exp = r[S.main], let none = r[S.noneLevel] else { return "No results yet." }
        let final = { (c: CellResults) in c.mean(.final(.testLoss)) }, lowest = { (c: CellResults) in c.mean(.best(.testLoss)) }
        var parts = ["Without regularization the network memorizes its \(S.trainSamples) samples: the training loss ends at \(number: none.mean(.final(.trainLoss))) (\(percent: none.mean(.final(.trainAccuracy))) training accuracy), while the test loss bottoms out at \(number: lowest(none)) around epoch \(number: none.mean(.epochOfBest(.testLoss)).rounded()) and then climbs to \(number: final(none)) by epoch \(S.epochs(r.profile)). Final test accuracy: \(percent: none.mean(.final(.testAccuracy)))."]
        // Which regularizers still fit the training set, which hold the test loss down.
        let others = exp.cells.filter { $0.label != S.none && $0.label != S.earlyLabel }
        let memorize = others.filter { $0.mean(.final(.trainAccuracy)) >= 0.995 }.map(\.label)
        if !memorize.isEmpty {
            parts.append("\(memorize.count) of the \(others.count) regularizers that train for the whole budget do not stop the memorization, only slow it: \(list: memorize) still end with at least 99.5% training accuracy.")
        }
        let rising = others.filter { final($0) > 1.1 * lowest($0) }, flat = others.filter { final($0) <= 1.1 * lowest($0) }
        if !rising.isEmpty {
            parts.append("The test loss still turns up again, by more than 10% from its lowest point, with \(list: rising.map { "\($0.label) (lowest \(number: lowest($0)) → final \(number: final($0)))" }).")
        }
        if !flat.isEmpty { parts.append("It ends within 10% of its minimum with \(list: flat.map { "\($0.label) (\(number: final($0)))" }).") }
        let table = ResultsTable.curves(r, [S.main], metrics: [.trainLoss])
        if let bn = table.curve(S.batchNormLevel, .trainLoss).dropFirst(10).first, let plain = table.curve(S.noneLevel, .trainLoss).dropFirst(10).first {
            parts.append("Batch norm mostly speeds up the fit: after \(number: bn.x) epochs its training loss is \(number: bn.summary.mean), against \(number: plain.summary.mean) without it.")
        }
        return parts.joined(separator: " ")
    }

    static func gap(_ r: StudyResults) -> String {
        guard let exp = r[S.main], let none = r[S.noneLevel] else { return "No results yet." }
        let outcomes = r.outcomes(r.claims(about: gapQ, in: S.main))
        let (narrowed, notNarrowed) = (outcomes.levels(.supported), outcomes.levels(not: .supported))
        let acc = { (c: CellResults) in c.mean(.final(.testAccuracy)) }, noneAcc = acc(none)
        var parts = ["The unregularized gap ends at \(number: none.mean(gapQ)) (test − train loss)."]
        parts.append(notNarrowed.isEmpty ? "Every regularizer ends with a smaller gap, and the paired comparison supports all \(outcomes.count) claims above."
                     : "\(narrowed.count) of \(outcomes.count) regularizers narrow it with confidence (\(list: narrowed)); \(list: notNarrowed) \(notNarrowed.count == 1 ? "does" : "do") not.")
        let ranked = exp.cells.filter { $0.label != S.none }.sorted { $0.mean(gapQ) < $1.mean(gapQ) }
        if let smallest = ranked.first { parts.append("The smallest gap is \(smallest.label)'s, \(number: smallest.mean(gapQ)).") }
        let byAcc = exp.cells.sorted { acc($0) > acc($1) }
        parts.append("A small gap is not the same as a good model, though: the best final test accuracy is \(byAcc[0].label)'s, \(percent: acc(byAcc[0])) against \(percent: noneAcc) without regularization.")
        parts.append("In order of final test accuracy (%): \(byAcc.map { "\($0.label) \(number: 100 * acc($0))" }.joined(separator: ", ")).")
        if let es = r[S.earlyLevel] {
            let (accEpoch, lossEpoch) = (none.mean(.epochOfBest(.testAccuracy)), none.mean(.epochOfBest(.testLoss)))
            parts.append("\n\nEarly stopping's gap is small by construction — it keeps weights from before the training loss fell far (training loss \(number: es.mean(.final(.trainLoss))), \(percent: es.mean(.final(.trainAccuracy))) training accuracy) — yet its test accuracy, \(percent: acc(es)), is \(acc(es) < noneAcc ? "below" : "above") the unregularized network's final \(percent: noneAcc)."
                + (accEpoch > lossEpoch ? " The unregularized network's test accuracy peaks later than its test loss (epoch \(number: accEpoch.rounded()) against \(number: lossEpoch.rounded()) on average over seeds): after the loss minimum the network still gets more test samples right while growing more confident on the ones it gets wrong, which the loss punishes." : ""))
        }
        if let combo = r[S.comboLevel], let shift = r[S.shiftLevel] {
            let (cAcc, sAcc, cLoss, sLoss) = (acc(combo), acc(shift), combo.mean(.final(.testLoss)), shift.mean(.final(.testLoss)))
            parts.append((cLoss < sLoss
                ? "\n\nThe combination does what it was chosen for on the loss: \(S.shiftLevel) + L2 ends with a test loss of \(number: cLoss) against shift alone's \(number: sLoss), and a gap of \(number: combo.mean(gapQ))."
                : "\n\nThe combination has the smaller gap (\(number: combo.mean(gapQ))) but not the lower test loss: \(number: cLoss) against shift alone's \(number: sLoss) — in \(S.epochs(r.profile)) epochs shift alone has not yet overfitted enough for L2 to have anything to hold in check.")
                + (cAcc < sAcc
                    ? (cLoss < sLoss ? " But" : " And") + " its test accuracy, \(percent: cAcc), is \(points: sAcc - cAcc) below shift alone's \(percent: sAcc): with both, the network no longer fits its training set (training loss \(number: combo.mean(.final(.trainLoss))), \(percent: combo.mean(.final(.trainAccuracy))) training accuracy) — λ = \(scientific: Double(S.l2)), tuned without augmentation, is too strong on top of it. Regularizers do not simply add up; a combination needs its own tuning."
                    : " Its test accuracy, \(percent: cAcc), is also at least as high as shift alone's \(percent: sAcc)."))
        }
        if let bn = r[S.batchNormLevel] {
            let g = bn.mean(gapQ), rank = (ranked.firstIndex { $0.label == bn.label } ?? -1) + 1, memorizes = bn.mean(.final(.trainAccuracy)) >= 0.995
            parts.append(g < none.mean(gapQ)
                ? "By the final gap batch norm ranks \(rank) of \(ranked.count) (\(number: g), \(percent: 1 - g / none.mean(gapQ), digits: 2) below none's)\(memorizes ? ", and its network memorizes the training set as completely as the unregularized one (\(percent: bn.mean(.final(.trainAccuracy))) training accuracy)" : ""): it speeds up the fit more than it regularizes."
                : "Batch norm does not narrow the gap (\(number: g) against \(number: none.mean(gapQ))): it speeds up the fit, not the generalization.")
        }
        return parts.joined(separator: " ")
    }

    static func weights(_ r: StudyResults) -> String {
        guard let none = r[S.noneLevel], let l1 = r[S.l1Level], let l2 = r[S.l2Level] else { return "No results yet." }
        let nz = RegularizersAnalysis.nearZeroTotal, norm = RegularizersAnalysis.normTotal, threshold = Format.scientific(S.nearZero)
        var parts: [String] = []
        if let start = RegularizersAnalysis.initialStatistics(r) {
            parts.append("At initialization (seed 0) \(percent: start.nearZero) of the weights lie within \(threshold) of zero (PyTorch's default init draws them uniformly from ±1/√fan-in) and the norm of all weights is \(number: start.l2).")
        }
        parts.append("Without regularization training leaves \(percent: none.mean(nz)) of the weights near zero and grows the norm to \(number: none.mean(norm)).")
        parts.append("L1 (λ = \(scientific: Double(S.l1))) leaves \(percent: l1.mean(nz)) of the weights below \(threshold) — \(ratio: l1.mean(nz) / l2.mean(nz)) L2's \(percent: l2.mean(nz)) — with a norm of \(number: l1.mean(norm)). Its constant pull of λ·sign(w) drives every weight the data does not defend towards zero, and there the sign flips from step to step, so the weight jitters around zero instead of settling on it (plain subgradient descent practically never lands on exact zeros).")
        if let w1 = RegularizersAnalysis.absoluteWeights(r, level: l1.label), let w0 = RegularizersAnalysis.absoluteWeights(r, level: none.label) {
            let median = { (v: [Double]) in v.sorted()[v.count / 2] }
            let small = w1.filter { $0 < S.nearZero }, big = w1.filter { $0 >= S.nearZero }, bigNone = w0.filter { $0 >= S.nearZero }
            if !small.isEmpty, !big.isEmpty, !bigNone.isEmpty {
                parts.append("In seed 0 the weights below \(threshold) have a median |w| of \(number: median(small)); the others a median of \(number: median(big)), against \(number: median(bigNone)) for the same weights without regularization: in the histogram the two groups stand apart, the small one orders of magnitude below the rest.")
            }
        }
        parts.append("\n\nL2 (λ = \(scientific: Double(S.l2))) instead shrinks every weight in proportion to its size: the whole distribution moves to smaller |w|, the norm falls to \(number: l2.mean(norm)), but only \(percent: l2.mean(nz)) of the weights fall below \(threshold).")
        let grown = [S.dropoutLevel, S.shiftLevel, S.batchNormLevel].filter { r.mean($0, norm) > none.mean(norm) }
        if !grown.isEmpty {
            parts.append("The norm ends larger than without regularization with \(list: grown.map { "\($0) (\(number: r.mean($0, norm)))" }). Dropout and augmentation do not constrain the size of the weights; they make the training set harder to fit (random units missing, shifted inputs), and the network fits it eventually — with larger weights. Batch norm makes each hidden layer's output independent of the scale of the weight matrix feeding it, so nothing holds that scale down either.")
        }
        return parts.joined(separator: " ")
    }

    static func earlyStopping(_ r: StudyResults) -> String {
        let stops = RegularizersAnalysis.earlyStops(r)
        guard !stops.isEmpty else { return "No early-stopping results yet." }
        let each = { (f: (RegularizersAnalysis.EarlyStop) -> String) in stops.map(f).joined(separator: ", ") }
        let worst = stops.map(\.excess).max() ?? .nan
        var parts = ["Early stopping restores the weights of epochs \(each { "\($0.restored)" }) (seeds \(each { "\($0.seed)" })) and stops at epochs \(each { "\($0.stopped)" }); the unregularized runs of the same seeds reach their lowest test loss at epochs \(each { "\($0.noneMinimumEpoch)" })."]
        parts.append("The restored weights' test loss is \(each { Format.number($0.restoredTestLoss) }), against the same seeds' lowest test loss \(each { Format.number($0.noneMinimum) }): \(each { Format.percent($0.excess, digits: 2) }) above it, per seed.")
        parts.append(worst < 0.05
            ? "So, measured by the test loss, the validation set picks an epoch as good as the best one the test set itself would have picked, at a fraction of the cost (\(stops.map(\.stopped).max() ?? 0) epochs instead of \(S.epochs(r.profile)))."
            : "The validation set picks an epoch whose test loss is up to \(percent: worst, digits: 2) above the best the test set itself would have picked.")
        if let es = r[S.earlyLevel], let none = r[S.noneLevel] {
            parts.append("The restored weights reach \(percent: es.mean(.final(.testAccuracy))) test accuracy, while the unregularized runs reach \(percent: none.mean(.best(.testAccuracy))) at their best epoch and \(percent: none.mean(.final(.testAccuracy))) at the end: the minimum of the test loss is not the maximum of the test accuracy. The claim above compares each seed's restored test loss with 1.05 × the unregularized runs' lowest test loss averaged over seeds; the per-seed comparison is the one given in this paragraph.")
        }
        return parts.joined(separator: " ")
    }
}
