import Foundation

extension Figure {
    /// Cairo's SVG with a last layer of hover targets: a transparent circle on each plotted point
    /// (see `hoverTargets`) holding a `<title>`, which browsers show as a tooltip. The file stays
    /// a plain static SVG: no script, no style sheet, nothing loaded.
    static func addingHoverTargets(_ targets: [HoverTarget], to svg: Data) -> Data {
        guard !targets.isEmpty, let text = String(data: svg, encoding: .utf8),
              let end = text.range(of: "</svg>", options: .backwards) else { return svg }
        var layer = "<g class=\"hover-targets\" fill-opacity=\"0\" stroke=\"none\">\n"
        for t in targets {
            layer += "<circle cx=\"\(coordinate(t.point.x))\" cy=\"\(coordinate(t.point.y))\" r=\"4.5\" fill=\"\(t.color.hex)\">"
                + "<title>\(escapeXML(t.title))</title></circle>\n"
        }
        layer += "</g>\n"
        var out = text
        out.insert(contentsOf: layer, at: end.lowerBound)
        return Data(out.utf8)
    }

    static func coordinate(_ v: Double) -> String { String(format: "%.2f", v) }

    static func escapeXML(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The smallest text the figure draws, in points (tick labels, legend entries, annotations):
    /// what decides how narrow the figure can be shown and stay readable.
    public func smallestTextSize() -> Double {
        let recorder = RecordingRenderer(size: size)
        draw(on: recorder)
        let sizes = recorder.calls.compactMap { call -> Double? in
            if case .text(_, _, _, let style) = call.kind { return style.font.size }
            return nil
        }
        return sizes.min() ?? Metrics.labelFont.size
    }
}
