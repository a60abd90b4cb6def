import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import DLReport

/// Helpers for reading rendered pages back. Pages are HTML5 that is also well-formed XML, so a
/// strict XML parse is itself a structure check (a mismatched tag fails it).
enum TestHTML {
    static func parse(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLDocument {
        do {
            return try XMLDocument(xmlString: html, options: [])
        } catch {
            XCTFail("page is not well-formed: \(error)", file: file, line: line)
            throw error
        }
    }

    static func elements(_ xpath: String, in node: XMLNode) throws -> [XMLElement] {
        try node.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    static func strings(_ xpath: String, in node: XMLNode) throws -> [String] {
        try node.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
    }

    static func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attribute(forName: name)?.stringValue
    }

    /// Every value of `href` and `src` attributes in the page, decoded.
    static func urls(in document: XMLDocument) throws -> [String] {
        try strings("//@href | //@src", in: document)
    }

    /// The checks every page must pass whatever its content: no script but the renderer's own
    /// (`PageScript`, allowed by its hash in the page's CSP), no event handlers, no `javascript:`
    /// and no absolute or protocol-relative URL in any `href` or `src`.
    static func assertInert(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let own = "<script>\(PageScript.source)</script>"
        let rest = html.replacingOccurrences(of: own, with: "")
        XCTAssertLessThanOrEqual(html.components(separatedBy: own).count - 1, 1, "the page script twice", file: file, line: line)
        XCTAssertFalse(rest.lowercased().contains("<script"), "a <script tag in the page besides the renderer's own", file: file, line: line)
        if html.contains(own) {
            XCTAssertTrue(html.contains("script-src \(PageScript.cspHash);"), "the CSP allows the page script by its hash", file: file, line: line)
        }
        XCTAssertFalse(rest.contains("script-src 'unsafe-inline'"), file: file, line: line)
        XCTAssertFalse(html.lowercased().contains("<link"), "an external stylesheet in the page", file: file, line: line)
        let document = try parse(html, file: file, line: line)
        XCTAssertEqual(try elements("//iframe | //object | //embed | //*[local-name()='foreignObject']", in: document).count, 0, file: file, line: line)
        XCTAssertEqual(try elements("//script[@src]", in: document).count, 0, file: file, line: line)
        XCTAssertLessThanOrEqual(try elements("//script", in: document).count, 1, file: file, line: line)
        let handlers = try document.nodes(forXPath: "//@*").filter { ($0.name ?? "").lowercased().hasPrefix("on") }
        XCTAssertEqual(handlers.map { $0.name ?? "" }, [], "event-handler attributes", file: file, line: line)
        for url in try urls(in: document) {
            let lower = url.lowercased().trimmingCharacters(in: .whitespaces)
            XCTAssertFalse(lower.contains("javascript:"), "href/src \(url)", file: file, line: line)
            XCTAssertFalse(lower.hasPrefix("http://") || lower.hasPrefix("https://"), "href/src \(url)", file: file, line: line)
            XCTAssertFalse(lower.hasPrefix("//") || lower.hasPrefix("/"), "href/src \(url)", file: file, line: line)
            let schemePart = lower.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            XCTAssertFalse(schemePart.contains(":"), "href/src with a scheme: \(url)", file: file, line: line)
        }
        XCTAssertFalse(html.contains("href=\"http"), file: file, line: line)
        XCTAssertFalse(html.contains("src=\"http"), file: file, line: line)
    }
}
