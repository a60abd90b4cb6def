import DLCore
import Foundation
import XCTest

/// Hooks are one file per kind behind a registry: every built-in kind encodes byte for byte as
/// the enum it replaced did (so every spec keeps its hash and cache key), and a package's own
/// hook registers, decodes, validates and acts in the training loop.
final class HookKindTests: XCTestCase {
    let hooks: [TrainingHook] = [
        .clipGradNorm(maxNorm: 1.5),
        .swa(startEpoch: 3, lr: nil, recomputeBatchNorm: false),
        .swa(startEpoch: 2, lr: 0.05, recomputeBatchNorm: true),
        .ema(decay: 0.999, averageBuffers: true),
        .snapshots(initial: true, steps: [10, 20], epochs: [1]),
    ]

    /// The strings were printed by the enum `TrainingHook` before this change (same test, old code).
    func testEveryKindEncodesAsBefore() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try hooks.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        XCTAssertEqual(json, [
            #"{"kind":"clipGradNorm","maxNorm":1.5}"#,
            #"{"kind":"swa","lr":null,"recomputeBatchNorm":false,"startEpoch":3}"#,
            #"{"kind":"swa","lr":0.05,"recomputeBatchNorm":true,"startEpoch":2}"#,
            #"{"averageBuffers":true,"decay":0.999,"kind":"ema"}"#,
            #"{"epochs":[1],"initial":true,"kind":"snapshots","steps":[10,20]}"#,
        ])
        for hook in hooks {
            XCTAssertEqual(try JSONDecoder().decode(TrainingHook.self, from: try encoder.encode(hook)), hook)
        }
        XCTAssertEqual(hooks.map(\.description), [
            "ClipGradNorm(max_norm=1.5)", "SWA(from epoch 3)", "SWA(from epoch 2, lr=0.05, update_bn)",
            "EMA(decay=0.999, use_buffers)", "Snapshots(init, step-10, step-20, epoch-1)",
        ])
    }

    /// A hook of the tests' own: multiplies every gradient by `factor` after backward.
    struct ScaleGradients: HookKind {
        static let name = "test.scaleGradients"
        static let phase = HookPhase.gradients
        var factor: Float
        var description: String { "ScaleGradients(\(factor))" }

        func validate(field: String, lastEpoch: Int?) throws {
            guard factor >= 0 && factor <= 1 else {
                throw SpecError(field: "\(field).factor", problem: "factor \(factor)", fix: "use a number in [0, 1]")
            }
        }

        func makeCallback(model: Sequential) -> any TrainingCallback { Scaler(factor: factor, parameters: model.parameters) }

        final class Scaler: TrainingCallback {
            let factor: Float
            let parameters: [Parameter]
            init(factor: Float, parameters: [Parameter]) { self.factor = factor; self.parameters = parameters }
            func gradientsReady(_ trainer: Trainer) {
                for p in parameters { for i in 0..<p.count { p.grad.pointer[i] *= factor } }
            }
        }
    }

    func spec(hooks: String) -> String {
        """
        {"model": {"layers": [{"type": "linear", "out": 8}, {"type": "relu"}, {"type": "linear"}]},
         "optimizer": {"type": "sgd", "lr": 0.1}, "batchSize": 32, "budget": {"epochs": 2}, "hooks": \(hooks)}
        """
    }

    func testARegisteredHookDecodesValidatesAndActs() throws {
        let mine = spec(hooks: #"[{"kind": "test.scaleGradients", "factor": 0}]"#)
        XCTAssertThrowsError(try RunSpec.decode(Data(mine.utf8), fileName: "s.json")) {
            XCTAssertTrue("\($0)".contains("clipGradNorm, swa, ema, snapshots"), "\($0)")
        }
        try? TrainingHook.register(ScaleGradients.self)  // the test may run twice in one process
        XCTAssertThrowsError(try TrainingHook.register(ScaleGradients.self)) {
            XCTAssertTrue("\($0)".contains("already the name"), "\($0)")
        }
        XCTAssertTrue(TrainingHook.kinds.contains("test.scaleGradients"))

        let frozen = try RunSpec.decode(Data(mine.utf8), fileName: "s.json")
        XCTAssertEqual(frozen.hooks, [TrainingHook(ScaleGradients(factor: 0))])
        let trainer = try Trainer(spec: frozen)
        let before = trainer.model.parameters.map(\.value.values)
        _ = trainer.run()
        XCTAssertEqual(trainer.model.parameters.map(\.value.values), before, "zero gradients: plain SGD moves nothing")

        let halved = try RunSpec.decode(Data(spec(hooks: #"[{"kind": "test.scaleGradients", "factor": 0.5}]"#).utf8), fileName: "s.json")
        let moving = try Trainer(spec: halved)
        let start = moving.model.parameters.map(\.value.values)
        _ = moving.run()
        XCTAssertNotEqual(moving.model.parameters.map(\.value.values), start)
        XCTAssertNotEqual(halved.hash, frozen.hash)

        var bad = frozen
        bad.hooks = [TrainingHook(ScaleGradients(factor: 2))]
        XCTAssertThrowsError(try bad.validateHooks()) { XCTAssertTrue("\($0)".contains("hooks[0].factor"), "\($0)") }
    }
}
