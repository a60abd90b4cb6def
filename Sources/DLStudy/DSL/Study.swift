/// How much compute a study spends: `quick` for CI (seconds to a minute), `full` for
/// publication (minutes).
public enum Profile: String, Codable, CaseIterable, Sendable { case quick, full }

/// A controlled experiment written as a notebook: prose, experiments, figures, tables and
/// claims, top to bottom. A study is a value; `blocks(for:)` gives its content for a profile,
/// so `if profile == .full { … }` inside the builder scales it.
public struct Study: @unchecked Sendable {
    public let name: String
    public let title: String
    /// The question the study answers, one line.
    public let question: String?
    /// How far `dlstudy check` lets each curve, final metric and probe move from the baseline
    /// (defaults per kind of quantity; see `Tolerances`).
    public let tolerances: Tolerances
    /// The figure that stands for the study on the site index (`dlstudy publish`); nil for the
    /// first figure.
    public let thumbnail: String?
    private let body: (Profile) -> [StudyBlock]

    public init(_ name: String, title: String, question: String? = nil, tolerances: Tolerances = Tolerances(),
                thumbnail: String? = nil, @StudyBuilder _ body: @escaping (Profile) -> [StudyBlock]) {
        self.name = name
        self.title = title
        self.question = question
        self.tolerances = tolerances
        self.thumbnail = thumbnail
        self.body = body
    }

    public func blocks(for profile: Profile) -> [StudyBlock] { body(profile) }

    public func experiments(for profile: Profile) -> [Experiment] {
        blocks(for: profile).compactMap { if case .experiment(let e) = $0 { return e } else { return nil } }
    }

    public func claims(for profile: Profile) -> [Claim] {
        blocks(for: profile).compactMap { if case .claim(let c) = $0 { return c } else { return nil } }
    }
}

/// One piece of a study, in page order.
public enum StudyBlock {
    case heading(String, level: Int)
    case prose(Prose)
    case experiment(Experiment)
    case figure(FigureBlock)
    case table(TableBlock)
    case claim(Claim)
    /// Derived jobs for prose and tables; renders nothing.
    case derived(Derive)
}

/// Anything that can stand in a study's body.
public protocol StudyComponent {
    var block: StudyBlock { get }
}

/// Builds a study's blocks; `if`, `if`/`else` and `for` work inside.
@resultBuilder
public enum StudyBuilder {
    public static func buildExpression(_ c: StudyComponent) -> [StudyBlock] { [c.block] }
    public static func buildExpression(_ blocks: [StudyBlock]) -> [StudyBlock] { blocks }
    public static func buildBlock(_ parts: [StudyBlock]...) -> [StudyBlock] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [StudyBlock]?) -> [StudyBlock] { part ?? [] }
    public static func buildEither(first: [StudyBlock]) -> [StudyBlock] { first }
    public static func buildEither(second: [StudyBlock]) -> [StudyBlock] { second }
    public static func buildArray(_ parts: [[StudyBlock]]) -> [StudyBlock] { parts.flatMap { $0 } }
}

/// A section heading.
public struct Heading: StudyComponent {
    public let text: String
    public let level: Int
    public init(_ text: String, level: Int = 2) { self.text = text; self.level = level }
    public var block: StudyBlock { .heading(text, level: level) }
}

/// Markdown prose. Fixed text, or a closure that writes it from the results, so that sentences
/// quote the measured numbers instead of numbers fixed in advance.
public struct Prose: StudyComponent {
    public let text: (StudyResults) -> String
    public init(_ markdown: String) { text = { _ in markdown } }
    public init(_ write: @escaping (StudyResults) -> String) { text = write }
    public var block: StudyBlock { .prose(self) }
}
