import DLHash
import Foundation

extension RunSpec {
    /// Every file the spec names, as written in the spec: its data files and `initialWeights`.
    public var namedFiles: [String] {
        var paths: [String] = data.paths
        if let w = initialWeights { paths.append(w) }
        return paths
    }

    /// Every file the run reads besides the spec (`namedFiles`), resolved against `baseDirectory`
    /// (the spec file's folder) as training resolves it, absolute.
    public func files(baseDirectory: URL? = nil) -> [URL] {
        namedFiles.map { URL(fileURLWithPath: DataSpec.resolve($0, baseDirectory: baseDirectory).path).standardizedFileURL }
    }

    /// SHA-256 of each named file's contents, by path as written (sorted by path). A file that
    /// cannot be read digests as "unreadable" (training then fails with an error naming it).
    ///
    /// These go into the cache key, so replacing a file at the same path makes a new run instead
    /// of serving the record trained on the old contents.
    public func fileDigests(baseDirectory: URL? = nil) -> [(path: String, digest: String)] {
        namedFiles.sorted().map { path in
            (path, FileDigests.shared.digest(of: DataSpec.resolve(path, baseDirectory: baseDirectory)))
        }
    }
}

/// File digests computed once per process for a file that has not changed (same size and
/// modification time), so a study's many runs over one data file hash it once.
final class FileDigests: @unchecked Sendable {
    static let shared = FileDigests()
    private let lock = NSLock()
    private var known: [String: (size: Int, modified: Date, digest: String)] = [:]

    func digest(of url: URL) -> String {
        let path = url.standardizedFileURL.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue,
              let modified = attributes[.modificationDate] as? Date else { return "unreadable" }
        lock.lock()
        if let k = known[path], k.size == size, k.modified == modified { lock.unlock(); return k.digest }
        lock.unlock()
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "unreadable" }
        defer { try? handle.close() }
        var h = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { h.update(data: chunk) }
        let digest = h.finalize().map { String(format: "%02x", $0) }.joined()
        lock.lock(); known[path] = (size, modified, digest); lock.unlock()
        return digest
    }
}
