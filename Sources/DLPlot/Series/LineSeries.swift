import Foundation

/// A curve through (x, y) points, with optional markers. Non-finite values break it into pieces.
public struct LineSeries: Series {
    public var x: [Double]
    public var y: [Double]
    public var label: String?
    public var style: StrokeStyle
    public var marker: MarkerStyle?
    /// The fill of a band drawn with this line, shown behind its legend swatch.
    public var bandColor: Color?
    /// The band's lower and upper curves, when one was drawn with the line (for the figure's
    /// data: CSV and hover titles).
    public var band: (lower: [Double], upper: [Double])?

    public init(
        x: [Double], y: [Double], label: String? = nil, style: StrokeStyle,
        marker: MarkerStyle? = nil, bandColor: Color? = nil
    ) {
        self.x = x
        self.y = y
        self.label = label
        self.style = style
        self.marker = marker
        self.bandColor = bandColor
    }

    public func extent(xScale: Scale, yScale: Scale) -> DataExtent {
        DataExtent(xs: x, ys: y, xScale: xScale, yScale: yScale)
    }

    public func draw(in context: PlotContext) {
        let runs = context.polylines(x: x, y: y)
        var path = Path()
        var isolated: [Point] = []
        for run in runs {
            if run.count == 1 { isolated.append(run[0]) } else { path.addPolyline(run) }
        }
        context.renderer.stroke(path, style: style)
        if let marker {
            let points = zip(x, y).compactMap { context.point($0, $1) }
                .filter { context.plotRect.outset(marker.size).contains($0) }
            marker.draw(at: points, on: context.renderer)
        } else if !isolated.isEmpty {
            // A lone finite point between gaps would otherwise vanish: show it as a dot.
            MarkerStyle(.circle, size: max(3, style.width * 2.2), color: style.color)
                .draw(at: isolated, on: context.renderer)
        }
    }

    public var legendEntries: [LegendEntry] {
        guard let label else { return [] }
        return [LegendEntry(label: label, swatch: .line(style, marker: marker, band: bandColor))]
    }

    public func occupiedPoints(in context: PlotContext) -> [Point] {
        PlotContext.densify(context.polylines(x: x, y: y))
    }
}

/// A filled region between a lower and an upper curve (mean ± CI over seeds).
public struct BandSeries: Series {
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var color: Color
    public var label: String?

    public init(x: [Double], lower: [Double], upper: [Double], color: Color, label: String? = nil) {
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.label = label
    }

    public var zOrder: Int { 10 }

    public func extent(xScale: Scale, yScale: Scale) -> DataExtent {
        DataExtent(xs: x + x, ys: lower + upper, xScale: xScale, yScale: yScale)
    }

    /// Polygons for the runs where x, lower and upper are all drawable.
    func polygons(in context: PlotContext) -> [[Point]] {
        var polygons: [[Point]] = []
        var top: [Point] = []
        var bottom: [Point] = []
        func flush() {
            if top.count >= 2 { polygons.append(top + bottom.reversed()) }
            top = []
            bottom = []
        }
        for i in 0..<min(x.count, lower.count, upper.count) {
            if let t = context.point(x[i], upper[i]), let b = context.point(x[i], lower[i]) {
                top.append(t)
                bottom.append(b)
            } else {
                flush()
            }
        }
        flush()
        // Keep coordinates within cairo's comfortable range.
        let limit = context.plotRect.outset(
            max(context.plotRect.width, context.plotRect.height) * 4)
        return polygons.map { poly in
            poly.map {
                Point(
                    min(max($0.x, limit.minX), limit.maxX), min(max($0.y, limit.minY), limit.maxY))
            }
        }
    }

    public func draw(in context: PlotContext) {
        var path = Path()
        for poly in polygons(in: context) { path.addPolygon(poly) }
        context.renderer.fill(path, color: color)
    }

    public var legendEntries: [LegendEntry] {
        guard let label else { return [] }
        return [LegendEntry(label: label, swatch: .patch(color, edge: nil))]
    }

    public func occupiedPoints(in context: PlotContext) -> [Point] {
        var points: [Point] = []
        for poly in polygons(in: context) {
            let n = poly.count / 2
            for i in 0..<n {
                let t = poly[i]
                let b = poly[poly.count - 1 - i]
                for k in 0...4 {
                    let s = Double(k) / 4
                    points.append(Point(t.x, t.y + (b.y - t.y) * s))
                }
            }
        }
        return points
    }
}
