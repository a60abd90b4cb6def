import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import DLReport

/// What makes a page explorable without leaving it: inline SVG figures (hover titles, enlarge
/// on click), the sortable run table, the one script and its CSP hash.
final class ExplorableTests: XCTestCase {
    /// What Cairo writes, cut down: glyphs by id, a clip path, a use of each, and one hover title.
    static let cairoSVG = """
    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="480pt" height="320pt" viewBox="0 0 480 320" version="1.1">
    <defs><g><symbol overflow="visible" id="glyph0-1"><path d="M 0 0 L 1 1 Z"/></symbol></g>
    <clipPath id="clip1"><path d="M 0 0 L 480 0 L 480 320 Z"/></clipPath></defs>
    <!-- a comment -->
    <g clip-path="url(#clip1)"><use xlink:href="#glyph0-1" x="10" y="20"/></g>
    <g class="hover-targets" fill-opacity="0"><circle cx="1" cy="2" r="4.5" fill="#000000"><title>0.3 · epoch 1 · loss 0.5</title></circle></g>
    </svg>

    """

    func figure(svg: String?, number: Int = 1, id: String = "fig-loss") -> ReportFigure {
        ReportFigure(id: id, number: number, caption: "Loss.", inline: "figures/loss.svg",
                     downloads: [Link("SVG", href: "figures/loss.svg"), Link("CSV", href: "figures/loss.csv")], alt: "Loss",
                     svg: svg, minWidth: 506)
    }

    func page(_ blocks: [ReportBlock]) -> String {
        HTMLRenderer().render(ReportDocument(name: "t", title: "T", blocks: blocks, footer: ReproducibilityFooter(rows: [])))
    }

    func testFiguresGoInlineWithTheirIDsPrefixedAndTheirTitles() throws {
        let html = page([.figure(figure(svg: Self.cairoSVG)), .figure(figure(svg: Self.cairoSVG, number: 2, id: "fig-acc"))])
        try TestHTML.assertInert(html)
        let document = try TestHTML.parse(html)
        XCTAssertEqual(try TestHTML.elements("//img", in: document).count, 0, "inline, not an <img>")
        XCTAssertEqual(try TestHTML.strings("//*[local-name()='svg']/@aria-label", in: document), ["Loss.", "Loss."])
        XCTAssertEqual(try TestHTML.strings("//*[local-name()='svg']//*[local-name()='title']", in: document), ["0.3 · epoch 1 · loss 0.5", "0.3 · epoch 1 · loss 0.5"])
        // Two figures from one Cairo: their glyph ids must not collide on the page.
        XCTAssertEqual(try TestHTML.strings("//*[local-name()='symbol']/@id", in: document), ["fig-loss-glyph0-1", "fig-acc-glyph0-1"])
        XCTAssertTrue(html.contains("href=\"#fig-acc-glyph0-1\""))
        XCTAssertTrue(html.contains("url(#fig-acc-clip1)"))
        XCTAssertFalse(html.contains("xlink:"), "SVG 2 hrefs: no xlink namespace needed")
        XCTAssertFalse(html.contains("<?xml"))
        XCTAssertFalse(html.contains("a comment"))
        // Sized by CSS: unitless width, never narrower than where text stays 10 px, never wider than natural.
        XCTAssertTrue(html.contains("width=\"480\" height=\"320\""), html)
        XCTAssertTrue(html.contains("style=\"min-width: 506px; max-width: 640px\""), html)
        XCTAssertTrue(html.contains("class=\"plot\" data-zoom=\"\" tabindex=\"0\" role=\"button\""))
        XCTAssertEqual(try TestHTML.strings("//figcaption//a", in: document).suffix(2), ["SVG", "CSV"])
    }

