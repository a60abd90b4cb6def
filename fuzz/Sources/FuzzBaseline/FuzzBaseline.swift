import DLCore
import DLStudy
import Foundation

/// A baseline file as `dlstudy check` reads it: format probe, decoding (with the error
/// explanation), the consistency checks; a usable baseline must write its file text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBaseline(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    guard let baseline = try? BaselineStore.decode(data, study: "demo", profile: .quick, path: "fuzz.json") else {
        return 0
    }
    _ = try? baseline.fileText()
    return 0
}
