import DLStudy

/// The `doesNotShow:` and `references:` sections, which end the page as in Swift studies
/// (`DoesNotShow`, `References`).
///
/// ```yaml
/// doesNotShow:
///   - Tuned optimizers: the learning rate is fixed.
/// references:
///   - {authors: Diederik P. Kingma and Jimmy Ba, year: 2015, title: "Adam: A Method for Stochastic Optimization",
///      venue: International Conference on Learning Representations (ICLR), url: "https://arxiv.org/abs/1412.6980"}
/// ```
enum SectionReader {
    static func doesNotShow(_ node: Located) throws -> DoesNotShow {
        let items = try node.list("doesNotShow", example: "[\"Tuned optimizers: the learning rate is fixed.\"]")
        guard !items.isEmpty else { throw node.error("doesNotShow is an empty list", fix: "list what the study's evidence does not support, or leave the key out") }
        return DoesNotShow(try items.map { try $0.text("a point of doesNotShow", example: "\"Larger models: one MLP was trained.\"") })
    }

    static func references(_ node: Located) throws -> References {
        let example = "{authors: …, year: 2015, title: …, venue: …, url: …}"
        let items = try node.list("references", example: "[\(example)]")
        guard !items.isEmpty else { throw node.error("references is an empty list", fix: "list the papers the study names, or leave the key out") }
        return References(try items.map { item in
            let entries = try item.mapping("a reference", known: ["authors", "year", "title", "venue", "url"], example: example)
            let by = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
            for key in ["authors", "year", "title", "venue"] where by[key] == nil {
                throw item.error("a reference has no '\(key)'", fix: "a reference needs authors, year, title and venue (url is optional)")
            }
            return Citation(try by["authors"]!.text("authors", example: "Diederik P. Kingma and Jimmy Ba"),
                            try by["year"]!.int("year", range: 1000...9999, example: "2015"),
                            try by["title"]!.text("title", example: "\"Adam: A Method for Stochastic Optimization\""),
                            try by["venue"]!.text("venue", example: "International Conference on Learning Representations (ICLR)"),
                            url: try by["url"].map { try $0.text("url", example: "https://arxiv.org/abs/1412.6980") })
        })
    }
}
