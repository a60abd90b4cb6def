import DLCore
import DLPlot

extension FigureBlock {
    /// Per-level dots against the factor, a panel per measure: each seed a faint dot, the mean
    /// with its 95% CI as an error bar. Vertical (the default): the factor on x — numeric level
    /// values (log with `logFactor`) joined by a dotted line, or categories. `horizontal`: the
    /// levels down the y axis in the study's order (long labels read), panels sharing it. A
    /// reference level's mean is a grey dashed line across each panel. The caption gets a
    /// sentence naming the levels whose mean is over fewer seeds because some diverged.
    ///
    /// - Parameters:
    ///   - colorByLevel: each level in its study color (`FigureStyle.colors`), else one color.
    ///   - levels: the levels shown, in order (chosen from the results); every level when nil.
    ///   - decorate: draws more on a measure's panel (a shaded region, a threshold).
    public static func dots(
        _ id: String, caption: @escaping (StudyResults) -> String, experiment: ExperimentHandle, _ measures: [Measure],
        factorLabel: String? = nil, logFactor: Bool = false, horizontal: Bool = false, reference: LevelHandle? = nil,
        colorByLevel: Bool = false, levels shown: ((StudyResults) -> [LevelHandle])? = nil,
        decorate: ((Axes, Measure, StudyResults) -> Void)? = nil
    ) -> FigureBlock {
        FigureBlock(id, caption: { r in caption(r) + FigureStyle.divergedCaption(r[experiment]) }, experiment: experiment.id) { r in
            let figure = Figure(width: measures.count > 1 ? 760 : 480, height: 320, rows: 1, columns: max(measures.count, 1),
                                sharedY: horizontal)
            guard let exp = r[experiment]?.only(shown?(r)), !exp.cells.isEmpty else { return figure }
            let cells = exp.cells
            let numeric = !horizontal && cells.allSatisfy { $0.cell.value != nil }
            let colors = colorByLevel ? FigureStyle.colors(cells.map(\.cell), reference: reference?.label)
                : cells.map { _ in Palette.categorical(0) }
            // Level positions: values, or 0, 1, 2… (top to bottom when horizontal).
            let positions = cells.indices.map { i in numeric ? cells[i].cell.value! : Double(horizontal ? cells.count - 1 - i : i) }
            let factor = factorLabel ?? exp.experiment.factors.map(\.name).joined(separator: ", ")
            for (k, measure) in measures.enumerated() {
                let axes = figure.panels[k]
                axes.legend = .none
                var value = horizontal ? axes.xAxis : axes.yAxis, level = horizontal ? axes.yAxis : axes.xAxis
                value.label = measure.label
                if measure.log { value.scale = .log }
                if !horizontal { level.label = factor }
                if numeric {
                    if logFactor { level.scale = .log }
                    level.ticks = positions
                    level.formatter = { Format.plain($0) }
                } else if horizontal {
                    let labels = cells.map(\.label)
                    level.ticks = positions
                    level.formatter = { v in
                        let i = cells.count - 1 - Int(v.rounded())
                        return k == 0 && labels.indices.contains(i) ? labels[i] : ""
                    }
                    level.min = -0.6
                    level.max = Double(cells.count) - 0.4
                } else {
                    level.categories = cells.map(\.label)
                }
                if horizontal { (axes.xAxis, axes.yAxis) = (value, level) } else { (axes.yAxis, axes.xAxis) = (value, level) }
                if let ref = reference.flatMap({ exp[$0] }), let s = Summary(measure.values(ref)) {
                    if horizontal { axes.verticalLine(at: s.mean, color: .gray, dash: .dashed) } else { axes.horizontalLine(at: s.mean, color: .gray, dash: .dashed) }
                }
                var means: [(Double, Double)] = []
                for (i, cell) in cells.enumerated() {
                    let values = measure.values(cell)
                    guard let s = Summary(values) else { continue }
                    let at = values.map { _ in positions[i] }
                    if horizontal {
                        axes.scatter(x: values, y: at, color: colors[i], size: 4, alpha: 0.4)
                        axes.errorBars(x: [s.mean], y: [positions[i]], yError: [0], xError: [s.ci95], color: colors[i])
                    } else {
                        axes.scatter(x: at, y: values, color: colors[i], size: 4, alpha: 0.35)
                        axes.errorBars(x: [positions[i]], y: [s.mean], yError: [s.ci95], color: colors[i])
                    }
                    means.append((positions[i], s.mean))
                }
                if numeric { axes.line(x: means.map(\.0), y: means.map(\.1), color: colors[0], width: 1, dash: .dotted) }
                decorate?(axes, measure, r)
            }
            return figure
        }
    }

    /// Dots with a fixed caption.
    public static func dots(
        _ id: String, caption: String, experiment: ExperimentHandle, _ measures: [Measure], factorLabel: String? = nil,
        logFactor: Bool = false, horizontal: Bool = false, reference: LevelHandle? = nil, colorByLevel: Bool = false,
        levels shown: ((StudyResults) -> [LevelHandle])? = nil, decorate: ((Axes, Measure, StudyResults) -> Void)? = nil
    ) -> FigureBlock {
        dots(id, caption: { _ in caption }, experiment: experiment, measures, factorLabel: factorLabel, logFactor: logFactor,
             horizontal: horizontal, reference: reference, colorByLevel: colorByLevel, levels: shown, decorate: decorate)
    }
}
