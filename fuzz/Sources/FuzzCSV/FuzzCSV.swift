import DLCore
import Foundation

/// A CSV data file: `CSV.parse` with the options a spec can give. The first byte picks them (label
/// column first, last, by index or by name; header detected, present or absent; delimiter comma,
/// semicolon or tab); the rest is the file's text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes, count >= 1 else { return 0 }
    let options = bytes[0]
    let text = String(decoding: UnsafeBufferPointer(start: bytes + 1, count: count - 1), as: UTF8.self)
    let columns: [CSVColumn] = [.first, .last, .index(1), .index(-2), .name("label"), .index(Int(options >> 5) - 4)]
    let headers: [Bool?] = [nil, true, false]
    let delimiters: [Character] = [",", ";", "\t"]
    _ = try? CSV.parse(
        text, source: "fuzz.csv", labelColumn: columns[Int(options) % columns.count],
        header: headers[Int(options >> 3) % 3], delimiter: delimiters[Int(options >> 5) % 3])
    return 0
}
