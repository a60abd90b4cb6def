/// A report as data: what a study's page says, in order, with nothing about HTML.
///
/// DLStudy builds one from a study's results; `HTMLRenderer` turns it into a page. The split
/// keeps every bit of escaping and markup in one place (the renderer) and lets tests check a
/// report's content without parsing HTML.
public struct ReportDocument: Codable, Sendable {
    public var name: String
    public var title: String
    /// One-line question the study answers, shown under the title.
    public var question: String?
    /// The line under the title; nil says "Study `name`".
    public var byline: String?
    public var blocks: [ReportBlock]
    public var footer: ReproducibilityFooter

    public init(name: String, title: String, question: String? = nil, byline: String? = nil, blocks: [ReportBlock],
                footer: ReproducibilityFooter) {
        self.name = name; self.title = title; self.question = question; self.byline = byline; self.blocks = blocks
        self.footer = footer
    }
}

public enum ReportBlock: Codable, Sendable {
    /// A section heading (level 2 or 3).
    case heading(text: String, level: Int)
    /// Markdown prose (rendered with Ink; raw HTML in it is escaped, not passed through).
    case markdown(String)
    /// A numbered figure: image files relative to the page (PNG, PDF, SVG), the one to show
    /// inline, and a caption (Markdown).
    case figure(ReportFigure)
    case table(ReportTable)
    case claim(ReportClaim)
    /// One row per run, sortable by any column (with the page's script), each level's settings
    /// as a difference from its experiment's base.
    case runTable(ReportRunTable)
    /// A key–value table (the automatic setup table).
    case keyValues(title: String, rows: [KeyValue])
    /// Folded content: a summary line and preformatted text (a RunSpec JSON, a model printout).
    case details(summary: String, preformatted: String)
    /// Folded list of links (per-run RunSpec files, CSV and JSON data).
    case links(summary: String, items: [Link])
    /// A warning box (runs that diverged, missing records, an effect that did not appear).
    case note(String)
}

public struct KeyValue: Codable, Sendable {
    public var key: String
    public var value: String
    /// Render `value` as preformatted (monospace, keeps line breaks), e.g. a model printout.
    public var preformatted: Bool
    public init(_ key: String, _ value: String, preformatted: Bool = false) {
        self.key = key; self.value = value; self.preformatted = preformatted
    }
}

public struct Link: Codable, Sendable {
    public var text: String
    public var href: String
    public init(_ text: String, href: String) { self.text = text; self.href = href }
}

public struct ReportFigure: Codable, Sendable {
    /// Stable anchor id, e.g. "fig-test-loss".
    public var id: String
    /// Figure number, 1-based, in page order.
    public var number: Int
    public var caption: String
    /// The image shown in the page (an SVG or PNG path relative to the page).
    public var inline: String
    /// Download links: format name → relative path ("PNG" → "figures/test-loss.png").
    public var downloads: [Link]
    /// Alternative text for the image.
    public var alt: String
    /// Display width of the inline image in CSS pixels (it still shrinks to fit the page). Set it
    /// for a PNG rendered at 2× (a 960-pixel PNG of a 480 pt figure shows at 640); `nil` shows
    /// the image at its natural size, capped at the figure column (~900px).
    public var width: Int?
    /// The SVG itself, to put in the page rather than link: its points' `<title>`s then show
    /// values on hover, and its text scales with the page. Checked by `InlineSVG` (no script, no
    /// outside reference); the `inline` image is shown if it fails.
    public var svg: String?
    /// The narrowest width (CSS pixels) at which the inline SVG's smallest text stays 10 px high;
    /// on a narrower screen the figure scrolls sideways instead of shrinking further.
    public var minWidth: Int?
    public init(id: String, number: Int, caption: String, inline: String, downloads: [Link], alt: String, width: Int? = nil,
                svg: String? = nil, minWidth: Int? = nil) {
        self.id = id; self.number = number; self.caption = caption; self.inline = inline; self.downloads = downloads; self.alt = alt
        self.width = width; self.svg = svg; self.minWidth = minWidth
    }
}

/// Every run of a study, one row each: experiment, level, seed, status, final metrics, and how
/// the level's settings differ from its experiment's base spec.
public struct ReportRunTable: Codable, Sendable {
    public struct Column: Codable, Sendable {
        public var title: String
        /// Right-aligned, sorted by number.
        public var numeric: Bool
        public init(_ title: String, numeric: Bool = false) { self.title = title; self.numeric = numeric }
    }

    public struct Cell: Codable, Sendable {
        public var text: String
        /// What the column sorts by when it is not the text (a number; NaN sorts last).
        public var sortValue: Double?
        /// A link (relative to the page), e.g. the run's spec JSON.
        public var href: String?
        /// Lines shown as code (a settings difference, one `field: value` per line).
        public var code: [String]?
        public init(_ text: String, sortValue: Double? = nil, href: String? = nil, code: [String]? = nil) {
            self.text = text; self.sortValue = sortValue; self.href = href; self.code = code
        }
    }

    public var id: String
    /// Markdown, shown above the table.
    public var caption: String
    public var columns: [Column]
    public var rows: [[Cell]]
    public init(id: String, caption: String, columns: [Column], rows: [[Cell]]) {
        self.id = id; self.caption = caption; self.columns = columns; self.rows = rows
    }
}

public struct ReportTable: Codable, Sendable {
    public var id: String
    public var number: Int
    public var caption: String
    public var header: [String]
    public var rows: [[String]]
    /// Cells to mark as best: (row, column) pairs.
    public var best: [[Int]]
    /// Columns holding numbers (right-aligned).
    public var numericColumns: [Int]
    public init(id: String, number: Int, caption: String, header: [String], rows: [[String]], best: [[Int]] = [], numericColumns: [Int] = []) {
        self.id = id; self.number = number; self.caption = caption; self.header = header; self.rows = rows
        self.best = best; self.numericColumns = numericColumns
    }
}

public struct ReportClaim: Codable, Sendable {
    public enum Verdict: String, Codable, Sendable { case supported, contradicted, inconclusive }
    public var text: String
    public var verdict: Verdict
    /// The numbers behind the verdict, one line, e.g.
    /// "mean difference 2.31 (95% CI 1.02 to 3.60), effect size d = 4.4, 3 seeds".
    public var evidence: String
    /// Per-seed values or differences, shown folded.
    public var details: [KeyValue]
    public init(text: String, verdict: Verdict, evidence: String, details: [KeyValue] = []) {
        self.text = text; self.verdict = verdict; self.evidence = evidence; self.details = details
    }
}

public struct ReproducibilityFooter: Codable, Sendable {
    public var rows: [KeyValue]
    public init(rows: [KeyValue]) { self.rows = rows }
}

/// One study on the site index: a thumbnail and the verdicts.
public struct SiteEntry: Codable, Sendable {
    public var name: String
    public var title: String
    public var question: String?
    /// Relative path of the study's page from the index ("batchsize/index.html").
    public var href: String
    /// Relative path of a thumbnail image (PNG), if any.
    public var thumbnail: String?
    public var claims: [ReportClaim]
    /// When the report was generated (ISO 8601), and the profile.
    public var generated: String
    public var profile: String
    public init(name: String, title: String, question: String?, href: String, thumbnail: String?, claims: [ReportClaim], generated: String, profile: String) {
        self.name = name; self.title = title; self.question = question; self.href = href; self.thumbnail = thumbnail
        self.claims = claims; self.generated = generated; self.profile = profile
    }
}
