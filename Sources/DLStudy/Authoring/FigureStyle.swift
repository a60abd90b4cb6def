import DLCore
import DLPlot

/// Colors and scales shared by the stock figures, so a level keeps its color in every figure
/// of a study.
public enum FigureStyle {
    /// Colors of the metrics when a panel shows several: train blue, test orange, validation
    /// green (Okabe–Ito).
    public static func color(_ metric: Metric) -> Color {
        switch metric {
        case .trainLoss, .trainAccuracy, .runningLoss: return Palette.categorical(0)
        case .testLoss, .testAccuracy, .generalizationGap: return Palette.categorical(1)
        case .validationLoss, .validationAccuracy: return Palette.categorical(2)
        case .learningRate: return Palette.categorical(3)
        }
    }

    /// Short names of metrics for legends inside a panel ("train", "test", "validation").
    public static func shortName(_ metric: Metric) -> String {
        switch metric {
        case .trainLoss, .trainAccuracy: return "train"
        case .testLoss, .testAccuracy: return "test"
        case .validationLoss, .validationAccuracy: return "validation"
        default: return metric.label
        }
    }

    /// The failure color (✕ marks of diverged runs).
    public static let failure = Color(hex: "#D55E00")

    /// One color per level: sequential (light → dark) for ordered numeric levels; with a
    /// reference level, black for it and Okabe–Ito without black and yellow for the others (a
    /// purple for the eighth); else the categorical palette.
    public static func colors(_ cells: [ExperimentCell], reference: String? = nil) -> [Color] {
        if let reference, let r = cells.firstIndex(where: { $0.label == reference }) {
            let others = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6A3D9A"].map { Color(hex: $0) }
            return cells.indices.map { i in i == r ? .black : others[(i < r ? i : i - 1) % others.count] }
        }
        return LevelStyle.colors(for: cells)
    }
}

/// A quantity as a figure shows it: its axis label, a scale (×100 for accuracies, shown as
/// percentages) and whether its axis is logarithmic.
public struct Measure: @unchecked Sendable {
    public var quantity: Quantity
    public var label: String
    public var scale: Double
    public var log: Bool

    /// - Parameters:
    ///   - percent: show ×100 with "(%)"; by default for accuracies.
    public init(_ quantity: Quantity, label: String? = nil, percent: Bool? = nil, log: Bool = false) {
        let percent = percent ?? quantity.isAccuracy
        self.quantity = quantity
        self.scale = percent ? 100 : 1
        self.label = label ?? (percent ? "\(quantity.name) (%)" : quantity.name)
        self.log = log
    }

    /// Each seed's value of `cell`, scaled, in seed order.
    public func values(_ cell: CellResults) -> [Double] { cell.orderedValues(quantity).filter(\.isFinite).map { $0 * scale } }
}

extension Axes {
    /// Ticks at these (numeric) level values, labelled as the values are written ("0.0003").
    func levelTicks(_ values: [Double], vertical: Bool = false) {
        if vertical {
            yAxis.ticks = values
            yAxis.formatter = { Format.plain($0) }
        } else {
            xAxis.ticks = values
            xAxis.formatter = { Format.plain($0) }
        }
    }
}
