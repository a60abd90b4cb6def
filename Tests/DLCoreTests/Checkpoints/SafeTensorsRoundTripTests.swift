import DLCore
import Foundation
import XCTest

final class SafeTensorsRoundTripTests: XCTestCase {
    typealias F = CheckpointFixtures

    /// Linear, a batch-norm-like layer with buffers, ReLU, Linear: PyTorch names 0.*, 1.*, 3.*.
    func modelWithBuffers() -> Sequential {
        Sequential([Linear(inputs: 4, outputs: 3), BufferedStubLayer(features: 3), ReLU(), Linear(inputs: 3, outputs: 2)])
    }

    /// Gives every tensor of the model distinct values (and 0.weight some awkward ones).
    func scramble(_ model: Sequential, seed: Double) {
        var k = seed
        for (name, t) in model.stateDict() {
            for i in 0..<t.count { k += 1; t[i] = Float(sin(k * 1.7) * 3) }
            if name.hasSuffix("num_batches_tracked") { t[0] = 12_345 + Float(seed) }
        }
        let w = model.stateDict()["0.weight"]!
        let awkward: [Float] = [-0.0, .nan, .infinity, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                Float(bitPattern: 0x7FC0_1234)]
        for (i, v) in awkward.enumerated() { w[i] = v }
    }

    func testModelRoundTripKeepsEveryBitAndStoresTheCounterAsI64() throws {
        let url = try F.temporaryFolder(self).appendingPathComponent("weights.safetensors")
        let model = modelWithBuffers()
        scramble(model, seed: 0)
        try model.saveSafeTensors(to: url)

        let file = try SafeTensors.read(from: url)
        let state = model.stateDict()
        XCTAssertEqual(Set(file.tensors.keys), ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                                "1.num_batches_tracked", "3.weight", "3.bias"])
        for (name, t) in state {
            XCTAssertEqual(file.tensors[name]?.shape, t.shape, name)
            XCTAssertEqual(file.tensors[name].map(F.bits), F.bits(t), name)
        }
        XCTAssertEqual(file.dtypes["1.num_batches_tracked"], .I64)
        XCTAssertEqual(file.tensors["1.num_batches_tracked"]?.shape, Shape([]))
        XCTAssertEqual(file.tensors["1.num_batches_tracked"]?[0], 12_345)
        XCTAssertEqual(Set(file.dtypes.filter { $0.value == .F32 }.keys).count, 8)
        XCTAssertEqual(file.metadata, ["format": "pt"])

