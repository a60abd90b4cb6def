import Foundation

extension Axes {
    /// Adds a line through (x, y), optionally with markers and a band (mean ± CI) behind it.
    ///
    /// - Parameters:
    ///   - band: lower and upper curves, filled in the line's color at `bandAlpha`.
    ///   - color: nil takes the next palette color.
    @discardableResult
    public func line(
        x: [Double], y: [Double], label: String? = nil, color: Color? = nil, width: Double = 1.75,
        dash: Dash = .solid, marker: MarkerShape? = nil, markerSize: Double = 5,
        band: (lower: [Double], upper: [Double])? = nil, bandAlpha: Double = 0.2
    ) -> LineSeries {
        let color = color ?? nextColor()
        var bandColor: Color?
        if let band {
            bandColor = color.withAlpha(bandAlpha)
            add(BandSeries(x: x, lower: band.lower, upper: band.upper, color: bandColor!))
        }
        var series = LineSeries(
            x: x, y: y, label: label,
            style: StrokeStyle(
                color: color, width: width, dash: dash, cap: dash == .solid ? .round : .butt),
            marker: marker.map {
                MarkerStyle($0, size: markerSize, color: color, edgeColor: .white)
            },
            bandColor: bandColor)
        series.band = band
        add(series)
        return series
    }

    /// Adds a line with y given for x = 0, 1, 2, …
    @discardableResult
    public func line(
        _ y: [Double], label: String? = nil, color: Color? = nil, dash: Dash = .solid
    ) -> LineSeries {
        line(x: y.indices.map(Double.init), y: y, label: label, color: color, dash: dash)
    }

    /// Adds a filled band between `lower` and `upper` (semi-transparent).
    @discardableResult
    public func band(
        x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil,
        alpha: Double = 0.2
    ) -> BandSeries {
        let series = BandSeries(
            x: x, lower: lower, upper: upper, color: (color ?? nextColor()).withAlpha(alpha),
            label: label)
        add(series)
        return series
    }

    /// Adds unconnected markers.
    @discardableResult
    public func scatter(
        x: [Double], y: [Double], label: String? = nil, color: Color? = nil,
        marker: MarkerShape = .circle, size: Double = 6, alpha: Double = 0.85
    ) -> ScatterSeries {
        let color = color ?? nextColor()
        let series = ScatterSeries(
            x: x, y: y, label: label,
            marker: MarkerStyle(
                marker, size: size, color: color.withAlpha(alpha), edgeColor: .white, edgeWidth: 0.5
            ))
        add(series)
        return series
    }

    /// Adds points with vertical error bars (symmetric `yError`, or `yLower`/`yUpper`
    /// distances) and optional horizontal ones.
    @discardableResult
    public func errorBars(
        x: [Double], y: [Double], yError: [Double]? = nil, yLower: [Double]? = nil,
        yUpper: [Double]? = nil, xError: [Double]? = nil, label: String? = nil, color: Color? = nil,
        marker: MarkerShape = .circle
    ) -> ErrorBarSeries {
        let color = color ?? nextColor()
        let zeros = [Double](repeating: 0, count: y.count)
        let series = ErrorBarSeries(
            x: x, y: y, yLower: yLower ?? yError ?? zeros, yUpper: yUpper ?? yError ?? zeros,
            xError: xError, label: label, color: color,
            marker: MarkerStyle(marker, size: 5.5, color: color, edgeColor: .white, edgeWidth: 0.5))
        add(series)
        return series
    }
}
