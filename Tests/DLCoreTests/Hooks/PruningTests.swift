@testable import DLCore
import Foundation
import XCTest

/// Magnitude masks against `torch.nn.utils.prune` (the fixture's `prune.CASE.*`: round-1 weights
/// and mask, round-2 weights and mask), and what the pure functions promise beyond that.
final class PruningTests: XCTestCase {
    var fixture: HookFixture!

    override func setUpWithError() throws { fixture = try HookFixture() }

    func assertSameMask(_ ours: ParameterMask, _ theirs: [String: Tensor], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(ours.tensors.keys), Set(theirs.keys), label, file: file, line: line)
        for (name, t) in theirs {
            guard let m = ours.tensors[name] else { continue }
            XCTAssertEqual(m.shape, t.shape, "\(label) \(name)", file: file, line: line)
            let differing = (0..<t.count).filter { m[$0] != t[$0] }
            XCTAssert(differing.isEmpty, "\(label) \(name): \(differing.count) entries differ from PyTorch's mask (first at \(differing.first ?? -1))",
                      file: file, line: line)
        }
    }

    /// Round 1 on `w1` gives PyTorch's `m1`; round 2 on `w2` within `m1` gives `m2`.
    func checkRounds(_ key: String, names: [String], scope: Pruning.Scope = .layerwise, structure: Pruning.Structure = .unstructured,
                     first: Double, second: Double?, file: StaticString = #filePath, line: UInt = #line) throws {
        let w1 = fixture.group("prune.\(key).w1"), m1 = fixture.group("prune.\(key).m1")
        let round1 = try Pruning.magnitude(w1, amount: first, names: names, scope: scope, structure: structure)
        assertSameMask(round1, m1, "\(key) round 1", file: file, line: line)
        guard let second else { return }
        let w2 = fixture.group("prune.\(key).w2"), m2 = fixture.group("prune.\(key).m2")
        let round2 = try Pruning.magnitude(w2, amount: second, names: names, scope: scope, structure: structure, previous: round1)
        assertSameMask(round2, m2, "\(key) round 2", file: file, line: line)
        // Nested: round 2 only adds zeros.
        for (name, m) in round2.tensors { XCTAssert((0..<m.count).allSatisfy { m[$0] <= round1.tensors[name]![$0] }, file: file, line: line) }
    }

    func testL1UnstructuredTwoRounds() throws {
        try checkRounds("l1", names: ["0.weight", "3.weight"], first: 0.3, second: 0.3)
        // 0.3 of 512 entries, then 0.3 of the 358 left.
        let m2 = try Pruning.magnitude(fixture.group("prune.l1.w2"), amount: 0.3, names: ["0.weight"],
                                       previous: Pruning.magnitude(fixture.group("prune.l1.w1"), amount: 0.3, names: ["0.weight"]))
        XCTAssertEqual(m2.remaining, 512 - 154 - 107)
    }

    func testGlobalUnstructuredTwoRounds() throws {
        try checkRounds("global", names: ["0.weight", "3.weight"], scope: .global, first: 0.4, second: 0.4)
        let m1 = try Pruning.magnitude(fixture.group("prune.global.w1"), amount: 0.4, names: ["0.weight", "3.weight"], scope: .global)
        XCTAssertEqual(m1.count - m1.remaining, Int((0.4 * 672).rounded()), "one budget over both tensors")
        let fractions = m1.names.map { ParameterMask(checked: [$0: m1.tensors[$0]!]).fractionRemaining }
        XCTAssertNotEqual(fractions[0], fractions[1], "layers lose different fractions")
    }

    func testLnStructuredUnitsTwoRounds() throws {
        try checkRounds("ln", names: ["0.weight"], structure: .units, first: 0.25, second: 0.25)
        let m1 = try Pruning.magnitude(fixture.group("prune.ln.w1"), amount: 0.25, names: ["0.weight"], structure: .units).tensors["0.weight"]!
        let rowsKept = (0..<32).filter { r in (0..<16).contains { m1[r * 16 + $0] != 0 } }
        XCTAssertEqual(rowsKept.count, 24, "whole rows (units) go")
        XCTAssert(rowsKept.allSatisfy { r in (0..<16).allSatisfy { m1[r * 16 + $0] == 1 } })
    }

    func testConvolutionFiltersTwoRoundsAndAnotherDimension() throws {
        try checkRounds("conv", names: ["0.weight"], structure: .units, first: 0.3, second: 0.5)
        try checkRounds("conv_dim1", names: ["0.weight"], structure: .structured(norm: 2, dim: 1), first: 0.34, second: nil)
    }

    /// PyTorch's round(): halves go to the even neighbour.
    func testCountsRoundHalvesToEven() throws {
        try checkRounds("round_half", names: ["0.weight"], first: 0.25, second: nil)
        try checkRounds("round_half_up", names: ["0.weight"], first: 0.35, second: nil)
        let cases: [(Double, Int, Int)] = [
            (0.25, 10, 2),  // 2.5 → 2
            (0.35, 10, 4),  // 3.5 → 4
            (0.5, 5, 2),    // 2.5 → 2
            (0.3, 512, 154),  // 153.6
            (0, 7, 0), (1, 7, 7),
        ]
        for (amount, n, expected) in cases { XCTAssertEqual(Pruning.count(amount: amount, of: n), expected, "\(amount) of \(n)") }
    }

    /// Ties: the lower index goes first (PyTorch's topk leaves ties unordered; documented).
    func testTiesPruneTheLowerIndexFirst() throws {
        let w = ["0.weight": Tensor(shape: [2, 3], values: [3, 1, -1, 1, 2, -3])]
        let m = try Pruning.magnitude(w, amount: 0.5, names: ["0.weight"]).tensors["0.weight"]!
        XCTAssertEqual(m.values, [1, 0, 0, 0, 1, 1])
        let nan = ["0.weight": Tensor(shape: [1, 3], values: [.nan, 5, 4])]
        XCTAssertEqual(try Pruning.magnitude(nan, amount: 0.67, names: ["0.weight"]).tensors["0.weight"]!.values, [1, 0, 0], "NaN counts as largest")
    }

    func testPrunableNamesAreLinearAndConvolutionWeights() throws {
        let model = try ModelSpec(layers: [.linear(8), .batchNorm, .relu, LayerSpec(.linear)]).build(sampleShape: [4], classes: 3)
        XCTAssertEqual(Pruning.prunableNames(of: model), ["0.weight", "3.weight"])
        XCTAssertEqual(Pruning.prunableNames(in: model.stateDict()), ["0.weight", "3.weight"])
        let names = Pruning.prunableNames(in: ["10.weight": Tensor(shape: [2, 2]), "2.weight": Tensor(shape: [2, 2]), "2.bias": Tensor(shape: [2])])
        XCTAssertEqual(names, ["2.weight", "10.weight"], "model order, not string order")
        // The default takes them: biases and batch norm stay whole.
        let m = try Pruning.magnitude(model.stateDict(), amount: 0.5)
        XCTAssertEqual(m.names, ["0.weight", "3.weight"])
        XCTAssertEqual(m.fractionRemaining(of: model), 0.5, accuracy: 0.01)
        let fromModel = try Pruning.magnitude(of: model, amount: 0.5)
        XCTAssertEqual(fromModel.names, m.names)
        for name in m.names { XCTAssertEqual(fromModel.tensors[name]?.values, m.tensors[name]?.values) }
        // Structures are Codable, for specs that name them.
        for structure in [Pruning.Structure.unstructured, .units, .structured(norm: 1, dim: 1)] {
            XCTAssertEqual(try JSONDecoder().decode(Pruning.Structure.self, from: JSONEncoder().encode(structure)), structure)
        }
    }

    func testRandomMasksMatchTheCountsAndNest() throws {
        let w1 = fixture.group("prune.global.w1"), names = ["0.weight", "3.weight"]
        let m1 = try Pruning.magnitude(w1, amount: 0.4, names: names, scope: .global)
        let r1 = try Pruning.random(matching: m1, seed: 3)
        for name in names {
            let single = { (m: ParameterMask) in ParameterMask(checked: [name: m.tensors[name]!]).remaining }
            XCTAssertEqual(single(r1), single(m1), "\(name): as many kept as the magnitude mask")
        }
        XCTAssertNotEqual(r1.tensors["0.weight"]!.values, m1.tensors["0.weight"]!.values, "a different mask")
        XCTAssertEqual(try Pruning.random(matching: m1, seed: 3).tensors["0.weight"]!.values, r1.tensors["0.weight"]!.values, "seeded")
        XCTAssertNotEqual(try Pruning.random(matching: m1, seed: 4).tensors["0.weight"]!.values, r1.tensors["0.weight"]!.values)
        // A second round within the first random mask: nested, with the second magnitude round's counts.
        let m2 = try Pruning.magnitude(fixture.group("prune.global.w2"), amount: 0.4, names: names, scope: .global, previous: m1)
        let r2 = try Pruning.random(matching: m2, previous: r1, seed: 3)
        XCTAssertEqual(r2.remaining, m2.remaining)
        for name in names { XCTAssert((0..<r2.tensors[name]!.count).allSatisfy { r2.tensors[name]![$0] <= r1.tensors[name]![$0] }) }
        // Structured: whole random units.
        let u = try Pruning.magnitude(fixture.group("prune.ln.w1"), amount: 0.25, names: ["0.weight"], structure: .units)
        let ru = try Pruning.random(matching: u, structure: .units, seed: 1).tensors["0.weight"]!
        let rows = (0..<32).map { r in (0..<16).map { ru[r * 16 + $0] } }
        XCTAssertEqual(rows.filter { $0.allSatisfy { $0 == 0 } }.count, 8)
        XCTAssertEqual(rows.filter { $0.allSatisfy { $0 == 1 } }.count, 24)
    }

    func testBadRequestsAreMaskErrors() throws {
        let w = ["0.weight": Tensor(shape: [4, 4], repeating: 1), "0.bias": Tensor(shape: [4])]
        XCTAssertThrowsError(try Pruning.magnitude(w, amount: 1.5)) { XCTAssert("\($0)".contains("in [0, 1]"), "\($0)") }
        XCTAssertThrowsError(try Pruning.magnitude(w, amount: 0.5, names: ["1.weight"])) { XCTAssert("\($0)".contains("1.weight is not in the weights"), "\($0)") }
        XCTAssertThrowsError(try Pruning.magnitude(w, amount: 0.5, names: ["0.bias"], structure: .units)) { XCTAssert("\($0)".contains("two or more dimensions"), "\($0)") }
        XCTAssertThrowsError(try Pruning.magnitude(w, amount: 0.5, scope: .global, structure: .units)) { XCTAssert("\($0)".contains("layer by layer"), "\($0)") }
        let wrong = ParameterMask(checked: ["0.weight": Tensor(shape: [2, 8], repeating: 1)])
        XCTAssertThrowsError(try Pruning.magnitude(w, amount: 0.5, previous: wrong)) { XCTAssert("\($0)".contains("shape"), "\($0)") }
        XCTAssertThrowsError(try ParameterMask(["0.weight": Tensor(shape: [2], values: [1, 0.5])])) { XCTAssert("\($0)".contains("holds 0.5 at index 1"), "\($0)") }
    }
}

