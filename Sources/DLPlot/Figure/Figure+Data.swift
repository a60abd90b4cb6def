import Foundation

/// One plotted value and what it means: the numbers behind a figure, for the CSV written beside
/// it and the hover titles of its SVG.
public struct PlottedValue: Equatable, Sendable {
    /// Panel index, row-major, and the panel's title and axis labels.
    public var panel: Int
    public var series: String
    public var x: Double
    /// The x category's name when x is a category index (bars, categorical axes).
    public var category: String?
    public var y: Double
    /// A band or error bar around y (absolute values, not distances).
    public var lower: Double?
    public var upper: Double?
    /// A heatmap cell's value (x and y are then its column and row).
    public var z: Double?
    /// Where a hover target goes (the point, a bar's top), in data coordinates; nil for none.
    var anchor: (x: Double, y: Double)?

    public static func == (a: PlottedValue, b: PlottedValue) -> Bool {
        a.panel == b.panel && a.series == b.series && a.x.bitPattern == b.x.bitPattern && a.category == b.category
            && a.y.bitPattern == b.y.bitPattern && a.lower?.bitPattern == b.lower?.bitPattern
            && a.upper?.bitPattern == b.upper?.bitPattern && a.z?.bitPattern == b.z?.bitPattern
    }
}

/// A series that can say which values it plots. Lines, scatters, error bars, bars, histograms,
/// heatmaps and labelled bands do; decorations (reference lines, spans, text) do not.
public protocol DataSeries {
    /// The values, with `panel` and `series` names filled in by the caller where empty.
    func plottedValues() -> [PlottedValue]
}

extension LineSeries: DataSeries {
    public func plottedValues() -> [PlottedValue] {
        (0..<min(x.count, y.count)).map { i in
            var v = PlottedValue(panel: 0, series: label ?? "", x: x[i], y: y[i])
            if let band, i < band.lower.count, i < band.upper.count { v.lower = band.lower[i]; v.upper = band.upper[i] }
            v.anchor = (x[i], y[i])
            return v
        }
    }
}

extension BandSeries: DataSeries {
    /// A band drawn with a line is that line's; only a band of its own (labelled) has values.
    public func plottedValues() -> [PlottedValue] {
        guard let label else { return [] }
        return (0..<min(x.count, lower.count, upper.count)).map { i in
            PlottedValue(panel: 0, series: label, x: x[i], y: (lower[i] + upper[i]) / 2, lower: lower[i], upper: upper[i])
        }
    }
}

extension ScatterSeries: DataSeries {
    public func plottedValues() -> [PlottedValue] {
        (0..<min(x.count, y.count)).map { i in
            var v = PlottedValue(panel: 0, series: label ?? "", x: x[i], y: y[i])
            v.anchor = (x[i], y[i])
            return v
        }
    }
}

extension ErrorBarSeries: DataSeries {
    public func plottedValues() -> [PlottedValue] {
        (0..<min(x.count, y.count, yLower.count, yUpper.count)).map { i in
            var v = PlottedValue(panel: 0, series: label ?? "", x: x[i], y: y[i], lower: y[i] - yLower[i], upper: y[i] + yUpper[i])
            v.anchor = (x[i], y[i])
            return v
        }
    }
}

extension BarSeries: DataSeries {
    public func plottedValues() -> [PlottedValue] {
        var out: [PlottedValue] = []
        for (g, group) in groups.enumerated() {
            for (i, value) in group.values.enumerated() where i < categories.count {
                let e = group.errors.flatMap { i < $0.count ? abs($0[i]) : nil }
                let slot = slot(category: i, group: g)
                var v = PlottedValue(panel: 0, series: group.label ?? "", x: Double(i), category: categories[i], y: value,
                                     lower: e.map { value - $0 }, upper: e.map { value + $0 })
                v.anchor = (slot.left + slot.width / 2, value)
                out.append(v)
            }
        }
        return out
    }
}

extension HistogramSeries: DataSeries {
    /// One row per bin, x at its centre.
    public func plottedValues() -> [PlottedValue] {
        (0..<min(heights.count, max(edges.count - 1, 0))).map { i in
            let centre = (edges[i] + edges[i + 1]) / 2
            var v = PlottedValue(panel: 0, series: label ?? "", x: centre, y: heights[i])
            v.anchor = (centre, heights[i])
            return v
        }
    }
}

extension HeatmapSeries: DataSeries {
    /// One row per cell: x the column, y the row, z the value (no hover targets: too many).
    public func plottedValues() -> [PlottedValue] {
        var out: [PlottedValue] = []
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() {
                out.append(PlottedValue(panel: 0, series: "", x: Double(c), y: Double(r), z: value))
            }
        }
        return out
    }
}

