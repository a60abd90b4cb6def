import Foundation

/// Reading the IDX format of LeCun's MNIST files (`train-images-idx3-ubyte`, …): a big-endian
/// header `00 00 <type> <rank>`, `rank` big-endian UInt32 sizes, then the values, big-endian.
public enum IDX {
    /// Reads an IDX file. Unsigned bytes stay `.uint8`; signed bytes and shorts become `.int16`,
    /// ints `.int32`, floats `.float32`, doubles `.float64`.
    public static func read(_ url: URL) throws -> NDArray {
        try decode(try NPY.readFile(url), source: url.path)
    }

    public static func decode(_ data: Data, source: String) throws -> NDArray {
        let b = [UInt8](data)
        if b.count >= 2 && b[0] == 0x1f && b[1] == 0x8b {
            throw DataError(
                .badMagic, file: source, problem: "gzip-compressed, not a raw IDX file",
                fix:
                    "decompress it first (gunzip \(URL(fileURLWithPath: source).lastPathComponent))"
            )
        }
        guard b.count >= 4 else {
            throw DataError(
                .truncated, file: source,
                problem: "file is \(b.count) bytes, too short for an IDX header",
                fix: "the file is truncated; download it again")
        }
        let types: [UInt8: (String, Int)] = [
            0x08: ("ubyte", 1), 0x09: ("byte", 1), 0x0B: ("short", 2),
            0x0C: ("int", 4), 0x0D: ("float", 4), 0x0E: ("double", 8),
        ]
        guard b[0] == 0, b[1] == 0, b[3] >= 1, let (typeName, size) = types[b[2]] else {
            let found = b[0..<4].map { String(format: "%02x", $0) }.joined(separator: " ")
            let fix =
                b[0] == 0 && b[1] == 0
                ? "type byte 0x\(String(format: "%02x", b[2])) is not one of 08 09 0b 0c 0d 0e, or rank is 0"
                : "IDX files start with 00 00 <type> <rank>, e.g. 00 00 08 03 for MNIST images"
            throw DataError(
                .badMagic, file: source, problem: "not an IDX file (magic \(found))", fix: fix)
        }
        let rank = Int(b[3])
        guard b.count >= 4 + 4 * rank else {
            throw DataError(
                .truncated, file: source, problem: "file ends inside the IDX header",
                fix: "the file is truncated; download it again")
        }
        func be32(_ o: Int) -> UInt32 {
            UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
        }
        let shape = (0..<rank).map { Int(be32(4 + 4 * $0)) }
        let (count, needed) = try NDArray.sizes(of: shape, itemSize: size, typeName: typeName, source: source)
        let start = 4 + 4 * rank
        guard b.count - start >= needed else {
            throw DataError(
                .truncated, file: source,
                problem:
                    "truncated: shape \(shape) of \(typeName) needs \(needed) data bytes, the file has \(b.count - start)",
                fix: "the file was cut short; download it again")
        }
        let values: NDArray.Values = b.withUnsafeBytes { raw in
            let p = UnsafeRawBufferPointer(rebasing: raw[start..<(start + count * size)])
            func load<T: FixedWidthInteger>(_: T.Type) -> [T] {
                (0..<count).map {
                    T(bigEndian: p.loadUnaligned(fromByteOffset: $0 * size, as: T.self))
                }
            }
            switch b[2] {
            case 0x08: return .uint8(Array(p))
            case 0x09: return .int16(p.map { Int16(Int8(bitPattern: $0)) })
            case 0x0B: return .int16(load(Int16.self))
            case 0x0C: return .int32(load(Int32.self))
            case 0x0D: return .float32(load(UInt32.self).map(Float.init(bitPattern:)))
            default: return .float64(load(UInt64.self).map(Double.init(bitPattern:)))
            }
        }
        return NDArray(shape: shape, values: values)
    }
}
