import DLCore
import Foundation
import XCTest

/// The lottery-ticket control "same mask, new weights": `StartPoint.reinitialize` draws the
/// initial weights from another stream, the mask still comes from the upstream run, and pruned
/// weights stay exactly zero through training.
final class ReinitializationTests: XCTestCase {
    /// Artefacts of one made-up upstream run "up": its initial and final weights, no mask.
    struct Artefacts: ArtefactSource, @unchecked Sendable {
        let initial: [String: Tensor], final: [String: Tensor]
        func tensors(_ reference: ArtefactReference) throws -> [String: Tensor] {
            reference.snapshot == "init" ? initial : final
        }
        func mask(ofRun key: String) throws -> [String: Tensor]? { nil }
    }

    func spec(_ start: StartPoint? = nil) -> RunSpec {
        var s = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16]),
                        optimizer: .sgd(lr: 0.05, momentum: 0.9, weightDecay: 1e-2), batchSize: 50, budget: .epochs(3), seed: 4)
        s.start = start
        return s
    }

    func upstream() throws -> Artefacts {
        let t = try Trainer(spec: spec())
        let initial = t.model.stateDict().mapValues { $0.copy() }
        _ = t.run()
        return Artefacts(initial: initial, final: t.model.stateDict().mapValues { $0.copy() })
    }

    func testReinitializedWeightsComeFromTheirOwnStream() throws {
        let original = try Trainer(spec: spec()).model.stateDict()
        let fresh = try Trainer(spec: spec(StartPoint(reinitialize: true))).model.stateDict()
        // The same as initializing by hand from the stream `init/reinitialized`.
        let byHand = try Trainer(spec: spec()).model
        var rng = RandomStream(seed: 4, stream: StartPoint.reinitializationStream)
        byHand.initialize(.pytorchDefault, using: &rng)
        for (name, w) in fresh {
            XCTAssertEqual(w.values, byHand.stateDict()[name]!.values, name)
            XCTAssertNotEqual(w.values, original[name]!.values, "\(name) is drawn anew")
            // PyTorch's default bound for Linear: U(±1/√fan_in), fan_in 2 (first layer) or 16.
            let bound = Float(1 / (name.hasPrefix("0.") ? 2.0 : 16.0).squareRoot())
            XCTAssert(w.values.allSatisfy { abs($0) <= bound }, name)
        }
    }

    func testTheReinitializedTicketKeepsTheTicketsMaskAndItsZeros() throws {
        let up = try upstream()
        let recipe = MaskRecipe(weights: ArtefactReference(run: "up"), amount: 0.6)
        let ticket = try Trainer(spec: spec(StartPoint(weights: ArtefactReference(run: "up", snapshot: "init"), mask: recipe)), artefacts: up)
        let control = try Trainer(spec: spec(StartPoint(mask: recipe, reinitialize: true)), artefacts: up)
        let mask = try XCTUnwrap(ticket.mask)
        XCTAssertEqual(control.mask?.tensors.mapValues(\.values), mask.tensors.mapValues(\.values), "same mask")
        let record = control.run()
        XCTAssertEqual(record.maskFractionRemaining ?? 0, 0.4, accuracy: 0.02)
        let trained = control.model.stateDict()
        for (name, m) in mask.tensors {
            let w = trained[name]!, w0 = up.initial[name]!
            XCTAssertEqual((0..<m.count).filter { m[$0] == 0 && w[$0] != 0 }.count, 0, "\(name): pruned weights stay exactly zero")
            XCTAssertGreaterThan((0..<m.count).filter { m[$0] == 1 && w[$0] != 0 }.count, 0, name)
            XCTAssertNotEqual((0..<m.count).filter { m[$0] == 1 }.map { w[$0] }, (0..<m.count).filter { m[$0] == 1 }.map { w0[$0] })
        }
    }

    func testReinitializingWhileStartingFromWeightsIsAClearError() throws {
        let up = try upstream()
        XCTAssertThrowsError(try Trainer(spec: spec(StartPoint(weights: ArtefactReference(run: "up"), reinitialize: true)), artefacts: up)) { error in
            let text = "\(error)"
            XCTAssert(text.contains("start.reinitialize") && text.contains("drop start.weights"), text)
        }
    }

    /// A start point without it encodes as before (cache keys of existing staged runs stay);
    /// with it, the key changes and it round-trips.
    func testReinitializeIsEncodedOnlyWhenSet() throws {
        let plain = StartPoint(weights: ArtefactReference(run: "up"))
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        XCTAssertFalse(json.contains("reinitialize"), json)
        let set = StartPoint(mask: MaskRecipe(weights: ArtefactReference(run: "up"), amount: 0.2), reinitialize: true)
        let setJSON = try JSONEncoder().encode(set)
        XCTAssert(String(decoding: setJSON, as: UTF8.self).contains("\"reinitialize\":true"))
        XCTAssertEqual(try JSONDecoder().decode(StartPoint.self, from: setJSON), set)
        XCTAssertNotEqual(spec(set).hash, spec(StartPoint(mask: set.mask)).hash)
    }
}
