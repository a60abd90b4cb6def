/// A picture drawn cell for cell: `pixels[row][column]` in their own colours (an RGB image, or a
/// grey one already mapped), row 0 at the top when the y axis is inverted (as `Axes.image`
/// sets up). Unlike a heatmap it has no colour scale.
public struct ImageSeries: Series {
    public var pixels: [[Color]]

    public init(pixels: [[Color]]) { self.pixels = pixels }

    var grid: HeatmapSeries {
        // The heatmap's placement, with every cell's colour given (values are indices).
        HeatmapSeries(values: pixels.map { $0.map { _ in 0 } }, colorScale: ColorScale(colormap: .grays, range: 0...1))
    }

    public var zOrder: Int { 5 }
    public func extent(xScale: Scale, yScale: Scale) -> DataExtent { grid.extent(xScale: xScale, yScale: yScale) }

    public func draw(in context: PlotContext) {
        guard let (rect, topRowFirst) = grid.placement(in: context) else { return }
        let rows = topRowFirst ? pixels : pixels.reversed()
        let width = pixels.map(\.count).max() ?? 0
        let flat = rows.flatMap { row in row + Array(repeating: Colormap.missing, count: width - row.count) }
        context.renderer.drawImage(RasterImage(width: width, height: rows.count, pixels: flat), in: rect)
    }

    public func occupiedPoints(in context: PlotContext) -> [Point] { grid.occupiedPoints(in: context) }
}

extension Axes {
    /// Shows an image: `rgb[channel][row][column]` with three channels (values clamped to
    /// `range`, mapped to 0…1 per channel), or one channel drawn in greys (black at the low end).
    /// Square pixels, no ticks, no grid, no colour bar.
    @discardableResult
    public func image(_ channels: [[[Double]]], range: ClosedRange<Double> = 0...1) -> ImageSeries {
        precondition(channels.count == 1 || channels.count == 3, "an image has 1 (grey) or 3 (RGB) channels, got \(channels.count)")
        let span = range.upperBound - range.lowerBound
        func unit(_ v: Double) -> Double { v.isFinite ? min(1, max(0, span > 0 ? (v - range.lowerBound) / span : 0.5)) : 0.5 }
        let pixels = channels[0].indices.map { r in
            channels[0][r].indices.map { c -> Color in
                channels.count == 1 ? Color(red: unit(channels[0][r][c]), green: unit(channels[0][r][c]), blue: unit(channels[0][r][c]))
                    : Color(red: unit(channels[0][r][c]), green: unit(channels[1][r][c]), blue: unit(channels[2][r][c]))
            }
        }
        let series = ImageSeries(pixels: pixels)
        add(series)
        yAxis.inverted = true
        (xAxis.margin, yAxis.margin) = (0, 0)
        (xAxis.ticks, yAxis.ticks) = ([], [])
        grid = false
        frame = .box
        aspect = .equal
        legend = .none
        return series
    }
}

/// One picture of an image grid: its channels (1 grey or 3 RGB, `[channel][row][column]`), a
/// title, and the value range mapped to black…white (per image: a kernel's output has its own).
public struct GridImage: Sendable {
    public var title: String
    public var channels: [[[Double]]]
    public var range: ClosedRange<Double>

    public init(_ title: String, channels: [[[Double]]], range: ClosedRange<Double>? = nil) {
        self.title = title
        self.channels = channels
        let values = channels.flatMap { $0.flatMap { $0 } }.filter(\.isFinite)
        self.range = range ?? ((values.min() ?? 0) < (values.max() ?? 1) ? (values.min() ?? 0)...(values.max() ?? 1) : 0...1)
    }

    /// A grey image from one matrix `[row][column]`.
    public init(_ title: String, grey: [[Double]], range: ClosedRange<Double>? = nil) {
        self.init(title, channels: [grey], range: range)
    }
}

extension Figure {
    /// Small multiples of images in a grid, `columns` wide, row by row, each with its title;
    /// panels past the last image, and empty images (gaps), are hidden. `cell` is each panel's size in points.
    public static func imageGrid(_ images: [GridImage], columns: Int, cell: Double = 120, title: String? = nil) -> Figure {
        let columns = max(1, min(columns, images.count))
        let rows = max(1, (images.count + columns - 1) / columns)
        let figure = Figure(width: cell * Double(columns) + 40, height: (cell + 24) * Double(rows) + (title == nil ? 10 : 34),
                            rows: rows, columns: columns, title: title)
        for (i, axes) in figure.panels.enumerated() {
            // Past the last image, or an empty one (a gap in a row): no panel.
            guard i < images.count, images[i].channels.first?.contains(where: { !$0.isEmpty }) == true else { axes.isHidden = true; continue }
            axes.title = images[i].title
            axes.image(images[i].channels, range: images[i].range)
        }
        return figure
    }
}
