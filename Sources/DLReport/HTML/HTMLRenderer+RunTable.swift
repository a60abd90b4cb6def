/// The table of runs: sortable (the page's script turns each heading into a button), numbers
/// carried in `data-sort` so "1e-3" sorts before "0.01", settings differences as code. On a
/// narrow screen each row becomes a card of labelled lines (CSS only), so nothing overflows.
extension HTMLRenderer {
    func renderRunTable(_ table: ReportRunTable, page: PageContext) -> String {
        let id = page.anchors.reserve(table.id, fallback: "runs")
        var html = "<div class=\"table-block run-table\">\n"
        if !table.caption.isEmpty {
            html += "<p class=\"run-table-caption\">\(page.markdown.inlineHTML(table.caption))</p>\n"
        }
        html += "<table class=\"data sortable runs\" id=\"\(id)\">\n<thead><tr>"
        for column in table.columns {
            html += "<th scope=\"col\"\(column.numeric ? " class=\"num\"" : "")>\(HTMLEscaping.escape(column.title))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (c, cell) in row.enumerated() {
                let column = c < table.columns.count ? table.columns[c] : ReportRunTable.Column("")
                var attributes = " data-label=\"\(HTMLEscaping.escape(column.title))\""
                if column.numeric { attributes += " class=\"num\"" }
                if let v = cell.sortValue { attributes += " data-sort=\"\(v.isFinite ? "\(v)" : "NaN")\"" }
                html += "<td\(attributes)><span class=\"cell\">\(cellHTML(cell))</span></td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    private func cellHTML(_ cell: ReportRunTable.Cell) -> String {
        var inner = HTMLEscaping.escape(cell.text)
        if let code = cell.code, !code.isEmpty {
            inner = code.map { "<code>\(HTMLEscaping.escape($0))</code>" }.joined(separator: "<br />")
        }
        if let href = cell.href, let url = HTMLEscaping.attributeURL(href) {
            inner = "<a href=\"\(url)\">\(inner)</a>"
        }
        return inner
    }
}
