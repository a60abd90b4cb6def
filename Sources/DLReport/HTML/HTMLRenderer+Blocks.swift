/// One visitor per block kind: headings, prose, claims, key–value tables, folded details and
/// links, notes. Figures and tables are in `HTMLRenderer+Figures.swift`.
extension HTMLRenderer {
    func renderBlock(_ block: ReportBlock, page: PageContext) -> String {
        switch block {
        case .heading(let text, let level):
            let level = min(max(level, 2), 6)
            let textHTML = HTMLEscaping.escape(text)
            let id = page.anchors.heading(level: level, textHTML: textHTML)
            return "<h\(level) id=\"\(id)\">\(textHTML)</h\(level)>\n"
        case .markdown(let source):
            return "<div class=\"prose\">\n\(page.markdown.html(source))\n</div>\n"
        case .figure(let figure):
            return renderFigure(figure, page: page)
        case .table(let table):
            return renderTable(table, page: page)
        case .claim(let claim):
            page.claimsSeen += 1
            let id = page.anchors.reserve("claim-\(page.claimsSeen)")
            return renderClaim(claim, number: page.claimsSeen, id: id)
        case .runTable(let table):
            return renderRunTable(table, page: page)
        case .keyValues(let title, let rows):
            return "<div class=\"kv-block\">\n\(keyValueTable(rows, caption: title))</div>\n"
        case .details(let summary, let preformatted):
            return "<details>\n<summary>\(HTMLEscaping.escape(summary))</summary>\n"
                + "<pre><code>\(HTMLEscaping.escape(preformatted))</code></pre>\n</details>\n"
        case .links(let summary, let items):
            return renderLinks(summary: summary, items: items)
        case .note(let text):
            return "<aside class=\"note\" role=\"note\">\n<p class=\"note-label\"><span aria-hidden=\"true\">⚠ </span>Note</p>\n"
                + "\(page.markdown.html(text))\n</aside>\n"
        }
    }

    /// A claim card: verdict badge (icon, word and color), the claim, the evidence line, and the
    /// per-seed numbers folded.
    func renderClaim(_ claim: ReportClaim, number: Int, id: String) -> String {
        var html = "<section class=\"claim \(claim.verdict.rawValue)\" id=\"\(id)\" aria-label=\"Claim \(number): \(Self.verdictWord(claim.verdict))\">\n"
        html += "<div class=\"claim-head\">\(Self.badge(claim.verdict))<span>Claim \(number)</span></div>\n"
        html += "<p class=\"claim-text\">\(HTMLEscaping.escape(claim.text))</p>\n"
        if !claim.evidence.isEmpty {
            html += "<p class=\"evidence\"><span class=\"label\">Evidence:</span>\(HTMLEscaping.escape(claim.evidence))</p>\n"
        }
        if !claim.details.isEmpty {
            html += "<details>\n<summary>Per-seed numbers</summary>\n\(keyValueTable(claim.details, caption: nil))</details>\n"
        }
        return html + "</section>\n"
    }

    /// A verdict badge: `✓ Supported`, `✗ Contradicted`, `? Inconclusive`. The icon and the word
    /// carry the meaning; the color only repeats it.
    static func badge(_ verdict: ReportClaim.Verdict) -> String {
        let icon: String
        switch verdict {
        case .supported: icon = "✓"
        case .contradicted: icon = "✗"
        case .inconclusive: icon = "?"
        }
        return "<span class=\"badge \(verdict.rawValue)\"><span class=\"icon\" aria-hidden=\"true\">\(icon)</span>\(verdictWord(verdict))</span>"
    }

    static func verdictWord(_ verdict: ReportClaim.Verdict) -> String {
        switch verdict {
        case .supported: return "Supported"
        case .contradicted: return "Contradicted"
        case .inconclusive: return "Inconclusive"
        }
    }

    /// Keys in the first column, values in the second (monospace `<pre>` when preformatted).
    func keyValueTable(_ rows: [KeyValue], caption: String?) -> String {
        var html = "<table class=\"kv\">\n"
        if let caption, !caption.isEmpty { html += "<caption>\(HTMLEscaping.escape(caption))</caption>\n" }
        html += "<tbody>\n"
        for row in rows {
            let value = row.preformatted
                ? "<pre><code>\(HTMLEscaping.escape(row.value))</code></pre>"
                : HTMLEscaping.escape(row.value)
            html += "<tr><th scope=\"row\">\(HTMLEscaping.escape(row.key))</th><td>\(value)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A folded list of links; a link whose target is refused is shown as text.
    func renderLinks(summary: String, items: [Link]) -> String {
        var html = "<details class=\"links\">\n<summary>\(HTMLEscaping.escape(summary))</summary>\n<ul>\n"
        for item in items {
            if let href = HTMLEscaping.attributeURL(item.href) {
                html += "<li><a href=\"\(href)\">\(HTMLEscaping.escape(item.text))</a></li>\n"
            } else {
                html += "<li>\(HTMLEscaping.escape(item.text)) <span class=\"removed-link\">(link removed: not a relative path)</span></li>\n"
            }
        }
        return html + "</ul>\n</details>\n"
    }
}
