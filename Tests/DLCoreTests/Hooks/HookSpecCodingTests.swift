import DLCore
import Foundation
import XCTest

/// Hooks in the run spec: hashed, cached and replayed like every other field, and invisible in
/// specs that have none (their canonical JSON, hash and cache key are what they were).
final class HookSpecCodingTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Hashes of the committed specs computed by the engine before hooks existed (engine 0.3.0,
    /// commit 0badff1): adding the field changed none of them.
    static let hashesBeforeHooks = [
        "Tests/DLCoreTests/Fixtures/golden/adam-mlp.json": "524eff1c4d114d0b0db53a6a3cc9d8f92c38e9aaaaf94503bbb5fc6b4d356255",
        "Tests/DLCoreTests/Fixtures/golden/adamw-cnn1d.json": "2c4d94136456780eea7263a7ea201624ba4f5b81266a11faf68ac05244c75f64",
        "Tests/DLCoreTests/Fixtures/golden/rmsprop-cnn2d.json": "f0c671dbfe920286c2489d9fabfa9593ffe68b1e6798295eb74f302504b7f0ef",
        "Tests/DLCoreTests/Fixtures/golden/rmsprop-plain.json": "38a43c9f3c845e853918a4f3cb91908b11986ee203eb8d65b253fb8d82b2b01d",
        "Tests/DLCoreTests/Fixtures/golden/sgd-diverges.json": "ae65684116e372d2358e5f053fae2adfcd03259d63074305a97f9ab4e3c08930",
        "Tests/DLCoreTests/Fixtures/golden/sgd-mlp.json": "3cb2cfd99a3f7fae4cf8a92f4dd6e0f59e709c4270339c0bb3247f6999dc7fb5",
        "Tests/DLCoreTests/Fixtures/golden/sgd-plateau.json": "a27122a0c50ebf5d2168081d426f5e56d4d020904bd2bcb9a3211160915701eb",
        "examples/from-csv.json": "8a86e6d9ea9e38a4f286c200c892e1960823ddd20e5f03abc221877daad0689a",
        "examples/from-files.json": "6be3964d233f789ac59d3822e6bf249a6c697f02525cba9a353fb199e85f0d12",
        "examples/mnist-idx.json": "1cee33c1bef19ba7255698b209a3b779882236d8f32f8c32ccd3786bcec09dbd",
        "examples/mnist1d-cnn.json": "4ff36358700de977c9868b3715e861294546707713d4516473e805ed52f7b23d",
        "examples/mnist1d-logistic.json": "06632b2e5e3f4325be4c3c0f542d6962f9278adb0fbc5a32321eb32de8a0c2ef",
        "examples/mnist1d-mlp.json": "be426ad770151f3220eab407f234863f2cf1a31e86352633f159053898313553",
    ]

    func testSpecsWithoutHooksHashAsBefore() throws {
        for (path, hash) in Self.hashesBeforeHooks.sorted(by: { $0.key < $1.key }) {
            let spec = try RunSpec.load(from: Self.root.appendingPathComponent(path))
            XCTAssertEqual(spec.hash, hash, path)
            XCTAssertFalse(String(decoding: spec.canonicalJSON, as: UTF8.self).contains("hooks"), path)
        }
    }

    let base = RunSpec(model: .mlp(hidden: [8]), optimizer: .sgd(lr: 0.1), batchSize: 32, budget: .epochs(3))

    func decode(_ json: String) throws -> RunSpec { try RunSpec.decode(Data(json.utf8), fileName: "s.json") }

    func json(hooks: String) -> String {
        """
        {"model": {"layers": [{"type": "linear", "out": 8}, {"type": "relu"}, {"type": "linear"}]},
         "optimizer": {"type": "sgd", "lr": 0.1}, "batchSize": 32, "budget": {"epochs": 3}\(hooks)}
        """
    }

    func testEmptyOrNullHooksAreNoHooks() throws {
        for extra in ["", ", \"hooks\": []", ", \"hooks\": null"] {
            let spec = try decode(json(hooks: extra))
            XCTAssertEqual(spec.hooks, [], extra)
            XCTAssertEqual(spec.hash, try decode(json(hooks: "")).hash, extra)
            XCTAssertEqual(spec, try decode(json(hooks: "")))
        }
        var s = base
        s.hooks = [.clipGradNorm(maxNorm: 1)]
        s.hooks = []
        XCTAssertEqual(s, base, "setting no hooks is the spec without hooks")
        XCTAssertEqual(s.hash, base.hash)
    }

    func testHooksRoundTripAndChangeTheHash() throws {
        let text = """
            , "hooks": [{"kind": "clipGradNorm", "maxNorm": 1.5}, {"kind": "swa", "startEpoch": 2, "lr": 0.05},
                        {"kind": "snapshots", "initial": true, "steps": [10, 20], "epochs": [1]}]
            """
        let spec = try decode(json(hooks: text))
        XCTAssertEqual(spec.hooks, [.clipGradNorm(maxNorm: 1.5), .swa(startEpoch: 2, lr: 0.05, recomputeBatchNorm: true),
                                    .snapshots(initial: true, steps: [10, 20], epochs: [1])])
        XCTAssertNotEqual(spec.hash, base.hash)
        // Canonical JSON spells every field out and reads back to the same spec and hash.
        let again = try RunSpec.decode(spec.canonicalJSON, fileName: "canonical.json")
        XCTAssertEqual(again, spec)
        XCTAssertEqual(again.hash, spec.hash)
        let canonical = String(decoding: spec.canonicalJSON, as: UTF8.self)
        XCTAssert(canonical.contains(#"{"kind":"swa","lr":0.05,"recomputeBatchNorm":true,"startEpoch":2}"#), canonical)
        XCTAssert(canonical.contains(#"{"kind":"ema""#) == false)
        // Written out in full, defaults included, it is the same run.
        let spelled = try decode(json(hooks: """
            , "hooks": [{"kind": "clipGradNorm", "maxNorm": 1.5}, {"kind": "swa", "startEpoch": 2, "lr": 0.05, "recomputeBatchNorm": true},
                        {"kind": "snapshots", "initial": true, "steps": [10, 20], "epochs": [1]}]
            """))
        XCTAssertEqual(spelled.hash, spec.hash)
        var ema = base
        ema.hooks = [.ema(decay: 0.999, averageBuffers: false)]
        XCTAssertEqual(try RunSpec.decode(ema.prettyJSON, fileName: "run.json"), ema)
    }

    func testUnknownKeysAndKindsInHooksAreNamed() throws {
        XCTAssertThrowsError(try decode(json(hooks: #", "hooks": [{"kind": "clipGradNorm", "maxNrom": 1}]"#))) { error in
            XCTAssert("\(error)".contains("maxNorm"), "\(error)")  // the required field is missing
        }
        XCTAssertThrowsError(try decode(json(hooks: #", "hooks": [{"kind": "clipGradNorm", "maxNorm": 1, "normType": 2}]"#))) { error in
            XCTAssertEqual((error as? SpecError)?.field, "hooks[0].normType", "\(error)")
        }
        XCTAssertThrowsError(try decode(json(hooks: #", "hooks": [{"kind": "swa", "startEpoch": 2, "lrr": 0.1}]"#))) { error in
            XCTAssertEqual((error as? SpecError)?.field, "hooks[0].lrr")
            XCTAssert("\(error)".contains("did you mean 'lr'?"), "\(error)")
        }
        XCTAssertThrowsError(try decode(json(hooks: #", "hooks": [{"kind": "ema", "decay": 0.9, "useBuffers": true}]"#))) { error in
            XCTAssertEqual((error as? SpecError)?.field, "hooks[0].useBuffers")
        }
        XCTAssertThrowsError(try decode(json(hooks: #", "hooks": [{"kind": "emma", "decay": 0.9}]"#))) { error in
            let text = "\(error)"
            XCTAssert(text.contains("Unknown hook kind \"emma\"") && text.contains("did you mean \"ema\"?") && text.contains("clipGradNorm, swa, ema, snapshots"), text)
        }
        XCTAssertThrowsError(try decode(json(hooks: #", "hoks": []"#))) { error in
            XCTAssertEqual((error as? SpecError)?.field, "hoks", "a misspelt key is still caught")
        }
    }

    /// Values and combinations a run cannot use: a `SpecError` naming the field and the fix.
    func testBadValuesNameTheFieldAndTheFix() {
        let cases: [([TrainingHook], String, String)] = [
            ([.clipGradNorm(maxNorm: 0)], "hooks[0].maxNorm", "positive"),
            ([.clipGradNorm(maxNorm: .infinity)], "hooks[0].maxNorm", "positive"),
            ([.swa(startEpoch: 0, lr: nil, recomputeBatchNorm: true)], "hooks[0].startEpoch", "count from 1"),
            ([.swa(startEpoch: 2, lr: -1, recomputeBatchNorm: true)], "hooks[0].lr", "≥ 0"),
            ([.ema(decay: 1.5, averageBuffers: false)], "hooks[0].decay", "[0, 1]"),
            ([.snapshots(initial: false, steps: [], epochs: [])], "hooks[0]", "\"initial\": true"),
            ([.snapshots(initial: false, steps: [0], epochs: [])], "hooks[0].steps", "count from 1"),
            ([.snapshots(initial: false, steps: [5, 3], epochs: [])], "hooks[0].steps", "increasing"),
            ([.snapshots(initial: false, steps: [], epochs: [2, 2])], "hooks[0].epochs", "increasing"),
            ([.clipGradNorm(maxNorm: 1), .clipGradNorm(maxNorm: 2)], "hooks[1]", "once"),
            ([.swa(startEpoch: 1, lr: nil, recomputeBatchNorm: true), .ema(decay: 0.9, averageBuffers: false)], "hooks[1]", "keep one"),
        ]
        for (hooks, field, fix) in cases {
            var s = base
            s.hooks = hooks
            XCTAssertThrowsError(try s.validateHooks(), "\(hooks)") { error in
                let e = error as? SpecError
                XCTAssertEqual(e?.field, field, "\(hooks)")
                XCTAssert(e?.fix.contains(fix) == true || e?.problem.contains(fix) == true, "\(hooks): \(error)")
            }
        }
        var late = base
        late.hooks = [.swa(startEpoch: 4, lr: nil, recomputeBatchNorm: true)]
        XCTAssertThrowsError(try Trainer(spec: late)) { error in
            XCTAssertEqual((error as? SpecError)?.field, "hooks[0].startEpoch")
            XCTAssert("\(error)".contains("after the run's last epoch 3"), "\(error)")
        }
        var restoring = base
        restoring.earlyStopping = EarlyStoppingConfig(monitor: "train_loss", patience: 2, restoreBestWeights: true)
        restoring.hooks = [.ema(decay: 0.9, averageBuffers: false)]
        XCTAssertThrowsError(try restoring.validateHooks()) { XCTAssert("\($0)".contains("restoreBestWeights"), "\($0)") }
    }
}
