import DLCore
import DLStudy
import Foundation

extension BatchSizeStudy {
    /// The rate tuned per batch size on a validation split, from one grid.
    @StudyBuilder
    static func tunedRate(_ profile: Profile) -> [StudyBlock] {
        let n = seeds(profile).values.count
        let grid = tuningGrid(profile)
        Heading("The rate tuned per batch size on validation")
        Prose("""
            A fixed rate is a straw man for every batch size but one, and the linear rule is a rule, not an \
            optimum. So each batch size gets the same tuning budget: \(multiples(profile).count) learning rates, \
            \(list: multiples(profile).map { Format.plain($0) }) × 0.1 × B/64 (a factor 2 apart, centred on the \
            linear rule), each run at most \(count: tuningBase(profile).budget.steps!) steps and stopped when the \
            validation loss has not improved for \(patience) epochs, \(n) seeds each — \(count: grid.count * n) \
            runs. Each run is read at its epoch of lowest validation loss; for each batch size the rate with \
            the highest mean validation accuracy there is chosen, and only then is its test accuracy read. \
            These runs have no sharpness probes: they stop at different training losses.
            """)
        Experiment(tuned, base: tuningBase(profile), vary: tunedFactor(profile), seeds: seeds(profile))
        FigureBlock.against(
            "tuning", caption: "The tuning grid: validation accuracy at each run's epoch of lowest validation loss against η/B, one line per batch size (mean, 95% CI; faint dots are seeds). The chosen rate is each line's highest point.",
            series: sizes(profile).map { b in AgainstSeries(tuned, "B = \(b)", only: { $0.batchSize == b }) }, x: .rateOverBatch,
            [Measure(chosenValidation, label: "validation accuracy at the chosen epoch (%)")])
        FigureBlock.against(
            "accuracy-by-batch", caption: "Test accuracy at the validation-chosen epoch against batch size: one fixed rate, the rate scaled to the batch, and the rate tuned per batch size on validation (mean, 95% CI; faint dots are seeds).",
            series: [AgainstSeries(fixed, "η = 0.1"), AgainstSeries(linear, "η = 0.1 × B/64"), AgainstSeries(tuned, "η tuned on validation", chooseBy: chosenValidation)],
            x: .batchSize, [Measure(chosenTest, label: "test accuracy at the chosen epoch (%)")])
        TableBlock("tuned", caption: "The tuning grid: each batch size at each rate, read at the epoch of lowest validation loss.", experiment: tuned.id,
                   [chosenValidation, chosenTest, chosenStep, .steps])
        Prose { r in
            let chosen = r.chosen(in: tuned, groupedBy: { Double($0.batchSize) }, by: chosenValidation)
            guard let first = chosen.first?.level, let last = chosen.last?.level else { return "The tuning runs are missing; see the table." }
            let picks = chosen.map { "\($0.level) (\(percent: r.mean($0.level, chosenTest)))" }
            var text = "Chosen on validation, with the test accuracy each then reaches: \(list: picks). "
            let diverged = (r[tuned]?.cells ?? []).filter { !$0.diverged.isEmpty }
            text += diverged.isEmpty ? "No tuning run diverged. "
                : "Diverged (no value; the level's mean is over its other seeds, and the figure shows only those): \(list: diverged.map { "\($0.diverged.count) of \($0.runs.count) seeds at \($0.label)" }). "
            let edges = chosen.filter { pick in
                let lr = r[pick.level]?.cell.spec.optimizer.lr ?? 0, b = Int(pick.group)
                return [multiples(profile).first!, multiples(profile).last!].contains { abs(Double(scaled(b)) * $0 - Double(lr)) < 1e-6 }
            }
            if !edges.isEmpty {
                text += "The choice lies at an end of the grid for \(list: edges.map { "batch \(Int($0.group))" }), so a wider grid might choose differently there. "
            }
            if let a = r[last], let b = r[first] {
                // Two one-sided tests at the 5% level (the 90% interval), as `Claim.equivalent` reads them.
                let paired = PairedComparison(a.values(chosenTest), b.values(chosenTest), greater: true)
                let d = ClaimTestResult(differences: paired.differences, test: .equivalence(margin: accuracyMargin), greater: true)
                text += "Tuned, the largest batch is \(d.meanDifference >= 0 ? "ahead of" : "behind") the smallest by \(points: abs(d.meanDifference)) (paired difference, 90% interval \(points: d.intervalLow) to \(points: d.intervalHigh)): "
                    + d.verdict.reading(supported: "within the \(Format.points(accuracyMargin)) margin (two one-sided tests, p = \(number: d.pValue)), so with its own rate the batch size does not matter here.",
                                        contradicted: "more than the \(Format.points(accuracyMargin)) margin, so even tuned the batch size matters here.",
                                        inconclusive: d.intervalLow > 0 ? "the largest batch is better, but the seeds cannot tell whether by more than the \(Format.points(accuracyMargin)) margin."
                                            : d.intervalHigh < 0 ? "the largest batch is worse, but the seeds cannot tell whether by more than the \(Format.points(accuracyMargin)) margin."
                                            : "the seeds cannot tell the two apart, nor whether they are within the \(Format.points(accuracyMargin)) margin.")
                    + " (This reading is not one of the Holm-adjusted claims: which levels it compares is decided by the validation results.)"
            }
            return text
        }

    }
}
