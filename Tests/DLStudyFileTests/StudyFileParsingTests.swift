import DLCore
import DLStudy
@testable import DLStudyFile
import XCTest

/// Study files that parse: what `Study` they build.
final class StudyFileParsingTests: XCTestCase {
    static let minimal = """
        name: t
        title: T
        base:
          model: {layers: [{type: linear}]}
          optimizer: {type: sgd, lr: 0.1}
          batchSize: 32
          budget: {epochs: 2}
        vary: {field: optimizer.lr, values: [0.1, 0.3]}
        seeds: 2
        """

    func testMinimalStudyVariesTheNamedFieldOnTheBase() throws {
        let study = try StudyFile.parse(Self.minimal, file: "t.yaml")
        XCTAssertEqual(study.name, "t")
        XCTAssertEqual(study.title, "T")
        let e = try XCTUnwrap(study.experiments(for: .quick).first)
        XCTAssertEqual(e.id, "main")
        XCTAssertEqual(e.seeds, [0, 1])
        XCTAssertEqual(e.factors.map(\.name), ["optimizer.lr"])
        XCTAssertEqual(e.cells.map(\.label), ["0.1", "0.3"])
        XCTAssertEqual(e.cells.map(\.value), [0.1, 0.3])
        XCTAssertEqual(e.cells.map(\.spec.optimizer.lr), [0.1, 0.3])
        XCTAssertEqual(e.cells[1].spec.batchSize, 32)
        XCTAssertFalse(e.factors[0].changesInitOrData)
        // The spec is RunSpec's own decoding of the same fields written as JSON.
        let json = #"{"model": {"layers": [{"type": "linear"}]}, "optimizer": {"type": "sgd", "lr": 0.3}, "batchSize": 32, "budget": {"epochs": 2}}"#
        XCTAssertEqual(e.cells[1].spec, try RunSpec.decode(Data(json.utf8), fileName: "x.json"))
    }

    func testProfileOverridesAndPerProfileSeeds() throws {
        let text = Self.minimal.replacingOccurrences(of: "seeds: 2", with: "seeds: {quick: 2, full: [3, 5, 8]}\nquick: {budget: {epochs: 1}}")
        let study = try StudyFile.parse(text, file: "t.yaml")
        let quick = try XCTUnwrap(study.experiments(for: .quick).first), full = try XCTUnwrap(study.experiments(for: .full).first)
        XCTAssertEqual(quick.seeds, [0, 1])
        XCTAssertEqual(full.seeds, [3, 5, 8])
        XCTAssertEqual(quick.base.budget.epochs, 1)
        XCTAssertEqual(full.base.budget.epochs, 2)
        XCTAssertEqual(quick.base.optimizer.lr, 0.1, "an override leaves the fields it does not name")
    }

    func testLevelsMergeOntoTheBaseAndATypeReplacesTheWholeObject() throws {
        let text = """
            name: opt
            title: Optimizers
            base:
              model: {layers: [{type: linear}]}
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              batchSize: 32
              budget: {epochs: 2}
            vary:
              name: optimizer
              levels:
                - {label: SGD fast, set: {optimizer: {lr: 0.5}}}
                - {label: Adam, value: 2, set: {optimizer: {type: adam, lr: 0.001}}}
                - {label: wide, set: {model: {layers: [{type: linear, out: 8}, {type: relu}, {type: linear}]}}}
            seeds: [4]
            """
        let e = try XCTUnwrap(StudyFile.parse(text, file: "opt.yaml").experiments(for: .full).first)
        XCTAssertEqual(e.cells.map(\.label), ["SGD fast", "Adam", "wide"])
        XCTAssertEqual(e.cells[0].spec.optimizer, OptimizerSpec(.sgd, lr: 0.5, momentum: 0.9), "a mapping merges field by field")
        XCTAssertEqual(e.cells[1].spec.optimizer, OptimizerSpec(.adam, lr: 0.001), "another type replaces the object: no momentum carried over")
        XCTAssertEqual(e.cells.map(\.value), [nil, 2, nil])
        XCTAssertEqual(e.cells[2].spec.model.layers.count, 3)
        XCTAssertTrue(e.factors[0].changesInitOrData, "a level that changes the model changes the initial weights")
        XCTAssertEqual(e.seeds, [4])
    }

