import DLFiles
import Foundation

/// An n-dimensional numeric array as files hold it (`.npy`, `.npz`, IDX): its shape (C order) and
/// its values in one of the element types dlstudy understands.
public struct NDArray: Sendable, Equatable {
    /// The element types we read and write, by their NumPy `descr`.
    public enum Values: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int64])
        case int32([Int32])
        case int16([Int16])
        case uint8([UInt8])

        public var count: Int {
            switch self {
            case .float32(let v): return v.count
            case .float64(let v): return v.count
            case .int64(let v): return v.count
            case .int32(let v): return v.count
            case .int16(let v): return v.count
            case .uint8(let v): return v.count
            }
        }

        /// The NumPy type string written to the header.
        public var descr: String {
            switch self {
            case .float32: return "<f4"
            case .float64: return "<f8"
            case .int64: return "<i8"
            case .int32: return "<i4"
            case .int16: return "<i2"
            case .uint8: return "|u1"
            }
        }

        var itemSize: Int {
            switch self {
            case .float32, .int32: return 4
            case .float64, .int64: return 8
            case .int16: return 2
            case .uint8: return 1
            }
        }
    }

    public var shape: [Int]
    public var values: Values

    public init(shape: [Int], values: Values) {
        precondition(
            Self.elementCount(shape) == values.count, "\(values.count) values do not fill shape \(shape)")
        self.shape = shape
        self.values = values
    }

    public init(_ values: [Float], shape: [Int]? = nil) {
        self.init(shape: shape ?? [values.count], values: .float32(values))
    }
    public init(_ values: [Int64], shape: [Int]? = nil) {
        self.init(shape: shape ?? [values.count], values: .int64(values))
    }

    public var count: Int { values.count }
    public var dtype: String { values.descr }

    /// The number of elements of `shape` and their bytes at `itemSize` each, as a file header
    /// declares them: a `tooLarge` error (not an overflow) when either does not fit an `Int`.
    static func sizes(of shape: [Int], itemSize: Int, typeName: String, source: String) throws -> (count: Int, bytes: Int) {
        guard let count = elementCount(shape) else { throw tooLarge(shape, typeName, source) }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow else { throw tooLarge(shape, typeName, source) }
        return (count, bytes)
    }

    /// The product of the dimensions, or nil when the product of the non-zero ones does not fit
    /// an `Int` (a shape such as [0, 2⁴⁰, 2⁴⁰] is refused too: no file means it).
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for d in shape where d != 0 {
            let (c, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            count = c
        }
        return shape.contains(0) ? 0 : count
    }

    private static func tooLarge(_ shape: [Int], _ typeName: String, _ source: String) -> DataError {
        DataError(
            .tooLarge, file: source,
            problem: "the header declares shape \(shape) of \(typeName), more bytes than a file can hold",
            fix: "the header is damaged, or this is not such a file; save or download it again")
    }

    /// The values as `Float` (integers converted, doubles rounded).
    public var floats: [Float] {
        switch values {
        case .float32(let v): return v
        case .float64(let v): return v.map { Float($0) }
        case .int64(let v): return v.map { Float($0) }
        case .int32(let v): return v.map { Float($0) }
        case .int16(let v): return v.map { Float($0) }
        case .uint8(let v): return v.map { Float($0) }
        }
    }

    /// The values as integers; float arrays must hold whole numbers (labels saved as floats).
    /// Returns nil when a value is not a whole number.
    public var integers: [Int64]? {
        switch values {
        case .int64(let v): return v
        case .int32(let v): return v.map(Int64.init)
        case .int16(let v): return v.map(Int64.init)
        case .uint8(let v): return v.map(Int64.init)
        case .float32(let v):
            guard v.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e15 }) else { return nil }
            return v.map { Int64($0) }
        case .float64(let v):
            guard v.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e15 }) else { return nil }
            return v.map { Int64($0) }
        }
    }
}