/// A staged run's `start.mask` made with these functions.
final class MaskRecipePruningTests: XCTestCase {
    func testRecipesMapToPyTorchsPruningFunctions() throws {
        let fixture = try HookFixture()
        let w1 = fixture.group("prune.global.w1"), w2 = fixture.group("prune.global.w2")
        let reference = ArtefactReference(run: "k")
        let first = try MaskRecipe(weights: reference, amount: 0.4, scope: .global).mask(from: w1, upstreamMask: nil, seed: 0)
        XCTAssertEqual(first.tensors["0.weight"]?.values, fixture.group("prune.global.m1")["0.weight"]?.values)
        let second = try MaskRecipe(weights: reference, amount: 0.4, scope: .global).mask(from: w2, upstreamMask: first, seed: 0)
        XCTAssertEqual(second.tensors["3.weight"]?.values, fixture.group("prune.global.m2")["3.weight"]?.values, "inherit: a second round")
        let fresh = try MaskRecipe(weights: reference, amount: 0.4, scope: .global, inherit: false).mask(from: w2, upstreamMask: first, seed: 0)
        XCTAssertEqual(fresh.count - fresh.remaining, Pruning.count(amount: 0.4, of: 672), "without inherit the old mask is ignored")
        let random = try MaskRecipe(weights: reference, amount: 0.4, scope: .global, random: true).mask(from: w2, upstreamMask: first, seed: 5)
        XCTAssertEqual(random.remaining, second.remaining)
        XCTAssertNotEqual(random.tensors["0.weight"]?.values, second.tensors["0.weight"]?.values)
        XCTAssertEqual(MaskRecipe(weights: reference, amount: 0.2, scope: .units).pruning.structure, .units)
    }
}
