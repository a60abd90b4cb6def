import DLHash
import DLFiles
import Foundation

/// Derived values by key: `<output>/.cache/derived/<key>.json`, written atomically and verified
/// when read (key and checksum), like run records.
public struct DerivedCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The derived cache beside a run cache (`<output>/.cache/derived`).
    public init(beside runs: RunCache) { root = runs.root.deletingLastPathComponent().appendingPathComponent("derived", isDirectory: true) }

    public func url(_ key: String) -> URL { root.appendingPathComponent("\(key).json") }

    public func lookup(_ key: String) -> DerivedValues? {
        guard let data = try? Data(contentsOf: url(key)),
              let values = try? RunCache.decoder.decode(DerivedValues.self, from: data),
              values.key == key, values.checksum == Self.checksum(of: values) else { return nil }
        return values
    }

    public func store(_ values: DerivedValues, key: String) throws {
        var values = values
        values.key = key
        values.checksum = Self.checksum(of: values)
        try FileProblem.createFolder(root)
        try AtomicFile.write(RunCache.encoder.encode(values), to: url(key))
    }

    static func checksum(of values: DerivedValues) -> String {
        var bare = values
        bare.checksum = nil
        return SHA256.hash(data: (try? RunCache.encoder.encode(bare)) ?? Data()).hexString
    }
}
