import DLCore
import Foundation

/// The bytes of a `.npy` file: `NPY.decode`, then what loading does with an array (its values
/// as floats and as integers); a decoded array must encode and decode to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    guard let array = try? NPY.decode(data, source: "fuzz.npy") else { return 0 }
    _ = array.floats
    _ = array.integers
    let again = try! NPY.decode(NPY.encode(array), source: "re-encoded")
    precondition(again.shape == array.shape && again.count == array.count, "round trip changed the array")
    return 0
}