    func testUnsafeSVGFallsBackToAnImage() throws {
        let bad = [
            Self.cairoSVG.replacingOccurrences(of: "<defs>", with: "<script>alert(1)</script><defs>"),
            Self.cairoSVG.replacingOccurrences(of: "<defs>", with: "<defs onload=\"alert(1)\">"),
            Self.cairoSVG.replacingOccurrences(of: "xlink:href=\"#glyph0-1\"", with: "xlink:href=\"https://example.com/x.svg#a\""),
            Self.cairoSVG.replacingOccurrences(of: "url(#clip1)", with: "url(https://example.com/a)"),
            Self.cairoSVG.replacingOccurrences(of: "<defs>", with: "<foreignObject><p>x</p></foreignObject><defs>"),
            "not an svg at all",
        ]
        for svg in bad {
            let html = page([.figure(figure(svg: svg))])
            try TestHTML.assertInert(html)
            XCTAssertTrue(html.contains("<img src=\"figures/loss.svg\""), svg)
            XCTAssertFalse(html.contains("example.com"), svg)
        }
        // A heatmap's embedded PNG is inert and stays.
        let heatmap = Self.cairoSVG.replacingOccurrences(of: "<defs>", with: "<defs><image width=\"2\" height=\"2\" xlink:href=\"data:image/png;base64,AAAA\"/>")
        XCTAssertNotNil(InlineSVG.prepare(heatmap, idPrefix: "f-", label: "x"))
    }

    func testRunTableIsSortableAndLabelledForNarrowScreens() throws {
        let table = ReportRunTable(
            id: "runs", caption: "Every run.",
            columns: [.init("level"), .init("seed", numeric: true), .init("test loss", numeric: true), .init("settings")],
            rows: [
                [.init("1e-3", sortValue: 0.001), .init("0", sortValue: 0, href: "runs/main/1e-3/seed-0.json"), .init("0.5", sortValue: 0.5),
                 .init("x", code: ["optimizer.learningRate: 0.1 → 0.001"])],
                [.init("0.01", sortValue: 0.01), .init("1", sortValue: 1, href: "runs/main/0.01/seed-1.json"), .init("—", sortValue: .nan),
                 .init("same as base")],
            ])
        let html = page([.runTable(table)])
        try TestHTML.assertInert(html)
        let document = try TestHTML.parse(html)
        let t = try XCTUnwrap(try TestHTML.elements("//table", in: document).first)
        XCTAssertEqual(TestHTML.attribute("class", of: t), "data sortable runs")
        XCTAssertEqual(try TestHTML.strings("//thead//th", in: document), ["level", "seed", "test loss", "settings"])
        XCTAssertEqual(try TestHTML.strings("//tbody/tr[1]/td/@data-sort", in: document), ["0.001", "0.0", "0.5"])
        XCTAssertEqual(try TestHTML.strings("//tbody/tr[2]/td[3]/@data-sort", in: document), ["NaN"], "a missing value sorts last")
        XCTAssertEqual(try TestHTML.strings("//tbody/tr[1]/td/@data-label", in: document), ["level", "seed", "test loss", "settings"])
        XCTAssertEqual(try TestHTML.strings("//tbody/tr[1]/td[2]/span/a/@href", in: document), ["runs/main/1e-3/seed-0.json"])
        XCTAssertEqual(try TestHTML.strings("//tbody/tr[1]/td[4]/span/code", in: document), ["optimizer.learningRate: 0.1 → 0.001"])
    }

    func testTheScriptIsAllowedByItsHashAndKeepsThePageXML() throws {
        XCTAssertFalse(PageScript.source.contains("<"), "a < would break the page's XML well-formedness")
        XCTAssertFalse(PageScript.source.contains("&"), "an & would break the page's XML well-formedness")
        XCTAssertFalse(PageScript.source.lowercased().contains("http"), "the script fetches nothing")
        XCTAssertFalse(PageScript.source.contains("fetch(") || PageScript.source.contains("XMLHttpRequest") || PageScript.source.contains("import("))
        XCTAssertTrue(PageScript.cspHash.hasPrefix("'sha256-") && PageScript.cspHash.count == 53, PageScript.cspHash)
        let html = page([.markdown("Hello.")])
        XCTAssertTrue(html.contains("script-src \(PageScript.cspHash);"))
        XCTAssertTrue(html.contains("default-src 'none'"))
        // The site index needs no script and has none.
        let site = HTMLRenderer().renderSiteIndex([], title: "S", intro: nil)
        XCTAssertFalse(site.contains("<script"))
        XCTAssertFalse(site.contains("script-src"))
    }
}
