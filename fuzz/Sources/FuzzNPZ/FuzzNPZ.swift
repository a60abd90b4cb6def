import DLCore
import Foundation

/// The bytes of an `.npz` file, through the path a run spec's `npz` takes: `Dataset.load(npz:)`
/// (zip archive, `.npy` members, splits, labels, finite inputs), and `NPZ.read` of every member.
/// The loaders read files, so each input is written to one scratch file first.
let scratch: URL = {
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return URL(fileURLWithPath: folder).appendingPathComponent("dlstudy-fuzz-npz-\(getpid()).npz")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    guard (try? data.write(to: scratch)) != nil else { fatalError("cannot write \(scratch.path)") }
    _ = try? Dataset.load(npz: scratch)
    _ = try? NPZ.read(scratch)
    return 0
}
