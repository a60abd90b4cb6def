import DLCore
import DLStudy
import Foundation

/// The regularizers study's sentences, written from the measured numbers.
enum RegularizersProse {
    static func mean(_ cell: CellResults?, _ q: Quantity) -> Double { cell?.summary(q)?.mean ?? .nan }
    static func pct(_ x: Double) -> String { formatNumber(100 * x, digits: 3) + "%" }
    static func f(_ x: Double) -> String { formatNumber(x) }

    static func curves(_ r: StudyResults) -> String {
        guard let exp = r["main"], let none = exp[RegularizersStudy.none] else { return "No results yet." }
        let epochs = RegularizersStudy.epochs(r.profile)
        var parts: [String] = []
        let minTest = mean(none, .best(.testLoss)), minEpoch = mean(none, .epochOfBest(.testLoss))
        parts.append("Without regularization the network memorizes its \(RegularizersStudy.trainSamples) samples: the training loss ends at \(f(mean(none, .final(.trainLoss)))) (\(pct(mean(none, .final(.trainAccuracy)))) training accuracy), while the test loss bottoms out at \(f(minTest)) around epoch \(formatNumber(minEpoch.rounded())) and then climbs to \(f(mean(none, .final(.testLoss)))) by epoch \(epochs). Final test accuracy: \(pct(mean(none, .final(.testAccuracy)))).")
        // Which regularizers still fit the training set, which hold the test loss down.
        let others = exp.cells.filter { $0.label != RegularizersStudy.none && $0.label != RegularizersStudy.earlyLabel }
        let memorize = others.filter { mean($0, .final(.trainAccuracy)) >= 0.995 }.map(\.label)
        if !memorize.isEmpty {
            parts.append("\(memorize.count) of the \(others.count) regularizers that train for the whole budget do not stop the memorization, only slow it: \(list(memorize)) still end with at least 99.5% training accuracy.")
        }
        let rising = others.filter { mean($0, .final(.testLoss)) > 1.1 * mean($0, .best(.testLoss)) }
        if !rising.isEmpty {
            let d = rising.map { "\($0.label) (lowest \(f(mean($0, .best(.testLoss)))) → final \(f(mean($0, .final(.testLoss)))))" }
            parts.append("The test loss still turns up again, by more than 10% from its lowest point, with \(list(d)).")
        }
        let flat = others.filter { mean($0, .final(.testLoss)) <= 1.1 * mean($0, .best(.testLoss)) }
        if !flat.isEmpty {
            parts.append("It ends within 10% of its minimum with \(list(flat.map { "\($0.label) (\(f(mean($0, .final(.testLoss)))))" })).")
        }
        if let bn = exp[RegularizersStudy.batchNormLabel], let early = bn.curve(.trainLoss).summaries.dropFirst(10).first?.mean,
           let noneEarly = none.curve(.trainLoss).summaries.dropFirst(10).first?.mean {
            parts.append("Batch norm mostly speeds up the fit: after 10 epochs its training loss is \(f(early)), against \(f(noneEarly)) without it.")
        }
        return parts.joined(separator: " ")
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func gap(_ r: StudyResults) -> String {
        guard let exp = r["main"], let none = exp[RegularizersStudy.none] else { return "No results yet." }
        let gapQ = Quantity.final(.generalizationGap)
        let noneGap = mean(none, gapQ), noneAcc = mean(none, .final(.testAccuracy))
        var parts: [String] = []
        let outcomes = r.study.blocks(for: r.profile).compactMap { b -> ClaimOutcome? in
            if case .claim(let c) = b, c.quantity.name == gapQ.name { return c.evaluate(r) } else { return nil }
        }
        let narrowed = outcomes.filter { $0.verdict == .supported }.map(\.claim.level)
        let notNarrowed = outcomes.filter { $0.verdict != .supported }.map(\.claim.level)
        parts.append("The unregularized gap ends at \(f(noneGap)) (test − train loss).")
        if notNarrowed.isEmpty {
            parts.append("Every regularizer ends with a smaller gap, and the paired comparison supports all \(outcomes.count) claims above.")
        } else {
            parts.append("\(narrowed.count) of \(outcomes.count) regularizers narrow it with confidence (\(list(narrowed))); \(list(notNarrowed)) \(notNarrowed.count == 1 ? "does" : "do") not.")
        }
        let ranked = exp.cells.filter { $0.label != RegularizersStudy.none }.sorted { mean($0, gapQ) < mean($1, gapQ) }
        if let smallest = ranked.first {
            parts.append("The smallest gap is \(smallest.label)'s, \(f(mean(smallest, gapQ))).")
        }
        let byAcc = exp.cells.sorted { mean($0, .final(.testAccuracy)) > mean($1, .final(.testAccuracy)) }
        if let best = byAcc.first {
            parts.append("A small gap is not the same as a good model, though: the best final test accuracy is \(best.label)'s, \(pct(mean(best, .final(.testAccuracy)))) against \(pct(noneAcc)) without regularization.")
            let accOrder = byAcc.map { "\($0.label) \(formatNumber(100 * mean($0, .final(.testAccuracy)), digits: 3))" }
            parts.append("In order of final test accuracy (%): \(accOrder.joined(separator: ", ")).")
        }
        if let es = exp[RegularizersStudy.earlyLabel] {
            var text = "\n\nEarly stopping's gap is small by construction — it keeps weights from before the training loss fell far (training loss \(f(mean(es, .final(.trainLoss)))), \(pct(mean(es, .final(.trainAccuracy)))) training accuracy) — yet its test accuracy, \(pct(mean(es, .final(.testAccuracy)))), is \(mean(es, .final(.testAccuracy)) < noneAcc ? "below" : "above") the unregularized network's final \(pct(noneAcc))."
            let accEpoch = mean(none, .epochOfBest(.testAccuracy)), lossEpoch = mean(none, .epochOfBest(.testLoss))
            if accEpoch > lossEpoch {
                text += " The unregularized network's test accuracy peaks later than its test loss (epoch \(formatNumber(accEpoch.rounded())) against \(formatNumber(lossEpoch.rounded())) on average over seeds): after the loss minimum the network still gets more test samples right while growing more confident on the ones it gets wrong, which the loss punishes."
            }
            parts.append(text)
        }
        if let combo = exp[RegularizersStudy.comboLabel], let shift = exp[RegularizersStudy.shiftLabel] {
            let cAcc = mean(combo, .final(.testAccuracy)), sAcc = mean(shift, .final(.testAccuracy))
            let cLoss = mean(combo, .final(.testLoss)), sLoss = mean(shift, .final(.testLoss))
            var text = cLoss < sLoss
                ? "\n\nThe combination does what it was chosen for on the loss: shift ±4 + L2 ends with a test loss of \(f(cLoss)) against shift alone's \(f(sLoss)), and a gap of \(f(mean(combo, gapQ)))."
                : "\n\nThe combination has the smaller gap (\(f(mean(combo, gapQ)))) but not the lower test loss: \(f(cLoss)) against shift alone's \(f(sLoss)) — in \(RegularizersStudy.epochs(r.profile)) epochs shift alone has not yet overfitted enough for L2 to have anything to hold in check."
            if cAcc < sAcc {
                text += (cLoss < sLoss ? " But" : " And") + " its test accuracy, \(pct(cAcc)), is \(formatNumber(100 * (sAcc - cAcc), digits: 2)) points below shift alone's \(pct(sAcc)): with both, the network no longer fits its training set (training loss \(f(mean(combo, .final(.trainLoss)))), \(pct(mean(combo, .final(.trainAccuracy)))) training accuracy) — λ = 10⁻², tuned without augmentation, is too strong on top of it. Regularizers do not simply add up; a combination needs its own tuning."
            } else {
                text += " Its test accuracy, \(pct(cAcc)), is also at least as high as shift alone's \(pct(sAcc))."
            }
            parts.append(text)
        }
        if let bn = exp[RegularizersStudy.batchNormLabel] {
            let g = mean(bn, gapQ)
            let rank = ranked.firstIndex { $0.label == bn.label }.map { $0 + 1 } ?? 0
            parts.append(g < noneGap
                         ? "By the final gap batch norm ranks \(rank) of \(ranked.count) (\(f(g)), \(formatNumber(100 * (1 - g / noneGap), digits: 2))% below none's)\(mean(bn, .final(.trainAccuracy)) >= 0.995 ? ", and its network memorizes the training set as completely as the unregularized one (\(pct(mean(bn, .final(.trainAccuracy)))) training accuracy)" : ""): it speeds up the fit more than it regularizes."
                         : "Batch norm does not narrow the gap (\(f(g)) against \(f(noneGap))): it speeds up the fit, not the generalization.")
        }
        return parts.joined(separator: " ")
    }

    static func weights(_ r: StudyResults) -> String {
        guard let exp = r["main"], let none = exp[RegularizersStudy.none], let l1 = exp[RegularizersStudy.l1Label],
              let l2 = exp[RegularizersStudy.l2Label] else { return "No results yet." }
        let nz = RegularizersAnalysis.nearZeroTotal, norm = RegularizersAnalysis.normTotal
        var parts: [String] = []
        if let start = RegularizersAnalysis.initialStatistics(r) {
            parts.append("At initialization (seed 0) \(pct(start.nearZero)) of the weights lie within 10⁻³ of zero (PyTorch's default init draws them uniformly from ±1/√fan-in) and the norm of all weights is \(f(start.l2)).")
        }
        parts.append("Without regularization training leaves \(pct(mean(none, nz))) of the weights near zero and grows the norm to \(f(mean(none, norm))).")
        parts.append("L1 (λ = 10⁻⁴) leaves \(pct(mean(l1, nz))) of the weights below 10⁻³ — \(formatNumber(mean(l1, nz) / mean(l2, nz), digits: 2))× L2's \(pct(mean(l2, nz))) — with a norm of \(f(mean(l1, norm))). Its constant pull of λ·sign(w) drives every weight the data does not defend towards zero, and there the sign flips from step to step, so the weight jitters around zero instead of settling on it (plain subgradient descent practically never lands on exact zeros).")
        if let w1 = RegularizersAnalysis.absoluteWeights(r, level: l1.label), let w0 = RegularizersAnalysis.absoluteWeights(r, level: none.label) {
            let small = w1.filter { $0 < RegularizersStudy.nearZero }.sorted(), big = w1.filter { $0 >= RegularizersStudy.nearZero }.sorted()
            let bigNone = w0.filter { $0 >= RegularizersStudy.nearZero }.sorted()
            if !small.isEmpty, !big.isEmpty, !bigNone.isEmpty {
                parts.append("In seed 0 the weights below 10⁻³ have a median |w| of \(f(small[small.count / 2])); the others a median of \(f(big[big.count / 2])), against \(f(bigNone[bigNone.count / 2])) for the same weights without regularization: in the histogram the two groups stand apart, the small one orders of magnitude below the rest.")
            }
        }
        parts.append("\n\nL2 (λ = 10⁻²) instead shrinks every weight in proportion to its size: the whole distribution moves to smaller |w|, the norm falls to \(f(mean(l2, norm))), but only \(pct(mean(l2, nz))) of the weights fall below 10⁻³.")
        var grown: [String] = []
        for label in [RegularizersStudy.dropoutLabel, RegularizersStudy.shiftLabel, RegularizersStudy.batchNormLabel] {
            if let c = exp[label], mean(c, norm) > mean(none, norm) { grown.append("\(label) (\(f(mean(c, norm))))") }
        }
        if !grown.isEmpty {
            parts.append("The norm ends larger than without regularization with \(list(grown)). Dropout and augmentation do not constrain the size of the weights; they make the training set harder to fit (random units missing, shifted inputs), and the network fits it eventually — with larger weights. Batch norm makes each hidden layer's output independent of the scale of the weight matrix feeding it, so nothing holds that scale down either.")
        }
        return parts.joined(separator: " ")
    }

    static func earlyStopping(_ r: StudyResults) -> String {
        let stops = RegularizersAnalysis.earlyStops(r)
        guard !stops.isEmpty else { return "No early-stopping results yet." }
        var parts: [String] = []
        let restored = stops.map { "\($0.restored)" }.joined(separator: ", "), stopped = stops.map { "\($0.stopped)" }.joined(separator: ", ")
        let minima = stops.map { "\($0.noneMinimumEpoch)" }.joined(separator: ", ")
        parts.append("Early stopping restores the weights of epochs \(restored) (seeds \(stops.map { "\($0.seed)" }.joined(separator: ", "))) and stops at epochs \(stopped); the unregularized runs of the same seeds reach their lowest test loss at epochs \(minima).")
        let excess = stops.map(\.excess)
        parts.append("The restored weights' test loss is \(stops.map { f($0.restoredTestLoss) }.joined(separator: ", ")), against the same seeds' lowest test loss \(stops.map { f($0.noneMinimum) }.joined(separator: ", ")): \(excess.map { formatNumber(100 * $0, digits: 2) + "%" }.joined(separator: ", ")) above it, per seed.")
        let worst = excess.max() ?? .nan
        parts.append(worst < 0.05
                     ? "So, measured by the test loss, the validation set picks an epoch as good as the best one the test set itself would have picked, at a fraction of the cost (\(stops.map(\.stopped).max() ?? 0) epochs instead of \(RegularizersStudy.epochs(r.profile)))."
                     : "The validation set picks an epoch whose test loss is up to \(formatNumber(100 * worst, digits: 2))% above the best the test set itself would have picked.")
        if let es = r["main"]?[RegularizersStudy.earlyLabel], let none = r["main"]?[RegularizersStudy.none] {
            let bestAccNone = mean(none, .best(.testAccuracy))
            parts.append("The restored weights reach \(pct(mean(es, .final(.testAccuracy)))) test accuracy, while the unregularized runs reach \(pct(bestAccNone)) at their best epoch and \(pct(mean(none, .final(.testAccuracy)))) at the end: the minimum of the test loss is not the maximum of the test accuracy. The claim above compares each seed's restored test loss with 1.05 × the unregularized runs' lowest test loss averaged over seeds; the per-seed comparison is the one given in this paragraph.")
        }
        return parts.joined(separator: " ")
    }
}
