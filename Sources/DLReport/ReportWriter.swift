import DLFiles
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes rendered pages into a folder atomically: the bytes go to a temporary file beside the
/// target, then `rename(2)` puts it in place, so a reader (or a killed process) never sees half a
/// page. `summary.json` and other data files are written elsewhere.
public enum ReportWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Renders `document` and writes it to `folder/fileName` (default `index.html`), creating the
    /// folder if needed. Returns the page's URL.
    @discardableResult
    public static func writeReport(
        _ document: ReportDocument, to folder: URL, fileName: String = "index.html",
        renderer: HTMLRenderer = HTMLRenderer()
    ) throws -> URL {
        try writePage(renderer.render(document), to: folder, fileName: fileName)
    }

    /// Renders the site index for `entries` and writes it to `folder/fileName`.
    @discardableResult
    public static func writeSiteIndex(
        _ entries: [SiteEntry], to folder: URL, fileName: String = "index.html", title: String = "Studies",
        intro: String? = nil, renderer: HTMLRenderer = HTMLRenderer()
    ) throws -> URL {
        try writePage(renderer.renderSiteIndex(entries, title: title, intro: intro), to: folder, fileName: fileName)
    }

    /// Writes `html` (UTF-8) to `folder/fileName` atomically, creating the folder if needed.
    @discardableResult
    public static func writePage(_ html: String, to folder: URL, fileName: String = "index.html") throws -> URL {
        guard !fileName.isEmpty, !fileName.contains("/"), fileName != ".", fileName != ".." else {
            throw WriteError(path: fileName, reason: "a page's file name must be a plain name")
        }
        do { try FileProblem.createFolder(folder) } catch let e as FileProblem { throw WriteError(path: e.path, reason: "\(e.problem) — \(e.fix)") }
        let target = folder.appendingPathComponent(fileName)
        try writeAtomically(Data(html.utf8), to: target)
        return target
    }

    /// Writes `data` to `url` atomically (see `AtomicFile`); a failure names the path and the fix.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        do { try AtomicFile.write(data, to: url) } catch let e as FileProblem {
            throw WriteError(path: e.path, reason: "\(e.problem) — \(e.fix)")
        }
    }
}
