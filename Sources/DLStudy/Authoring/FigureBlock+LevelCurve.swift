import DLCore
import DLPlot

extension FigureStyle {
    /// "2 of 5 seeds diverged" (nil when none did): what a legend or title adds to a level
    /// whose seeds are drawn one by one instead of averaged.
    public static func divergedNote(_ cell: CellResults) -> String? {
        let k = cell.diverged.count
        return k == 0 ? nil : "\(k) of \(cell.runs.count) seed\(cell.runs.count == 1 ? "" : "s") diverged"
    }

    /// `label` with the level's diverged seeds counted: "lr 10 (2 of 5 seeds diverged)".
    public static func label(_ label: String, _ cell: CellResults) -> String {
        divergedNote(cell).map { "\(label) (\($0))" } ?? label
    }
}

extension FigureStyle {
    /// A sentence for a caption of per-level means (dots, bars): which levels' means rest on
    /// fewer seeds because some diverged — " Diverged seeds have no value, so the mean there is
    /// over the others: 1 of 5 seeds at learning rate 3; all 5 at learning rate 10 (no point)."
    /// — or "" when none did.
    public static func divergedCaption(_ exp: ExperimentResults?) -> String {
        guard let exp else { return "" }
        return divergedCaption([(exp, exp.cells)])
    }

    /// The same sentence for the cells a figure draws, from one or more experiments.
    public static func divergedCaption(_ drawn: [(experiment: ExperimentResults, cells: [CellResults])]) -> String {
        let parts = drawn.flatMap { exp, cells in
            let factor = exp.experiment.factors.map(\.name).joined(separator: ", ")
            return cells.filter { !$0.diverged.isEmpty }.map { c in
                c.diverged.count == c.runs.count ? "all \(c.runs.count) at \(factor) \(c.label) (no point)" : "\(c.diverged.count) of \(c.runs.count) seeds at \(factor) \(c.label)"
            }
        }
        guard !parts.isEmpty else { return "" }
        return " Diverged seeds have no value, so the mean there is over the others: \(parts.joined(separator: "; "))."
    }
}

extension FigureBlock {
    /// Draws one level's curve of `metric`, the way every stock curve figure does. When every
    /// seed finished: the mean over seeds with a ±1 sd band (on a log axis the geometric mean
    /// ×/÷ the geometric sd, `SeedBand`). When some seed diverged there is no mean — the
    /// survivors' average would hide the failure — but every seed on its own (thin; the diverged
    /// ones dashed), an ✕ at the last finite value of each diverged seed, and the label says how
    /// many diverged. Returns the y values drawn, for the axes' limits.
    @discardableResult
    public static func drawLevelCurve(
        _ axes: Axes, _ cell: CellResults, _ metric: Metric, x: CurveAxis = .epoch, log: Bool, label: String?,
        color: Color, width: Double = 1.5, dash: Dash = .solid, band: Bool = true
    ) -> [Double] {
        let diverged = cell.diverged
        guard !diverged.isEmpty else {
            let c = cell.bandCurve(metric, x: x, log: log)
            let center = c.bands.map(\.center)
            axes.line(x: c.x, y: center, label: label, color: color, width: width, dash: dash,
                      band: band && cell.runs.count > 1 ? (c.bands.map(\.low), c.bands.map(\.high)) : nil)
            return center + (band ? c.bands.map(\.high) : [])
        }
        var drawn: [Double] = [], ends: [(x: Double, y: Double)] = []
        for (k, seed) in cell.seeds.enumerated() {
            let rows = cell.runs[seed]!.epochs.compactMap { row in row.value(metric).map { (x.value(row), $0) } }
                .filter { $0.1.isFinite && (!log || $0.1 > 0) }
            let failed = diverged[seed] != nil
            axes.line(x: rows.map(\.0), y: rows.map(\.1), label: k == 0 ? label.map { FigureStyle.label($0, cell) } : nil,
                      color: color, width: max(width * 0.6, 0.8), dash: failed ? .dashed : dash)
            drawn += rows.map(\.1)
            if failed, let last = rows.last { ends.append((last.0, last.1)) }
        }
        if !ends.isEmpty {
            axes.scatter(x: ends.map(\.x), y: ends.map(\.y), color: FigureStyle.failure, marker: .cross, size: 9, alpha: 1)
        }
        return drawn
    }
}
