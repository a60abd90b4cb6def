import DLCore
import DLStudy
@testable import Studies
import XCTest

final class StudyValidationTests: XCTestCase {
    func error(_ study: Study) -> String {
        do { try study.validate(profile: .quick); return "" } catch { return "\(error)" }
    }

    func testAValidStudyPasses() throws {
        try DemoFixtures.study.validate(profile: .quick)
    }

    /// Every shipped study expands and validates in both profiles (levels, figures, tables and
    /// claims name things that exist), with unique names.
    func testEveryRegisteredStudyValidatesInBothProfiles() throws {
        for study in StudyRegistry.all {
            for profile in [Profile.quick, .full] {
                XCTAssertNoThrow(try study.validate(profile: profile), "\(study.name) (\(profile))")
                XCTAssertFalse(study.plan(profile: profile).isEmpty, "\(study.name) (\(profile)) plans runs")
            }
        }
        XCTAssertEqual(Set(StudyRegistry.all.map(\.name)).count, StudyRegistry.all.count)
        XCTAssertEqual(Set(StudyRegistry.all.map(\.name)), ["batchsize", "lr", "regularizers", "init", "demo", "batchnorm", "conv1x1", "kernels", "lottery", "averaging", "compression"])
    }

    func testThumbnailMustNameAFigure() {
        let s = Study("bad", title: "t", thumbnail: "lsos") { _ in
            Experiment(base: DemoFixtures.base, vary: Vary(\.batchSize, [10]), seeds: Seeds(1))
            FigureBlock.curves("loss", caption: "c", metrics: [.trainLoss])
        }
        XCTAssertTrue(error(s).contains("thumbnail 'lsos'"), error(s))
        XCTAssertTrue(error(s).contains("figures: loss"), error(s))
    }

    func testNoLevels() {
        let s = Study("bad", title: "t") { _ in
            Experiment(base: DemoFixtures.base, vary: Vary(\.batchSize, [Int]()), seeds: Seeds(1))
        }
        XCTAssertTrue(error(s).contains("study 'bad'"))
        XCTAssertTrue(error(s).contains("has no levels"))
    }

    func testBatchLargerThanTheData() {
        let s = Study("big", title: "t") { _ in
            Experiment(base: DemoFixtures.base, vary: Vary(\.batchSize, [10, 100_000]), seeds: Seeds(1))
        }
        let e = error(s)
        XCTAssertTrue(e.contains("cell '100000'"), e)
        XCTAssertTrue(e.contains("batchSize"), e)
    }

    func testFigureOfAMetricNeverRecorded() {
        let s = Study("fig", title: "t") { _ in
            Experiment(base: DemoFixtures.base, vary: Vary(\.batchSize, [10]), seeds: Seeds(1))
            FigureBlock.curves("val", caption: "", metrics: [.validationLoss])
        }
        XCTAssertTrue(error(s).contains("figure 'val'"))
        XCTAssertTrue(error(s).contains("never recorded"))
    }

    func testClaimNamingAMissingLevel() {
        let s = Study("claim", title: "t") { _ in
            Experiment(base: DemoFixtures.base, vary: Vary(\.batchSize, [10, 20]), seeds: Seeds(1))
            Claim("x", .final(.trainLoss), "10", lessThan: "30")
        }
        XCTAssertTrue(error(s).contains("level '30'"))
    }

    func testBuilderSupportsIfAndFor() {
        let s = Study("flow", title: "t") { profile in
            if profile == .full { Prose("full only") } else { Prose("quick only") }
            for i in 0..<3 { Prose("p\(i)") }
        }
        XCTAssertEqual(s.blocks(for: .quick).count, 4)
        XCTAssertEqual(s.blocks(for: .full).count, 4)
    }

    func testVaryByKeyPathLabelsAndAppliesLevels() {
        let f = Vary(\.batchSize, [16, 64])
        XCTAssertEqual(f.name, "batchSize")
        XCTAssertEqual(f.levels.map(\.label), ["16", "64"])
        XCTAssertEqual(f.levels.map(\.value), [16, 64])
        var spec = DemoFixtures.base
        f.levels[1].apply(&spec)
        XCTAssertEqual(spec.batchSize, 64)
    }
}
