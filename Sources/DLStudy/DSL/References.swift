/// A publication a study relies on, cited in full in its "References" section.
public struct Citation: Sendable, Equatable {
    /// Authors as printed, e.g. "Sergey Ioffe and Christian Szegedy".
    public let authors: String
    public let year: Int
    public let title: String
    /// Where it appeared, e.g. "Proceedings of the 32nd International Conference on Machine Learning (ICML), PMLR 37, 448–456".
    public let venue: String
    /// A stable address (arXiv, DOI); shown as a link, never fetched.
    public let url: String?

    public init(_ authors: String, _ year: Int, _ title: String, _ venue: String, url: String? = nil) {
        self.authors = authors; self.year = year; self.title = title; self.venue = venue; self.url = url
    }

    /// One Markdown list item: authors (year). *Title.* Venue. url
    var markdown: String {
        let title = self.title.hasSuffix(".") || self.title.hasSuffix("?") ? self.title : self.title + "."
        var text = "\(authors) (\(year)). *\(title)* \(venue)."
        if let url { text += " " + url }  // plain text: report links to other sites show their address
        return text
    }
}

/// The study's bibliography: a "References" section listing every citation in full, in the
/// order given. Put it at the end of a study.
public struct References: StudySection {
    public let citations: [Citation]
    public init(_ citations: Citation...) { self.citations = citations }
    public init(_ citations: [Citation]) { self.citations = citations }

    public var blocks: [StudyBlock] {
        let list = citations.enumerated().map { "\($0.offset + 1). \($0.element.markdown)" }.joined(separator: "\n")
        return [Heading("References").block, Prose(list).block]
    }
}

/// What the study's evidence does not support: the limits of its setting (data, model size,
/// budget, seeds) and the claims a reader might wrongly draw from it. Every study has one.
public struct DoesNotShow: StudySection {
    public let points: [String]
    public init(_ points: String...) { self.points = points }
    public init(_ points: [String]) { self.points = points }

    public var blocks: [StudyBlock] {
        [Heading("What this study does not show").block, Prose(points.map { "- " + $0 }.joined(separator: "\n")).block]
    }
}

/// Several blocks that stand together in a study's body (a heading and its text).
public protocol StudySection {
    var blocks: [StudyBlock] { get }
}

extension StudyBuilder {
    public static func buildExpression(_ s: StudySection) -> [StudyBlock] { s.blocks }
}
