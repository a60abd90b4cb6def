import DLCore
import Foundation
import XCTest

/// JSON form, labels and validation of `LRSchedule`.
final class ScheduleCodingTests: XCTestCase {
    private let everyCase: [LRSchedule] = [
        .constant,
        .step(stepSize: 5, gamma: 0.5),
        .multiStep(milestones: [30, 80]),
        .exponential(gamma: 0.95),
        .cosine(tMax: 50, etaMin: 1e-5),
        .cosineWarmRestarts(t0: 10, tMult: 2),
        .cyclic(baseLR: 1e-4, maxLR: 1e-2, stepSizeUp: 100, mode: .expRange, gamma: 0.999),
        .cyclic(baseLR: 1e-4, maxLR: 1e-2, stepSizeUp: 100, stepSizeDown: 300),
        .oneCycle(maxLR: 0.1, totalSteps: 1000, anneal: .linear, threePhase: true),
        .rangeTest(startLR: 1e-5, endLR: 10, steps: 250),
        .warmup(.epochs(2.5), startFactor: 0.1, then: .cosine(tMax: 45)),
        .warmup(.steps(500), then: .warmup(.steps(10), then: .reduceOnPlateau(mode: .max))),
        .reduceOnPlateau(patience: 5, thresholdMode: .abs, cooldown: 2, monitor: "train_loss"),
    ]

    func testRoundTripEveryCase() throws {
        for schedule in everyCase {
            let data = try JSONEncoder().encode(schedule)
            let back = try JSONDecoder().decode(LRSchedule.self, from: data)
            XCTAssertEqual(back, schedule, "round trip of \(schedule.label)")
        }
    }

