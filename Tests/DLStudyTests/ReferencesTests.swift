import DLReport
@testable import DLStudy
import XCTest

/// The references and "what this study does not show" sections: what they put on the page.
final class ReferencesTests: XCTestCase {
    let ioffe = Citation("Sergey Ioffe and Christian Szegedy", 2015,
                         "Batch normalization: accelerating deep network training by reducing internal covariate shift",
                         "Proceedings of the 32nd International Conference on Machine Learning (ICML), PMLR 37, 448–456",
                         url: "https://arxiv.org/abs/1502.03167")
    let santurkar = Citation("Shibani Santurkar, Dimitris Tsipras, Andrew Ilyas and Aleksander Mądry", 2018,
                             "How does batch normalization help optimization?", "Advances in Neural Information Processing Systems 31 (NeurIPS)")
    let noResults = StudyResults(study: Study("empty", title: "t") { _ in Prose("") }, profile: .quick, experiments: [:])

    func testReferencesAreANumberedListUnderTheirHeadingInTheOrderGiven() throws {
        let blocks = References(ioffe, santurkar).blocks
        XCTAssertEqual(blocks.count, 2)
        guard case .heading(let title, let level) = blocks[0], case .prose(let prose) = blocks[1] else { return XCTFail("\(blocks)") }
        XCTAssertEqual(title, "References"); XCTAssertEqual(level, 2)
        let html = MarkdownRenderer().html(prose.text(noResults))
        XCTAssertTrue(html.contains("<ol>"), html)
        let first = try XCTUnwrap(html.range(of: "Sergey Ioffe and Christian Szegedy (2015). <em>Batch normalization:"))
        let second = try XCTUnwrap(html.range(of: "Shibani Santurkar"))
        XCTAssertLessThan(first.lowerBound, second.lowerBound)
        // A title ending in "?" gets no extra full stop; the address is text, not a fetched resource.
        XCTAssertTrue(html.contains("<em>How does batch normalization help optimization?</em>"), html)
        XCTAssertTrue(html.contains("https://arxiv.org/abs/1502.03167"), html)
        XCTAssertFalse(html.contains("<img"))
    }

    func testDoesNotShowIsABulletedSectionAndItsTextIsEscaped() {
        let blocks = DoesNotShow("Results on 16×16 shapes, not on ImageNet.", "Anything about <script>alert(1)</script> models.").blocks
        guard case .heading(let title, _) = blocks[0], case .prose(let prose) = blocks[1] else { return XCTFail("\(blocks)") }
        XCTAssertEqual(title, "What this study does not show")
        let html = MarkdownRenderer().html(prose.text(noResults))
        XCTAssertEqual(html.components(separatedBy: "<li>").count - 1, 2, html)
        XCTAssertFalse(html.contains("<script>"), html)
    }

    func testAStudyBodyTakesBothSections() {
        let ioffe = self.ioffe
        let study = Study("refs", title: "t") { _ in
            Prose("text")
            DoesNotShow("one")
            References(ioffe)
        }
        let headings = study.blocks(for: .quick).compactMap { if case .heading(let t, _) = $0 { return t } else { return nil } }
        XCTAssertEqual(headings, ["What this study does not show", "References"])
    }
}