    func testFiguresTablesClaimsAndProseBecomeStudyBlocks() throws {
        let text = Self.minimal + """

            intro: Before {{seeds}} seeds.
            figures:
              - {curves: [train_loss, test_loss], logY: true}
              - {id: acc, dots: [final.test_accuracy], caption: Accuracy.}
              - {rate: train_loss}
            tables:
              - {quantities: [final.train_loss, probe.sharpness, steps]}
            claims:
              - {text: Faster, quantity: final.train_loss, level: "0.3", lessThan: "0.1"}
              - {text: Good enough, quantity: final.test_accuracy, level: "0.3", greaterThanValue: 0.5}
            discussion: |
              Loss {{mean 0.3 final.train_loss}}; verdict {{verdict 2}}.
            doesNotShow: [Tuned rates., Other data.]
            references:
              - {authors: A. Author, year: 2001, title: A title, venue: A venue, url: "https://example.org/a"}
            """
        let study = try StudyFile.parse(text, file: "t.yaml")
        let blocks = study.blocks(for: .quick)
        let empty = StudyResults(study: study, profile: .quick, experiments: [:])
        let kinds = blocks.map { b -> String in
            switch b {
            case .prose(let p): return p.text(empty).hasPrefix("- Tuned") ? "points" : p.text(empty).hasPrefix("1. A. Author (2001). *A title.* A venue. https://example.org/a") ? "citations" : "prose"
            case .heading(let h, _): return "heading \(h)"
            case .experiment: return "experiment"
            case .figure(let f): return "figure \(f.id)"
            case .table(let t): return "table \(t.id)"
            case .claim(let c): return "claim \(c.formula)"
            default: return "other"
            }
        }
        XCTAssertEqual(kinds, ["prose", "experiment", "figure curves-1", "figure acc", "figure rate-3", "table table-1",
                               "claim train loss: 0.3 < 0.1", "claim test accuracy: 0.3 > 0.500", "prose",
                               "heading What this study does not show", "points", "heading References", "citations"])
        guard case .prose(let p) = blocks[8] else { return XCTFail("block 8 is the discussion") }
        XCTAssertEqual(p.text(empty), "Loss n/a; verdict inconclusive.\n", "no results: n/a, never a crash")
        if case .table(let t) = blocks[5] { XCTAssertEqual(t.quantities.map(\.name), ["train loss", "ε-sharpness", "steps"]) }
        if case .figure(let f) = blocks[2] { XCTAssertEqual(f.metrics, [.trainLoss, .testLoss]) }
    }

    func testPlaceholdersAreFilledFromTheResults() throws {
        let node = Located(node: .scalar(.init("{{mean a final.test_accuracy percent}} vs {{mean \"b c\" final.test_accuracy}}; {{diff a \"b c\" final.test_accuracy points}}, {{ratio a \"b c\" steps}}, {{seeds}}")), file: "t")
        let template = try ProseTemplate(node, levels: ["a", "b c"], claims: 0, source: [])
        XCTAssertEqual(template.pieces.count, 11)
        XCTAssertEqual(ProseTemplate.words(#"mean "lr=0.3" final.test_accuracy"#), ["mean", "lr=0.3", "final.test_accuracy"])
        XCTAssertEqual(ProseTemplate.Format.percent.apply(0.8342), "83.4%")
        XCTAssertEqual(ProseTemplate.Format.points.apply(0.023), "2.3 points")
        XCTAssertEqual(ProseTemplate.Format.plain.apply(0.0003), "0.0003")
    }

    func testTheExampleFilesParse() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/studies").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 2)
        for f in files {
            let study = try StudyFile.load(folder.appendingPathComponent(f))
            XCTAssertNoThrow(try study.validate(profile: .quick), f)
            XCTAssertFalse(study.claims(for: .quick).isEmpty, f)
        }
    }
}