    func testCanonicalEncodingWritesEveryField() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(LRSchedule.cosine(tMax: 50)), as: UTF8.self)
        XCTAssertEqual(json, #"{"etaMin":0,"kind":"cosine","tMax":50}"#,
                       "defaults are written so equal specs hash equal")
    }

    func testDecodingFillsDefaults() throws {
        let rows: [(String, LRSchedule, String)] = [
            (#"{"kind": "cosine", "tMax": 50}"#, .cosine(tMax: 50), "etaMin defaults to 0"),
            (#"{"kind": "step", "stepSize": 30}"#, .step(stepSize: 30), "γ defaults to 0.1"),
            (#"{"kind": "oneCycle", "maxLR": 0.1, "totalSteps": 9}"#,
             .oneCycle(maxLR: 0.1, totalSteps: 9), "PyTorch's one-cycle defaults"),
            (#"{"kind": "warmup", "epochs": 5, "then": {"kind": "cosine", "tMax": 45}}"#,
             .warmup(.epochs(5), then: .cosine(tMax: 45)), "warmup start factor 1/3"),
            (#"{"kind": "reduceOnPlateau"}"#, .reduceOnPlateau(), "all of PyTorch's defaults"),
            (#"{"kind": "cyclic", "baseLR": 0.001, "maxLR": 0.01, "mode": "exp_range"}"#,
             .cyclic(baseLR: 0.001, maxLR: 0.01, mode: .expRange), "PyTorch's mode names"),
        ]
        for (json, expected, why) in rows {
            XCTAssertEqual(try JSONDecoder().decode(LRSchedule.self, from: Data(json.utf8)),
                           expected, why)
        }
    }

    func testDecodingErrorsNameTheProblem() {
        let rows: [(String, String)] = [
            (#"{"kind": "cosin", "tMax": 5}"#, "Unknown schedule kind \"cosin\""),
            (#"{"kind": "warmup", "then": {"kind": "constant"}}"#, "\"steps\" or \"epochs\""),
        ]
        for (json, fragment) in rows {
            XCTAssertThrowsError(try JSONDecoder().decode(LRSchedule.self, from: Data(json.utf8))) {
                XCTAssertTrue("\($0)".contains(fragment), "\($0) should mention \(fragment)")
            }
        }
    }

    func testLabels() {
        let rows: [(LRSchedule, String)] = [
            (.constant, "constant"),
            (.step(stepSize: 5, gamma: 0.5), "step(5, γ=0.5)"),
            (.multiStep(milestones: [30, 80]), "multistep(30, 80, γ=0.1)"),
            (.exponential(gamma: 0.95), "exponential(γ=0.95)"),
            (.cosine(tMax: 50), "cosine(T_max=50)"),
            (.cosine(tMax: 50, etaMin: 1e-5), "cosine(T_max=50, η_min=1e-5)"),
            (.cosineWarmRestarts(t0: 10, tMult: 2), "sgdr(T_0=10, T_mult=2)"),
            (.cyclic(baseLR: 1e-4, maxLR: 0.01, mode: .triangular2),
             "cyclic(triangular2, 1e-4–0.01, up=2000)"),
            (.oneCycle(maxLR: 0.1, totalSteps: 1000), "onecycle(max=0.1, steps=1000)"),
            (.rangeTest(startLR: 1e-5, endLR: 10, steps: 250), "range-test(1e-5→10, 250 steps)"),
            (.warmup(.epochs(5), startFactor: 0.1, then: .cosine(tMax: 45)),
             "warmup(5 epochs from 0.1×) → cosine(T_max=45)"),
            (.warmup(.steps(1), then: .constant), "warmup(1 step from 0.3333×) → constant"),
            (.reduceOnPlateau(), "plateau(val_loss min, ×0.1, patience=10)"),
            (.reduceOnPlateau(minLR: 1e-6), "plateau(val_loss min, ×0.1, patience=10, min=1e-6)"),
        ]
        for (schedule, label) in rows { XCTAssertEqual(schedule.label, label) }
    }

    func testValidationNamesTheField() {
        let rows: [(LRSchedule, String?)] = [
            (.cosine(tMax: 50), nil),
            (.step(stepSize: 0), "stepSize"),
            (.multiStep(milestones: [80, 30]), "milestones"),
            (.cyclic(baseLR: -1, maxLR: 1), "baseLR"),
            (.oneCycle(maxLR: 0.1, totalSteps: 10, pctStart: 1.5), "pctStart"),
            (.warmup(.steps(5), then: .cosine(tMax: 0)), "then.tMax"),
            (.reduceOnPlateau(factor: 1), "factor"),
            (.rangeTest(startLR: 0, endLR: 10, steps: 100), "startLR"),
            (.rangeTest(startLR: 1e-5, endLR: 10, steps: 0), "steps"),
        ]
        for (schedule, field) in rows {
            do {
                try schedule.validate()
                XCTAssertNil(field, "\(schedule.label) should fail on \(field ?? "")")
            } catch let error as LRScheduleError {
                XCTAssertEqual(error.field, field, "\(error)")
            } catch {
                XCTFail("unexpected \(error)")
            }
        }
        XCTAssertEqual(
            "\(LRScheduleError(field: "then.tMax", message: "must be at least 1 epoch, got 0."))",
            "schedule.then.tMax: must be at least 1 epoch, got 0.")
    }
}

/// The JSON of every schedule, byte for byte as it was when schedules were one enum: run keys
/// hash this text, so a change here would orphan every cached run.
final class ScheduleEncodingStabilityTests: XCTestCase {
    func testEveryKindEncodesAsBefore() throws {
        let rows: [(LRSchedule, String)] = [
            (.constant, #"{"kind":"constant"}"#),
            (.step(stepSize: 5, gamma: 0.5), #"{"gamma":0.5,"kind":"step","stepSize":5}"#),
            (.multiStep(milestones: [30, 80]), #"{"gamma":0.1,"kind":"multiStep","milestones":[30,80]}"#),
            (.exponential(gamma: 0.95), #"{"gamma":0.95,"kind":"exponential"}"#),
            (.cosine(tMax: 50, etaMin: 1e-5), #"{"etaMin":1e-05,"kind":"cosine","tMax":50}"#),
            (.cosineWarmRestarts(t0: 10, tMult: 2), #"{"etaMin":0,"kind":"cosineWarmRestarts","t0":10,"tMult":2}"#),
            (.cyclic(baseLR: 1e-4, maxLR: 1e-2, stepSizeUp: 100, mode: .expRange, gamma: 0.999),
             #"{"baseLR":0.0001,"gamma":0.999,"kind":"cyclic","maxLR":0.01,"mode":"exp_range","stepSizeUp":100}"#),
            (.cyclic(baseLR: 1e-4, maxLR: 1e-2, stepSizeUp: 100, stepSizeDown: 300),
             #"{"baseLR":0.0001,"gamma":1,"kind":"cyclic","maxLR":0.01,"mode":"triangular","stepSizeDown":300,"stepSizeUp":100}"#),
            (.oneCycle(maxLR: 0.1, totalSteps: 1000, anneal: .linear, threePhase: true),
             #"{"anneal":"linear","divFactor":25,"finalDivFactor":10000,"kind":"oneCycle","maxLR":0.1,"pctStart":0.3,"threePhase":true,"totalSteps":1000}"#),
            (.rangeTest(startLR: 1e-5, endLR: 10, steps: 250), #"{"endLR":10,"kind":"rangeTest","startLR":1e-05,"steps":250}"#),
            (.warmup(.epochs(2.5), startFactor: 0.1, then: .cosine(tMax: 45)),
             #"{"epochs":2.5,"kind":"warmup","startFactor":0.1,"then":{"etaMin":0,"kind":"cosine","tMax":45}}"#),
            (.warmup(.steps(500), then: .warmup(.steps(10), then: .reduceOnPlateau(mode: .max))),
             #"{"kind":"warmup","startFactor":0.3333333333333333,"steps":500,"then":{"kind":"warmup","startFactor":0.3333333333333333,"steps":10,"then":{"cooldown":0,"eps":1e-08,"factor":0.1,"kind":"reduceOnPlateau","minLR":0,"mode":"max","monitor":"val_loss","patience":10,"threshold":0.0001,"thresholdMode":"rel"}}}"#),
            (.reduceOnPlateau(patience: 5, thresholdMode: .abs, cooldown: 2, monitor: "train_loss"),
             #"{"cooldown":2,"eps":1e-08,"factor":0.1,"kind":"reduceOnPlateau","minLR":0,"mode":"min","monitor":"train_loss","patience":5,"threshold":0.0001,"thresholdMode":"abs"}"#),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (schedule, json) in rows {
            XCTAssertEqual(String(decoding: try encoder.encode(schedule), as: UTF8.self), json, schedule.label)
        }
        XCTAssertEqual(Set(rows.map { Swift.type(of: $0.0.kind).name }).count, LRSchedule.builtinKinds.count,
                       "every built-in kind is in this table")
    }
}

/// A schedule defined outside DLCore, as a user's package would: one type, registered once,
/// then decoded, validated, labelled and run like a built-in one.
final class ScheduleRegistrationTests: XCTestCase {
    struct InverseSqrt: ScheduleKind {
        static let name = "test.inverseSqrt"
        var warmupSteps: Int
        var unit: ScheduleUnit { .step }
        func rate(base: Double, step: Int, epoch: Double) -> Double {
            base * Double(warmupSteps).squareRoot() / Double(max(step + 1, warmupSteps)).squareRoot()
        }
        var label: String { "inverse-sqrt(\(warmupSteps))" }
        func validate() throws {
            if warmupSteps < 1 { throw LRScheduleError(field: "warmupSteps", message: "must be at least 1, got \(warmupSteps).") }
        }
    }

    func testARegisteredKindDecodesRunsAndNamesItsErrors() throws {
        let json = Data(#"{"kind": "test.inverseSqrt", "warmupSteps": 4}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(LRSchedule.self, from: Data(#"{"kind": "test.unregistered"}"#.utf8))) {
            XCTAssertTrue("\($0)".contains("constant, step, multiStep"), "\($0)")
        }
        try? LRSchedule.register(InverseSqrt.self)  // the test may run twice in one process
        let schedule = try JSONDecoder().decode(LRSchedule.self, from: json)
        XCTAssertEqual(schedule, LRSchedule(InverseSqrt(warmupSteps: 4)))
        XCTAssertEqual(schedule.label, "inverse-sqrt(4)")
        XCTAssertEqual(schedule.rate(base: 1, step: 15, epoch: 0), 0.5)
        XCTAssertEqual(try JSONDecoder().decode(LRSchedule.self, from: try JSONEncoder().encode(schedule)), schedule)
        XCTAssertThrowsError(try LRSchedule(InverseSqrt(warmupSteps: 0)).validate())
        XCTAssertThrowsError(try LRSchedule.register(InverseSqrt.self)) {
            XCTAssertTrue("\($0)".contains("already the name"), "\($0)")
        }
        XCTAssertNotEqual(schedule, .constant)
    }
}
