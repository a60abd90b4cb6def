import DLCore
import DLPlot
import Foundation

/// One line of a sparsity figure: a variant (a kind of ticket, a control) and its levels, one
/// per pruning round — levels of different experiments, since each round is a stage.
public struct SparsitySeries: Sendable {
    public let label: String
    public let levels: [LevelHandle]
    public let dash: Dash
    /// The fraction of weights left at each level, when the runs carry no mask to read it from
    /// (smaller dense networks: whole units removed before training).
    public let weightsLeft: [Double]?
    /// The series' palette color (`Palette.categorical`), so that one variant keeps its color
    /// across figures; nil for its place in the figure.
    public let color: Int?

    public init(_ label: String, _ levels: [LevelHandle], dash: Dash = .solid, weightsLeft: [Double]? = nil, color: Int? = nil) {
        precondition(weightsLeft == nil || weightsLeft!.count == levels.count, "one fraction of weights left per level")
        self.label = label
        self.levels = levels
        self.dash = dash
        self.weightsLeft = weightsLeft
        self.color = color
    }

    /// The fraction of weights left at each level (mean over seeds; nil where there are no runs).
    func fractions(_ r: StudyResults, _ quantity: Quantity) -> [Double?] {
        levels.enumerated().map { i, level in
            guard r[level] != nil else { return nil }
            return weightsLeft?[i] ?? r.summary(level, quantity)?.mean
        }
    }
}

extension FigureBlock {
    /// A quantity against the fraction of weights left (log x, inverted so pruning proceeds to
    /// the right, ticks as percentages), one line per series through the mean over seeds at each
    /// level, with markers and a ±1 sd band; `reference` (the dense network) as a dotted
    /// horizontal line with its own ±1 sd band.
    public static func sparsity(
        _ id: String, caption: String, series: [SparsitySeries], quantity: Quantity, weightsLeft: Quantity = .weightsLeft,
        reference: (label: String, level: LevelHandle)? = nil, yLabel: String? = nil, xLabel: String = "weights left (log scale)"
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: series.first?.levels.first?.experiment.id ?? "main") { r in
            let figure = Figure(width: 760, height: 360)
            let axes = figure.axes
            axes.xAxis.label = xLabel
            axes.xAxis.scale = .log
            axes.xAxis.inverted = true
            axes.xAxis.formatter = { Format.percent($0, digits: 2) }
            axes.yAxis.label = yLabel ?? quantity.name
            axes.legend = .outsideRight
            // A log axis: a level with no weights left (x = 0) has no place on it and is left out.
            let xs = series.flatMap { $0.fractions(r, weightsLeft).compactMap { $0 } }.filter { $0 > 0 }
            if let lo = xs.min(), let hi = xs.max() {
                axes.xAxis.ticks = sparsityTicks(lo...hi)
            }
            if let reference, let s = r.summary(reference.level, quantity), let lo = xs.min(), let hi = xs.max() {
                axes.line(x: [lo, hi], y: [s.mean, s.mean], label: reference.label, color: .gray, width: 1.25, dash: .dotted,
                          band: ([s.mean - s.sd, s.mean - s.sd], [s.mean + s.sd, s.mean + s.sd]), bandAlpha: 0.12)
            }
            for (k, line) in series.enumerated() {
                let points = zip(line.levels, line.fractions(r, weightsLeft)).compactMap { level, x -> (Double, Summary)? in
                    guard let x, x > 0, let y = r.summary(level, quantity) else { return nil }
                    return (x, y)
                }
                guard !points.isEmpty else { continue }
                let mean = points.map(\.1.mean), sd = points.map(\.1.sd)
                axes.line(x: points.map(\.0), y: mean, label: line.label, color: Palette.categorical(line.color ?? k), width: 1.5, dash: line.dash,
                          marker: .circle, markerSize: 4, band: (zip(mean, sd).map { $0 - $1 }, zip(mean, sd).map { $0 + $1 }), bandAlpha: 0.15)
            }
            return figure
        }
    }

    /// Ticks for a log axis of fractions: 1, 2, 5 per decade within `range`.
    static func sparsityTicks(_ range: ClosedRange<Double>) -> [Double] {
        var ticks: [Double] = []
        guard range.lowerBound > 0, range.upperBound.isFinite else { return ticks }
        var decade = pow(10, floor(log10(range.lowerBound)))
        while decade <= range.upperBound * 1.0001 {
            for m in [1.0, 2, 5] where decade * m >= range.lowerBound * 0.9999 && decade * m <= range.upperBound * 1.0001 {
                ticks.append(decade * m)
            }
            decade *= 10
        }
        return ticks
    }
}

extension Quantity {
    /// The fraction of the pruned tensors' weights a run kept (1 for a run without a mask).
    public static let weightsLeft = Quantity.custom("weights left") { $0.maskFractionRemaining ?? 1 }
}