extension Figure {
    /// Every value the figure plots, panel by panel, series in the order they were added.
    public func plottedValues() -> [PlottedValue] {
        var out: [PlottedValue] = []
        for (k, panel) in panels.enumerated() where !panel.isHidden {
            for (s, series) in panel.series.enumerated() {
                guard let data = series as? DataSeries else { continue }
                for var v in data.plottedValues() {
                    v.panel = k
                    if v.series.isEmpty { v.series = "series \(s + 1)" }
                    if v.category == nil, let names = panel.xAxis.categories, let i = Int(exactly: v.x), names.indices.contains(i) {
                        v.category = names[i]
                    }
                    out.append(v)
                }
            }
        }
        return out
    }

    /// The values as CSV, one row per plotted value: panel (its title, or its number), the axis
    /// labels, the series, x (a category's name where x is one), y, the band or error bar
    /// around y, and a heatmap cell's value. Numbers are written so they read back exactly.
    public func csv() -> String {
        var lines = ["panel,x_label,y_label,series,x,y,lower,upper,value"]
        for v in plottedValues() {
            let panel = panels[v.panel]
            let name = panel.title ?? (panels.count > 1 ? "panel \(v.panel + 1)" : "")
            let x = v.category ?? Self.number(v.x)
            lines.append([name, panel.xAxis.label ?? "", panel.yAxis.label ?? "", v.series, x, Self.number(v.y),
                          v.lower.map(Self.number) ?? "", v.upper.map(Self.number) ?? "", v.z.map(Self.number) ?? ""]
                .map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The hover targets of the figure: a figure position and a title for each plotted point
    /// that shows (at most `perSeries` per series, evenly spread, ends kept).
    public func hoverTargets(perSeries: Int = 120) -> [HoverTarget] {
        let recorder = RecordingRenderer(size: size)
        let layout = self.layout(using: recorder)
        var out: [HoverTarget] = []
        for (k, (panel, g)) in zip(panels, layout.panels).enumerated() where !panel.isHidden {
            let context = PlotContext(renderer: recorder, plotRect: g.plot, x: g.xMapping, y: g.yMapping)
            for series in panel.series {
                guard let data = series as? DataSeries else { continue }
                let values = data.plottedValues().filter { $0.anchor != nil }
                let picked = Self.spread(values.count, at: perSeries)
                let color = Self.color(of: series)
                for i in picked {
                    var v = values[i]
                    guard let a = v.anchor, let p = context.point(a.x, a.y), g.plot.outset(1).contains(p) else { continue }
                    v.panel = k
                    if v.category == nil, let names = panel.xAxis.categories, let j = Int(exactly: v.x), names.indices.contains(j) { v.category = names[j] }
                    out.append(HoverTarget(point: p, color: color, title: Self.title(v, panel: panel)))
                }
            }
        }
        return out
    }

    /// "0.3 · epoch 4 · train loss 0.0245 (0.0199 to 0.0291)": series, x and y with their labels.
    static func title(_ v: PlottedValue, panel: Axes) -> String {
        var parts: [String] = []
        if !v.series.isEmpty { parts.append(v.series) }
        if let t = panel.title, !t.isEmpty, !parts.contains(t) { parts.insert(t, at: 0) }
        let x = v.category ?? short(v.x)
        parts.append(panel.xAxis.label.map { "\($0) \(x)" } ?? "x \(x)")
        var y = panel.yAxis.label.map { "\($0) \(short(v.y))" } ?? "y \(short(v.y))"
        if let lo = v.lower, let hi = v.upper { y += " (\(short(lo)) to \(short(hi)))" }
        parts.append(y)
        return parts.joined(separator: " · ")
    }

    static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.4g", x)
    }

    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")) }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// At most `limit` indices of `count`, evenly spread, first and last kept.
    static func spread(_ count: Int, at limit: Int) -> [Int] {
        guard count > limit, limit >= 2 else { return Array(0..<count) }
        return (0..<limit).map { Int((Double($0) * Double(count - 1) / Double(limit - 1)).rounded()) }
    }

    static func color(of series: Series) -> Color {
        switch series {
        case let s as LineSeries: return s.style.color
        case let s as ScatterSeries: return s.marker.color.withAlpha(1)
        case let s as ErrorBarSeries: return s.color
        case let s as HistogramSeries: return s.color
        case let s as BarSeries: return s.groups.first?.color ?? Palette.categorical(0)
        default: return .ink
        }
    }
}

/// A point of a figure that shows its values when the pointer rests on it (an SVG `<title>`).
public struct HoverTarget: Equatable, Sendable {
    public var point: Point
    public var color: Color
    public var title: String
}
