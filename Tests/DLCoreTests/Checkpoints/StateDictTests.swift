import DLCore
import Foundation
import XCTest

final class StateDictTests: XCTestCase {
    typealias F = CheckpointFixtures

    func testStateDictSharesStorageAndTheCopyDoesNot() {
        let model = F.tinyMLP()
        XCTAssertEqual(Set(model.stateDict().keys), ["0.weight", "0.bias", "2.weight", "2.bias"])
        let shared = model.stateDict(), snapshot = model.stateDictCopy()
        let before = snapshot["0.bias"]![0]
        model.namedParameters[1].parameter.value[0] = 99
        XCTAssertEqual(shared["0.bias"]?[0], 99)
        XCTAssertEqual(snapshot["0.bias"]?[0], before)
    }

    func testLoadReportsEveryProblemAtOnceAndChangesNothing() {
        let model = F.tinyMLP()
        let before = model.stateDict().mapValues(F.bits)
        let dict: [String: Tensor] = [
            "0.weight": Tensor(shape: [4, 3]),  // transposed
            "0.bias": Tensor(shape: [3], repeating: 7),
            "2.weight": Tensor(shape: [2, 3], repeating: 7),
            "5.weight": Tensor(shape: [1]),  // unexpected; 2.bias is missing
        ]
        assertCheckpointError(
            .stateDictMismatch, file: "ckpt.safetensors",
            mentioning: [#"missing key(s) in state_dict: "2.bias""#, #"unexpected key(s) in state_dict: "5.weight""#,
                         "size mismatch for 0.weight: the checkpoint has shape [4, 3], the model [3, 4]"],
            try model.load(stateDict: dict, source: "ckpt.safetensors"))
        XCTAssertEqual(model.stateDict().mapValues(F.bits), before)

        // strict: false skips missing and unexpected keys, as in PyTorch, but never a size mismatch.
        assertCheckpointError(.stateDictMismatch, mentioning: ["size mismatch for 0.weight"], try model.load(stateDict: dict, strict: false))
        XCTAssertEqual(model.stateDict().mapValues(F.bits), before)
        var partial = dict
        partial["0.weight"] = nil
        XCTAssertNoThrow(try model.load(stateDict: partial, strict: false))
        XCTAssertEqual(model.stateDict()["0.bias"]?.values, [7, 7, 7])
        XCTAssertEqual(model.stateDict()["0.weight"].map(F.bits), before["0.weight"])
    }

    func testLoadingAFileIntoTheWrongModelNamesTheFile() throws {
        let url = try F.temporaryFolder(self).appendingPathComponent("mlp.safetensors")
        try F.tinyMLP().saveSafeTensors(to: url)
        let wider = Sequential([Linear(inputs: 4, outputs: 5), ReLU(), Linear(inputs: 5, outputs: 2)])
        assertCheckpointError(.stateDictMismatch, file: url.path, mentioning: ["size mismatch for 0.weight", "size mismatch for 2.weight"],
                              try wider.loadSafeTensors(from: url))
    }

    /// The fix says something a run-spec user can act on: no `strict: false` (no spec field
    /// offers it), but the architecture to match, with the file's tensors beside the model's.
    func testTheFixNamesTheArchitectureOfBoth() {
        let wider = Sequential([Linear(inputs: 4, outputs: 5), ReLU(), Linear(inputs: 5, outputs: 2)])
        var dict = F.tinyMLP().stateDict()
        dict["9.weight"] = Tensor(shape: [1])
        do {
            try wider.load(stateDict: dict, source: "w.safetensors")
            XCTFail("loaded")
        } catch let e as CheckpointError {
            XCTAssertFalse(e.description.contains("strict"), e.description)
            for w in ["size mismatch for 0.weight: the checkpoint has shape [3, 4], the model [5, 4]",
                      "unexpected key(s) in state_dict: \"9.weight\"",
                      "same layers in the same order with the same sizes", "`model`",
                      "the checkpoint holds 0.weight [3, 4], 0.bias [3], 2.weight [2, 3], 2.bias [2], 9.weight [1]",
                      "the model 0.weight [5, 4], 0.bias [5], 2.weight [2, 5], 2.bias [2]"] {
                XCTAssert(e.description.contains(w), "'\(w)' missing from \(e)")
            }
        } catch { XCTFail("\(error)") }
    }
}
