import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so a reader, or the next run after a crash, sees the old contents or the new,
/// never a mix: the bytes go to a temporary file beside the target, then `rename(2)` puts it in
/// place.
///
/// A failed write removes its temporary file. A process killed mid-write (by a signal, or by
/// `ulimit -f` when SIGXFSZ is not ignored) cannot, so temporary names carry the host and process
/// id (`.metrics.csv.dlstudy-HOST-PID-UUID.tmp`) and `removeLeftovers(in:)` deletes those of
/// processes of this host that are gone; another live process's file is never touched.
public enum AtomicFile {
    static let marker = ".dlstudy-"

    /// Writes `data` to `url` atomically, creating its folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileProblem.createFolder(folder)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw FileProblem.writing(url.path, errno: EISDIR)
        }
        let temporary = folder.appendingPathComponent(temporaryName(for: url.lastPathComponent))
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FileProblem.writing(url.path, errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
        }
        if failure == 0 && fsync(fd) != 0 && errno != EINVAL { failure = errno }
        close(fd)
        if failure == 0 && rename(temporary.path, url.path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary.path)
            throw FileProblem.writing(url.path, errno: failure)
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }

    static func temporaryName(for name: String) -> String {
        ".\(name)\(marker)\(host)-\(getpid())-\(UUID().uuidString.prefix(8)).tmp"
    }

    /// Deletes, in `folder` and below, the temporary files of dlstudy processes of this host that
    /// no longer run (and Foundation's `.dat.nosync…` files older than a day). Returns how many.
    @discardableResult
    public static func removeLeftovers(in folder: URL) -> Int {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey]) else { return 0 }
        var removed = 0
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if isAbandoned(name, modified: (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate) {
                if unlink(url.path) == 0 { removed += 1 }
            }
        }
        return removed
    }

    static func isAbandoned(_ name: String, modified: Date?) -> Bool {
        if name.hasPrefix(".dat.nosync") {
            return (modified.map { Date().timeIntervalSince($0) > 86_400 }) ?? false
        }
        guard name.hasSuffix(".tmp"), let range = name.range(of: marker) else { return false }
        // HOST-PID-UUID.tmp, where HOST may itself contain dashes.
        let parts = name[range.upperBound...].dropLast(4).split(separator: "-")
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return false }
        let writer = parts[..<(parts.count - 2)].joined(separator: "-")
        guard writer == host else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let name = String(cString: buffer).replacingOccurrences(of: "/", with: "_")
        return name.isEmpty ? "host" : name
    }()
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
