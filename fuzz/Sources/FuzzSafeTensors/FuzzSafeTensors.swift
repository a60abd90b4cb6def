import DLCore
import Foundation

/// The bytes of a safetensors file: `SafeTensors.decode`; a decoded file must encode and decode
/// again, and loading it into a small model must either work or throw.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    guard let file = try? SafeTensors.decode(data, source: "fuzz.safetensors") else { return 0 }
    _ = file.orderedNames
    if let encoded = try? file.encoded() {
        _ = try! SafeTensors.decode(Data(encoded), source: "re-encoded")
    }
    let model = Sequential([Linear(inputs: 4, outputs: 3), ReLU(), Linear(inputs: 3, outputs: 2)])
    _ = try? model.load(stateDict: file.tensors, strict: true, source: "fuzz.safetensors")
    _ = try? model.load(stateDict: file.tensors, strict: false, source: "fuzz.safetensors")
    return 0
}
