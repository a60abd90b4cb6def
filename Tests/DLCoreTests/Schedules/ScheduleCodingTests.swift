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
