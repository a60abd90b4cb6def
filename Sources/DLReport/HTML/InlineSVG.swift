import Foundation

/// Readies an SVG file's markup to sit inside a page: the XML declaration and comments go, ids
/// get a prefix (Cairo names glyphs `glyph0-1` in every file, and two figures on one page must
/// not share them), the fixed size in points becomes a viewBox-sized one that CSS scales.
///
/// Only inert markup passes: no script, no `foreignObject`, no event handler, no link or `url()`
/// that leaves the SVG. Anything else returns nil and the page shows the figure as an `<img>`.
enum InlineSVG {
    static func prepare(_ markup: String, idPrefix: String, label: String) -> String? {
        guard let start = markup.range(of: "<svg"), let end = markup.range(of: "</svg>", options: .backwards),
              start.lowerBound < end.lowerBound else { return nil }
        var svg = String(markup[start.lowerBound..<end.upperBound])
        svg = removing(svg, from: "<!--", to: "-->")
        guard isInert(svg) else { return nil }
        svg = svg.replacingOccurrences(of: " id=\"", with: " id=\"\(idPrefix)")
            .replacingOccurrences(of: "href=\"#", with: "href=\"#\(idPrefix)")
            .replacingOccurrences(of: "url(#", with: "url(#\(idPrefix)")
            // SVG 2's plain href: the page needs no xlink namespace.
            .replacingOccurrences(of: "xlink:href=", with: "href=")
            .replacingOccurrences(of: " xmlns:xlink=\"http://www.w3.org/1999/xlink\"", with: "")
        // The root's size in points becomes unitless (CSS sets the width; the ratio stays).
        guard let rootEnd = svg.range(of: ">") else { return nil }
        var root = String(svg[svg.startIndex..<rootEnd.lowerBound])
        for attribute in ["width", "height"] {
            if let r = root.range(of: " \(attribute)=\"[0-9.]+pt\"", options: .regularExpression) {
                root.replaceSubrange(r, with: root[r].replacingOccurrences(of: "pt\"", with: "\""))
            }
        }
        root += " role=\"img\" aria-label=\"\(HTMLEscaping.escape(label))\" focusable=\"false\""
        return root + svg[rootEnd.lowerBound...]
    }

    /// No element or attribute that runs code or reaches outside the SVG.
    static func isInert(_ svg: String) -> Bool {
        let lower = svg.lowercased()
        for banned in ["<script", "<foreignobject", "<iframe", "<object", "<embed", "<!entity", "<!doctype", "javascript:", "<style", "<a ", "<a>", "@import"] {
            if lower.contains(banned) { return false }
        }
        // Event handlers: ` onload=`, ` onclick=`, …
        if lower.range(of: "\\son[a-z]+\\s*=", options: .regularExpression) != nil { return false }
        // References must stay inside: href="#…", url(#…), and embedded PNGs (heatmaps).
        let hrefs = lower.rangesMatching("href\\s*=\\s*\"")
        for r in hrefs {
            let rest = lower[r.upperBound...]
            if !(rest.hasPrefix("#") || rest.hasPrefix("data:image/png;base64,")) { return false }
        }
        if lower.range(of: "url\\(\\s*[^#\\s]", options: .regularExpression) != nil { return false }
        return true
    }

    private static func removing(_ s: String, from open: String, to close: String) -> String {
        var out = s
        while let a = out.range(of: open), let b = out.range(of: close, range: a.upperBound..<out.endIndex) {
            out.removeSubrange(a.lowerBound..<b.upperBound)
        }
        return out
    }
}

extension String {
    /// Every non-overlapping match of `pattern`.
    fileprivate func rangesMatching(_ pattern: String) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        var from = startIndex
        while from < endIndex, let r = range(of: pattern, options: .regularExpression, range: from..<endIndex) {
            out.append(r)
            from = r.upperBound
        }
        return out
    }
}
