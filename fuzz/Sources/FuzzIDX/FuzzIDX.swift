import DLCore
import Foundation

/// The bytes of an IDX file: `IDX.decode`, then what loading does with the array.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    guard let array = try? IDX.decode(data, source: "fuzz-idx") else { return 0 }
    _ = array.floats
    _ = array.integers
    return 0
}
