@testable import DLCore  // the validate() functions are internal; debug builds allow this
import Foundation

/// A run spec's JSON, as `dlstudy train` reads it: decoding (with the syntax-error locator and
/// the decoding-error description), the unknown-key check, then what is derived from a decoded
/// spec without training: the canonical JSON and hash, a second decode of that JSON (it must
/// give the same spec), the files it names, and the validation `Trainer` does first.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunSpec(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    guard let spec = try? RunSpec.decode(data, fileName: "fuzz.json") else { return 0 }
    let again = try! JSONDecoder().decode(RunSpec.self, from: spec.canonicalJSON)
    precondition(again.canonicalJSON == spec.canonicalJSON, "canonical JSON does not round-trip")
    _ = spec.hash
    _ = spec.files(baseDirectory: URL(fileURLWithPath: "/tmp/fuzz-spec", isDirectory: true))
    _ = try? spec.optimizer.validate()
    _ = try? spec.budget.validate()
    _ = try? spec.schedule.validate()
    return 0
}
