import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file (`flock(2)`), held until `unlock()` or until the process
/// ends, whichever comes first, so a killed process never leaves a run locked.
///
/// Every open of the lock file is its own lock: two threads of one process exclude each other
/// like two processes do. On NFS, Linux maps `flock` to byte-range locks the server arbitrates,
/// so processes on several machines sharing one output folder (shards of a job array) exclude
/// each other too.
public final class FileLock {
    public let url: URL
    private var fd: Int32

    private init(url: URL, fd: Int32) { self.url = url; self.fd = fd }

    /// Takes the lock if no one holds it; nil if another holder has it.
    public static func tryLock(_ url: URL) throws -> FileLock? {
        let fd = try openLockFile(url)
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return FileLock(url: url, fd: fd) }
        let code = errno
        close(fd)
        if code == EWOULDBLOCK { return nil }
        throw FileProblem.writing(url.path, errno: code)
    }

    /// Waits until the lock is free, then takes it.
    public static func lock(_ url: URL) throws -> FileLock {
        let fd = try openLockFile(url)
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw FileProblem.writing(url.path, errno: code)
        }
        return FileLock(url: url, fd: fd)
    }

    private static func openLockFile(_ url: URL) throws -> Int32 {
        try FileProblem.createFolder(url.deletingLastPathComponent())
        let fd = open(url.path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw FileProblem.writing(url.path, errno: errno) }
        return fd
    }

    /// Releases the lock (the lock file stays: deleting it would let a waiter lock a file no
    /// one else can see).
    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
