import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or folder that could not be read, written or created, said the way a person fixes it:
/// the path, what went wrong in plain words (not `NSCocoaErrorDomain …`), and what to do.
public struct FileProblem: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var problem: String
    public var fix: String

    public init(path: String, problem: String, fix: String) {
        self.path = path; self.problem = problem; self.fix = fix
    }

    public var description: String { "\(path): \(problem) — \(fix)" }

    /// The problem an `errno` value means when writing `path`.
    public static func writing(_ path: String, errno code: Int32) -> FileProblem {
        switch code {
        case EACCES, EPERM, EROFS:
            return FileProblem(path: path, problem: "not writable (\(String(cString: strerror(code))))",
                               fix: "choose a folder you can write to, or fix its permissions")
        case ENOTDIR:
            return FileProblem(path: path, problem: "a part of this path is a file, not a folder",
                               fix: "choose a path whose parents are folders")
        case EISDIR:
            return FileProblem(path: path, problem: "is a folder, where a file was to be written",
                               fix: "remove or rename that folder")
        case ENOSPC, EDQUOT:
            return FileProblem(path: path, problem: "the disk is full", fix: "free some space and run the command again (finished runs are kept)")
        case EFBIG:
            return FileProblem(path: path, problem: "the file would exceed the file-size limit (ulimit -f)",
                               fix: "raise the limit and run the command again (finished runs are kept)")
        case ENOENT:
            return FileProblem(path: path, problem: "its folder does not exist", fix: "create the folder first")
        default:
            return FileProblem(path: path, problem: String(cString: strerror(code)), fix: "check the path, its permissions and free disk space")
        }
    }

    /// Makes `folder` (and its parents) exist, or says why it cannot.
    public static func createFolder(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            if isFolder.boolValue { return }
            throw FileProblem(path: folder.path, problem: "is a file, where a folder is needed",
                              fix: "choose another folder, or move the file away")
        }
        // Walk up to the first part that exists, to say which part is at fault.
        var existing = folder.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder), existing.path != "/" {
            existing = existing.deletingLastPathComponent()
        }
        if !isFolder.boolValue {
            throw FileProblem(path: folder.path, problem: "\(existing.path) is a file, so no folder can be made under it",
                              fix: "choose a path whose parents are folders")
        }
        if mkdirParents(folder.standardizedFileURL.path) != 0 {
            throw writing(folder.path, errno: errno)
        }
    }

    /// `mkdir -p` of an absolute path; -1 with `errno` set on failure.
    private static func mkdirParents(_ path: String) -> Int32 {
        var prefix = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return -1 }
        }
        return 0
    }
}
