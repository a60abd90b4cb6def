/// Numbered figures and tables.
extension HTMLRenderer {
    /// `<figure id=…>` with the inline image, then `Figure N.` caption and the download links.
    func renderFigure(_ figure: ReportFigure, page: PageContext) -> String {
        let id = page.figureIDs[page.figuresSeen]
        page.figuresSeen += 1
        let caption = page.markdown.inlineHTML(figure.caption)
        let alt = figure.alt.isEmpty ? MarkdownRenderer.stripTags(caption) : HTMLEscaping.escape(figure.alt)

        var html = "<figure id=\"\(id)\">\n"
        if let markup = figure.svg, let svg = InlineSVG.prepare(markup, idPrefix: "\(id)-", label: MarkdownRenderer.stripTags(caption)) {
            // Inline: values on hover, text that scales with the page. Never narrower than where
            // its text stays 10 px; never wider than its natural size (pt → px).
            var style: [String] = []
            if let min = figure.minWidth { style.append("min-width: \(max(min, 1))px") }
            if let natural = Self.naturalWidth(svg) { style.append("max-width: \(natural)px") }
            html += "<div class=\"plot\" data-zoom=\"\" tabindex=\"0\" role=\"button\" aria-expanded=\"false\" "
                + "aria-label=\"Figure \(figure.number), click to enlarge\">\n"
                + "<div class=\"plot-frame\" style=\"\(style.joined(separator: "; "))\">\n\(svg)\n</div>\n</div>\n"
        } else if let src = HTMLEscaping.attributeURL(figure.inline) {
            let width = figure.width.map { " width=\"\(max($0, 1))\"" } ?? ""
            html += "<img src=\"\(src)\"\(width) alt=\"\(alt)\" />\n"
        } else {
            html += "<div class=\"missing-image\" role=\"img\" aria-label=\"\(alt)\">Image not shown: its path is not relative to this page.</div>\n"
        }
        html += "<figcaption><span class=\"label\">Figure \(figure.number).</span> \(caption)"
        let links = figure.downloads.compactMap { link -> String? in
            guard let href = HTMLEscaping.attributeURL(link.href) else { return nil }
            return "<a href=\"\(href)\" download=\"\">\(HTMLEscaping.escape(link.text))</a>"
        }
        if !links.isEmpty {
            html += " <span class=\"downloads\">Download \(links.joined(separator: " · "))</span>"
        }
        return html + "</figcaption>\n</figure>\n"
    }

    /// The CSS width (pixels) of an SVG whose root says `width="N"` in points: N × 4/3.
    static func naturalWidth(_ svg: String) -> Int? {
        guard let r = svg.range(of: "width=\"[0-9.]+\"", options: .regularExpression) else { return nil }
        let digits = svg[r].dropFirst(7).dropLast()
        return Double(digits).map { Int(($0 * 4 / 3).rounded()) }
    }

    /// A booktabs-style table: `Table N.` caption on top, header row, numeric columns right-aligned
    /// in tabular figures, best cells in bold (with a note saying so when the caption does not).
    func renderTable(_ table: ReportTable, page: PageContext) -> String {
        let id = page.tableIDs[page.tablesSeen]
        page.tablesSeen += 1
        let numeric = Set(table.numericColumns)
        let best = Set(table.best.compactMap { $0.count == 2 ? CellIndex(row: $0[0], column: $0[1]) : nil })

        var html = "<div class=\"table-block\">\n<table class=\"data\" id=\"\(id)\">\n"
        html += "<caption><span class=\"label\">Table \(table.number).</span> \(page.markdown.inlineHTML(table.caption))</caption>\n"
        if !table.header.isEmpty {
            html += "<thead><tr>"
            for (column, title) in table.header.enumerated() {
                let cls = numeric.contains(column) ? " class=\"num\"" : ""
                html += "<th scope=\"col\"\(cls)>\(HTMLEscaping.escape(title))</th>"
            }
            html += "</tr></thead>\n"
        }
        html += "<tbody>\n"
        for (r, row) in table.rows.enumerated() {
            html += "<tr>"
            for (c, cell) in row.enumerated() {
                var classes: [String] = []
                if numeric.contains(c) { classes.append("num") }
                let isBest = best.contains(CellIndex(row: r, column: c))
                if isBest { classes.append("best") }
                let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                let text = numeric.contains(c) ? Self.meanOverSD(cell) : HTMLEscaping.escape(cell)
                html += "<td\(cls)>\(isBest ? "<strong>\(text)</strong>" : text)</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        // Say what bold means, unless the caption already does.
        if !best.isEmpty, !table.caption.lowercased().contains("bold") {
            html += "<p class=\"table-note\">Bold marks the best value.</p>\n"
        }
        return html + "</div>\n"
    }
}

extension HTMLRenderer {
    /// A numeric cell "0.437 ± 0.0184" as the mean with the sd beneath it in small type, so a
    /// table of means and spreads is about half as wide (and fits a 1280-px window).
    static func meanOverSD(_ cell: String) -> String {
        let parts = cell.components(separatedBy: " ± ")
        guard parts.count == 2 else { return HTMLEscaping.escape(cell) }
        return "\(HTMLEscaping.escape(parts[0]))<span class=\"sd\"> ± \(HTMLEscaping.escape(parts[1]))</span>"
    }
}

private struct CellIndex: Hashable {
    var row: Int
    var column: Int
}
