import DLFiles
import Foundation

/// A figure: a grid of panels (small multiples), a title, optional shared labels and legend.
///
/// ```swift
/// let figure = Figure(width: 480, height: 320)
/// figure.axes.line(x: epochs, y: loss, label: "SGD")
/// try figure.write(to: URL(fileURLWithPath: "loss.png"))
/// ```
public final class Figure {
    /// Size in points (1/72 inch).
    public var size: Size
    /// PNG resolution: 144 dpi gives 2 pixels per point (crisp on high-density screens).
    public var dpi: Double = 144
    public var title: String?
    /// A label centred under all panels (for small multiples sharing an x quantity).
    public var xLabel: String?
    /// A label centred left of all panels.
    public var yLabel: String?
    /// Gather every panel's legend rows into one legend right of the grid.
    public var sharedLegend = false
    public var sharedLegendTitle: String?
    public let rows: Int
    public let columns: Int
    /// All panels share x limits; only the bottom row shows x tick labels and x labels.
    public var sharedX: Bool
    /// All panels share y limits; only the left column shows y tick labels and y labels.
    public var sharedY: Bool
    /// Relative heights of the rows' plot areas (equal by default).
    public var rowHeights: [Double]
    /// Relative widths of the columns' plot areas.
    public var columnWidths: [Double]
    /// Panels in row-major order.
    public let panels: [Axes]

    /// - Parameters:
    ///   - width, height: points; 480 × 320 suits a report column.
    ///   - rows, columns: the panel grid.
    public init(
        width: Double = 480, height: Double = 320, rows: Int = 1, columns: Int = 1,
        sharedX: Bool = false, sharedY: Bool = false, title: String? = nil
    ) {
        precondition(rows >= 1 && columns >= 1, "a figure needs at least one row and one column")
        self.size = Size(width: width, height: height)
        self.rows = rows
        self.columns = columns
        self.sharedX = sharedX
        self.sharedY = sharedY
        self.title = title
        self.rowHeights = Array(repeating: 1, count: rows)
        self.columnWidths = Array(repeating: 1, count: columns)
        self.panels = (0..<(rows * columns)).map { _ in Axes() }
    }

    /// The panel at a grid position.
    public subscript(row: Int, column: Int) -> Axes {
        precondition(
            row >= 0 && row < rows && column >= 0 && column < columns,
            "no panel at (\(row), \(column))")
        return panels[row * columns + column]
    }

    /// The first (for a one-panel figure, the only) panel.
    public var axes: Axes { panels[0] }

    /// Draws the whole figure on any renderer.
    public func draw(on renderer: Renderer) {
        let layout = self.layout(using: renderer)
        renderer.beginGroup("figure")
        defer { renderer.endGroup() }
        for (panel, geometry) in zip(panels, layout.panels) {
            panel.draw(geometry: geometry, on: renderer)
        }
        drawFurniture(layout, on: renderer)
    }

    /// The figure's bytes in `format` (PNG at `dpi`).
    /// An SVG carries a `<title>` on each plotted point (values on hover; see `hoverTargets`).
    public func render(format: OutputFormat) throws -> Data {
        let data = try CairoOutput.render(size: size, format: format, scale: dpi / 72, title: title) {
            draw(on: $0)
        }
        return format == .svg ? Self.addingHoverTargets(hoverTargets(), to: data) : data
    }

    /// Writes the figure to `url`, the format chosen by its extension (.png, .pdf, .svg).
    public func write(to url: URL) throws {
        guard let format = OutputFormat(fileExtension: url.pathExtension) else {
            throw PlotError.unknownFormat(url.pathExtension)
        }
        try AtomicFile.write(render(format: format), to: url)
    }

    /// Writes the figure as `base`.png, .pdf and .svg, returning the three URLs.
    @discardableResult
    public func writeAll(to base: URL, formats: [OutputFormat] = OutputFormat.allCases) throws
        -> [URL]
    {
        try formats.map { format in
            let url = base.appendingPathExtension(format.fileExtension)
            try write(to: url)
            return url
        }
    }

    /// Legend rows of all panels without repeats (for the shared legend).
    var sharedLegendEntries: [LegendEntry] {
        var seen = Set<String>()
        return panels.flatMap(\.legendEntries).filter { seen.insert($0.label).inserted }
    }

    private func drawFurniture(_ layout: FigureLayout, on renderer: Renderer) {
        if let title, let at = layout.titleAnchor {
            renderer.beginGroup("figure-title")
            renderer.drawText(
                title, at: at, anchor: .topCenter, style: TextStyle(font: Metrics.figureTitleFont))
            renderer.endGroup()
        }
        if let xLabel, let at = layout.xLabelAnchor {
            renderer.beginGroup("xlabel")
            renderer.drawText(
                xLabel, at: at, anchor: .bottomCenter, style: TextStyle(font: Metrics.labelFont))
            renderer.endGroup()
        }
        if let yLabel, let at = layout.yLabelAnchor {
            renderer.beginGroup("ylabel")
            renderer.drawText(
                yLabel, at: at, anchor: .topCenter,
                style: TextStyle(font: Metrics.labelFont, rotation: 90))
            renderer.endGroup()
        }
        if let rect = layout.legendRect {
            Legend(entries: sharedLegendEntries, title: sharedLegendTitle, framed: false).draw(
                in: rect, on: renderer)
        }
    }
}