        let fresh = modelWithBuffers()
        scramble(fresh, seed: 100)
        XCTAssertEqual(try fresh.loadSafeTensors(from: url), ["format": "pt"])
        for (name, t) in fresh.stateDict() { XCTAssertEqual(F.bits(t), F.bits(state[name]!), name) }
    }

    func testHeaderMatchesTheReferenceWriterByteForByte() throws {
        // The reference implementation's own serialization tests: one F32 tensor [1, 2, 3] of 0…5.
        let values = Tensor(shape: [1, 2, 3], values: [0, 1, 2, 3, 4, 5])
        let data = values.values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }
        func file(_ header: String) -> [UInt8] {
            withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8) + data
        }
        XCTAssertEqual(try SafeTensors(tensors: ["attn.0": values]).encoded(),
                       file(#"{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}"#))  // 64 bytes, no padding
        XCTAssertEqual(try SafeTensors(tensors: ["attn0": Tensor(shape: [1, 1, 2, 3], values: values.values)]).encoded(),
                       file(#"{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}"# + "       "))
    }

    func testLayoutIsEightByteTypesFirstThenNamesAndMetadataFirst() throws {
        let st = SafeTensors(
            tensors: ["b": Tensor([1, 2]), "a": Tensor(shape: [1, 1], values: [3]), "B": Tensor([5]),
                      "x.num_batches_tracked": Tensor(shape: Shape([]), values: [4])],
            metadata: ["z": "last", "a": "quote \" and / and \n"])
        XCTAssertEqual(st.orderedNames, ["x.num_batches_tracked", "B", "a", "b"])
        let bytes = try st.encoded()
        let n = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        XCTAssertEqual(n % 8, 0)
        XCTAssertEqual(bytes.count, 8 + n + 8 + 4 + 4 + 8)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        let expected = #"{"__metadata__":{"a":"quote \" and / and \n","z":"last"},"#
            + #""x.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"#
            + #""B":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"#
            + #""a":{"dtype":"F32","shape":[1,1],"data_offsets":[12,16]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"#
        XCTAssertEqual(header.trimmingCharacters(in: .whitespaces), expected)
        XCTAssertEqual(try SafeTensors.decode(Data(bytes)).metadata, st.metadata)
    }

    func testEveryDTypeRoundTripsValuesItCanHold() throws {
        let values: [SafeTensors.DType: [Float]] = [
            .F64: [1 / 3, -2.5e-38, .greatestFiniteMagnitude, .infinity],
            .F16: [1, -2, 0.099975586, 65504, 0x1p-24, -0.0],
            .BF16: [1, -3, 0.10009765625, 0x1p-130],
            .I64: [-5, 0, 0x1p40, 7],
            .I32: [-2_147_483_648, 0, 16_777_216, -1],
        ]
        var st = SafeTensors()
        for (dtype, v) in values {
            st.tensors[dtype.rawValue] = Tensor(v)
            st.dtypes[dtype.rawValue] = dtype
        }
        st.tensors["scalar"] = Tensor(shape: Shape([]), values: [42])
        st.tensors["empty"] = Tensor(shape: [0, 3])
        st.tensors["rank4"] = Tensor(shape: [1, 2, 1, 2], values: [1, 2, 3, 4])
        let back = try SafeTensors.decode(Data(try st.encoded()))
        for (name, t) in st.tensors {
            XCTAssertEqual(back.tensors[name]?.shape, t.shape, name)
            XCTAssertEqual(back.tensors[name].map(F.bits), F.bits(t), name)
            XCTAssertEqual(back.dtypes[name], st.dtype(for: name), name)
        }
    }

    func testIntegerDTypesRefuseFractionsAndOverflow() {
        let cases: [(Float, SafeTensors.DType)] = [(1.5, .I64), (.nan, .I64), (0x1p63, .I64), (0x1p31, .I32), (-0.25, .I32)]
        for (value, dtype) in cases {
            let st = SafeTensors(tensors: ["n": Tensor([0, value])], dtypes: ["n": dtype])
            assertCheckpointError(.valueNotRepresentable, mentioning: ["'n'", "element 1"], try st.encoded())
        }
        assertCheckpointError(.invalidName, try SafeTensors(tensors: ["__metadata__": Tensor([1])]).encoded())
    }

    func testWriteIsAtomicAndReplacesTheOldFile() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("w.safetensors")
        try SafeTensors(tensors: ["a": Tensor([1])]).write(to: url)
        try SafeTensors(tensors: ["b": Tensor([2, 3])]).write(to: url)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["w.safetensors"])
        XCTAssertEqual(try SafeTensors.read(from: url).tensors.keys.sorted(), ["b"])

        // A missing folder is made; a folder that is a file cannot be.
        try SafeTensors(tensors: ["a": Tensor([1])]).write(to: folder.appendingPathComponent("made/w.safetensors"))
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("blocker").path, contents: Data())
        let nowhere = folder.appendingPathComponent("blocker/w.safetensors")
        assertCheckpointError(.writeFailed, file: nowhere.path, mentioning: ["is a file"],
                              try SafeTensors(tensors: ["a": Tensor([1])]).write(to: nowhere))
    }

    // MARK: half precision

    /// The data bytes of a one-tensor file.
    func dataBytes(_ file: [UInt8]) -> [UInt8] {
        let n = Int(file[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        return Array(file[(8 + n)...])
    }

    func halfFile(_ patterns: [UInt16]) -> Data {
        let header = #"{"h":{"dtype":"F16","shape":[\#(patterns.count)],"data_offsets":[0,\#(2 * patterns.count)]}}"#
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8)
        for p in patterns { withUnsafeBytes(of: p.littleEndian) { bytes += $0 } }
        return Data(bytes)
    }

    func testEveryHalfPatternDecodesAndEncodesBack() throws {
        let patterns = (0...UInt16.max).map { $0 }
        let decoded = try XCTUnwrap(SafeTensors.decode(halfFile(patterns)).tensors["h"])
        let encoded = dataBytes(try SafeTensors(tensors: ["h": decoded], dtypes: ["h": .F16]).encoded())
        for (i, h) in patterns.enumerated() {
            let back = UInt16(encoded[2 * i]) | UInt16(encoded[2 * i + 1]) << 8
            let isNaN = h & 0x7C00 == 0x7C00 && h & 0x3FF != 0
            if isNaN { XCTAssertTrue(decoded[i].isNaN); XCTAssertEqual(back & 0x7E00, 0x7E00) } else { XCTAssertEqual(back, h) }
            #if !(os(macOS) && arch(x86_64))
            if !isNaN { XCTAssertEqual(decoded[i].bitPattern, Float(Float16(bitPattern: h)).bitPattern, "half \(h)") }
            #endif
        }
    }

    func testHalfRoundsToNearestEven() throws {
        // Midpoints between neighbouring halves go to the even one; just above goes up.
        let decoded = try XCTUnwrap(SafeTensors.decode(halfFile((0..<0x7C00).map { $0 })).tensors["h"]).values
        var midpoints: [Float] = [], above: [Float] = []
        for h in 0..<(decoded.count - 1) {
            let mid = (decoded[h] + decoded[h + 1]) / 2
            midpoints.append(mid)
            above.append(mid.nextUp)
        }
        midpoints += [65520, 65519.996, 1e-8, -0x1p-25, Float(0x1p-25).nextUp]  // overflow, largest finite, underflow
        func half(_ values: [Float]) throws -> [UInt16] {
            let bytes = dataBytes(try SafeTensors(tensors: ["h": Tensor(values)], dtypes: ["h": .F16]).encoded())
            return stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        }
        let m = try half(midpoints), a = try half(above)
        for h in 0..<(decoded.count - 1) {
            XCTAssertEqual(m[h], UInt16(h) & 1 == 0 ? UInt16(h) : UInt16(h + 1), "midpoint after half \(h)")
            XCTAssertEqual(a[h], UInt16(h + 1), "just above the midpoint after half \(h)")
        }
        XCTAssertEqual(Array(m.suffix(5)), [0x7C00, 0x7BFF, 0x0000, 0x8000, 0x0001])
        #if !(os(macOS) && arch(x86_64))
        var x: UInt32 = 12345
        let samples: [Float] = (0..<20_000).map { _ in
            x = x &* 1_664_525 &+ 1_013_904_223
            return Float(bitPattern: x)
        }
        for (s, h) in zip(samples, try half(samples)) where !s.isNaN {
            XCTAssertEqual(h, Float16(s).bitPattern, "\(s)")
        }
        #endif
    }

    func testBFloat16RoundsToNearestEven() throws {
        let inputs: [UInt32] = [0x3F80_0000, 0x3F80_8000, 0x3F81_8000, 0x3F80_8001, 0x7F7F_FFFF, 0xFF80_0000, 0x7FC0_0000, 0x0000_0001]
        let bytes = dataBytes(try SafeTensors(tensors: ["b": Tensor(inputs.map(Float.init(bitPattern:)))], dtypes: ["b": .BF16]).encoded())
        let out = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        XCTAssertEqual(out, [0x3F80, 0x3F80, 0x3F82, 0x3F81, 0x7F80, 0xFF80, 0x7FC0, 0x0000])
    }
}