/// Reading and writing NumPy's `.npy` format (versions 1.0, 2.0 and 3.0; C order; the dtypes
/// of `NDArray.Values`).
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"
    /// Every dtype we can read, as a user would write it.
    public static let supportedDTypes = ["<f4", "<f8", "<i8", "<i4", "<i2", "<u1", "|u1"]

    /// Reads a `.npy` file.
    public static func read(_ url: URL) throws -> NDArray {
        try decode(try readFile(url), source: url.path)
    }

    /// Parses the bytes of a `.npy` file; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws -> NDArray {
        let bytes = [UInt8](data)
        let hint = "is it a .npy file? Save arrays with numpy.save(path, array)"
        guard bytes.count >= 10 else {
            if bytes.count >= 6 && Array(bytes[0..<6]) != magic {
                throw DataError(
                    .badMagic, file: source, problem: "not a NumPy .npy file (wrong magic bytes)",
                    fix: hint)
            }
            throw DataError(
                .truncated, file: source,
                problem: "file is \(bytes.count) bytes, too short for a .npy header",
                fix: "the file is truncated; save it again")
        }
        guard Array(bytes[0..<6]) == magic else {
            let found = bytes[0..<6].map { String(format: "%02x", $0) }.joined(separator: " ")
            throw DataError(
                .badMagic, file: source,
                problem: "not a NumPy .npy file (magic bytes \(found), expected 93 4e 55 4d 50 59)",
                fix: hint)
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else {
                throw DataError(
                    .truncated, file: source, problem: "file ends inside the .npy header",
                    fix: "the file is truncated; save it again")
            }
            headerLength =
                Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw DataError(
                .badHeader, file: source,
                problem: "unknown .npy format version \(major).\(bytes[7])",
                fix: "save with numpy.save (format 1.0, 2.0 or 3.0)")
        }
        guard bytes.count >= headerStart + headerLength else {
            throw DataError(
                .truncated, file: source,
                problem:
                    "file ends inside the .npy header (\(bytes.count) bytes, header needs \(headerStart + headerLength))",
                fix: "the file is truncated; save it again")
        }
        guard
            let header = String(
                bytes: bytes[headerStart..<(headerStart + headerLength)],
                encoding: major == 3 ? .utf8 : .isoLatin1)
        else {
            throw DataError(
                .badHeader, file: source, problem: "unreadable .npy header",
                fix: "save it again with numpy.save")
        }
        let (descr, fortran, shape) = try parseHeader(header, source: source)
        if fortran && shape.count > 1 {
            throw DataError(
                .fortranOrder, file: source,
                problem: "array is stored in Fortran (column-major) order",
                fix: "save a C-order copy: numpy.save(path, numpy.ascontiguousarray(array))")
        }
        let itemSize: Int
        switch descr {
        case "<f4", "<i4": itemSize = 4
        case "<f8", "<i8": itemSize = 8
        case "<i2": itemSize = 2
        case "|u1", "<u1": itemSize = 1
        default:
            var fix =
                "supported: \(supportedDTypes.joined(separator: ", ")); convert with array.astype('<f4') (inputs) or array.astype('<i8') (labels)"
            if descr.hasPrefix(">") { fix = "big-endian data; " + fix }
            throw DataError(
                .unsupportedDType, file: source, problem: "unsupported dtype '\(descr)'", fix: fix)
        }
        let start = headerStart + headerLength
        let (count, needed) = try NDArray.sizes(of: shape, itemSize: itemSize, typeName: descr, source: source)
        guard bytes.count - start >= needed else {
            throw DataError(
                .truncated, file: source,
                problem:
                    "truncated: shape \(shape) of \(descr) needs \(needed) data bytes, the file has \(bytes.count - start)",
                fix: "the file was cut short; copy or save it again")
        }
        let values: NDArray.Values = bytes.withUnsafeBytes { raw in
            let p = UnsafeRawBufferPointer(rebasing: raw[start..<(start + needed)])
            func load<T: FixedWidthInteger>(_: T.Type) -> [T] {
                (0..<count).map {
                    T(littleEndian: p.loadUnaligned(fromByteOffset: $0 * itemSize, as: T.self))
                }
            }
            switch descr {
            case "<f4": return .float32(load(UInt32.self).map(Float.init(bitPattern:)))
            case "<f8": return .float64(load(UInt64.self).map(Double.init(bitPattern:)))
            case "<i8": return .int64(load(Int64.self))
            case "<i4": return .int32(load(Int32.self))
            case "<i2": return .int16(load(Int16.self))
            default: return .uint8(Array(p))
            }
        }
        return NDArray(shape: shape, values: values)
    }

    /// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
    static func parseHeader(_ header: String, source: String) throws -> (String, Bool, [Int]) {
        func bad(_ what: String) -> DataError {
            DataError(
                .badHeader, file: source,
                problem:
                    "malformed .npy header (\(what)): \(header.trimmingCharacters(in: .whitespacesAndNewlines))",
                fix: "save the array again with numpy.save")
        }
        func value(of key: String) throws -> Substring {
            guard let k = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
                let colon = header[k.upperBound...].firstIndex(of: ":")
            else { throw bad("no '\(key)'") }
            return header[header.index(after: colon)...].drop { $0 == " " }
        }
        let d = try value(of: "descr")
        guard let q = d.first, q == "'" || q == "\"", let end = d.dropFirst().firstIndex(of: q)
        else {
            // A list: structured dtype.
            throw DataError(
                .unsupportedDType, file: source, problem: "structured dtype \(d.prefix(40))…",
                fix:
                    "save a plain numeric array (supported: \(supportedDTypes.joined(separator: ", ")))"
            )
        }
        let descr = String(d[d.index(after: d.startIndex)..<end])
        let f = try value(of: "fortran_order")
        let fortran: Bool
        if f.hasPrefix("True") {
            fortran = true
        } else if f.hasPrefix("False") {
            fortran = false
        } else {
            throw bad("fortran_order")
        }
        let s = try value(of: "shape")
        guard s.first == "(", let close = s.firstIndex(of: ")") else { throw bad("shape") }
        let inner = s[s.index(after: s.startIndex)..<close]
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(
                of: "L", with: "")
            if t.isEmpty { continue }
            guard let v = Int(t), v >= 0 else { throw bad("shape") }
            shape.append(v)
        }
        return (descr, fortran, shape)
    }

    /// The bytes of a `.npy` file (format 1.0, or 2.0 when the header needs it).
    public static func encode(_ array: NDArray) -> Data {
        let shapeText: String
        switch array.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(array.shape[0]),)"
        default: shapeText = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(array.dtype)', 'fortran_order': False, 'shape': \(shapeText), }"
        var prefixLength = 10
        if header.utf8.count + 1 + prefixLength > 65535 { prefixLength = 12 }
        let total = (prefixLength + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: total - prefixLength - header.utf8.count - 1) + "\n"
        var out = Data(magic)
        let headerLength = header.utf8.count
        if prefixLength == 10 {
            out.append(contentsOf: [1, 0, UInt8(headerLength & 0xff), UInt8(headerLength >> 8)])
        } else {
            out.append(
                contentsOf: [2, 0] + (0..<4).map { UInt8((headerLength >> (8 * $0)) & 0xff) })
        }
        out.append(contentsOf: Array(header.utf8))
        func append<T: FixedWidthInteger>(_ v: [T]) {
            var le = v.map { $0.littleEndian }
            le.withUnsafeMutableBytes { out.append(contentsOf: $0) }
        }
        switch array.values {
        case .float32(let v): append(v.map(\.bitPattern))
        case .float64(let v): append(v.map(\.bitPattern))
        case .int64(let v): append(v)
        case .int32(let v): append(v)
        case .int16(let v): append(v)
        case .uint8(let v): out.append(contentsOf: v)
        }
        return out
    }

    /// Writes a `.npy` file atomically.
    public static func write(_ array: NDArray, to url: URL) throws {
        try writeFile(encode(array), to: url)
    }

    /// The file's bytes (its first `prefix` bytes when given), with errors that name it.
    static func readFile(_ url: URL, prefix: Int? = nil) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(
                .fileNotFound, file: url.path, problem: "no such file",
                fix:
                    "check the path, shown here resolved (a run spec's relative data paths start at the spec's folder)"
            )
        }
        do {
            guard let prefix else { return try Data(contentsOf: url) }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            return try handle.read(upToCount: prefix) ?? Data()
        } catch {
            throw DataError(
                .unreadable, file: url.path, problem: "cannot read: \(error.localizedDescription)",
                fix: "check the file's permissions")
        }
    }

    static func writeFile(_ data: Data, to url: URL) throws {
        do { try AtomicFile.write(data, to: url) } catch let e as FileProblem {
            throw DataError(.writeFailed, file: url.path, problem: "cannot write: \(e.problem)", fix: e.fix)
        }
    }
}
