@testable import DLCore
import Foundation
import XCTest

/// What `scripts/make_hooks_fixture.py` wrote into `Fixtures/hooks`: PyTorch's numbers for SWA,
/// EMA, gradient clipping, prune masks and masked training, the run specs that reproduce each
/// training case here, and their data and initial weights.
struct HookFixture {
    struct Case: Decodable {
        var losses: [Double]
        var rates: [Double]
        var train_loss: Double
        var test_loss: Double
        var averaged: Int?
        var norms: [Double]?
        var clipped: Int?
    }
    struct ClipAlone: Decodable { var max_norm: Double; var total_norm: Double }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hooks")

    let tensors: [String: Tensor]
    let json: [String: Any]
    let torchVersion: String

    init() throws {
        tensors = try SafeTensors.read(from: Self.folder.appendingPathComponent("hooks.safetensors")).tensors
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("hooks.json"))
        json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        torchVersion = json["torch_version"] as? String ?? "?"
    }

    func `case`(_ name: String) throws -> Case {
        let object = try XCTUnwrap(json[name], "no case \(name) in hooks.json")
        return try JSONDecoder().decode(Case.self, from: JSONSerialization.data(withJSONObject: object))
    }

    func clipAlone() throws -> ClipAlone {
        try JSONDecoder().decode(ClipAlone.self, from: JSONSerialization.data(withJSONObject: try XCTUnwrap(json["clip_alone"])))
    }

    func tensor(_ key: String) throws -> Tensor { try XCTUnwrap(tensors[key], "no tensor \(key) in hooks.safetensors") }

    /// The tensors under `prefix.` with the prefix taken off (`swa.final.0.weight` → `0.weight`).
    func group(_ prefix: String) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (k, v) in tensors where k.hasPrefix(prefix + ".") { out[String(k.dropFirst(prefix.count + 1))] = v }
        return out
    }

    /// A trainer for the case's spec (`CASE.json`), data and initial weights from the fixture.
    func trainer(_ name: String, edit: (inout RunSpec) -> Void = { _ in }) throws -> Trainer {
        let url = Self.folder.appendingPathComponent("\(name).json")
        var spec = try RunSpec.load(from: url)
        edit(&spec)
        return try Trainer(spec: spec, baseDirectory: Self.folder)
    }

    /// The largest |a − b| over two state dicts (same names and shapes), with the name.
    static func maxDifference(_ a: [String: Tensor], _ b: [String: Tensor], only names: Set<String>? = nil) -> (Double, String) {
        var worst = (0.0, "")
        for (name, x) in a where names?.contains(name) ?? true {
            guard let y = b[name], y.count == x.count else { return (.infinity, "\(name) missing or of another size") }
            for i in 0..<x.count {
                let d = abs(Double(x[i]) - Double(y[i]))
                if !(d <= worst.0) { worst = (d.isNaN ? .infinity : d, name) }
            }
        }
        return worst
    }
}
