@testable import DLFiles
import Foundation
import XCTest

final class AtomicFileTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testWriteReplacesAndLeavesNothingElse() throws {
        let url = folder.appendingPathComponent("sub/a.txt")
        try AtomicFile.write("one", to: url)
        try AtomicFile.write("two", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["a.txt"])
    }

    func testWritingUnderAFileNamesTheProblem() throws {
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("file").path, contents: Data("x".utf8))
        XCTAssertThrowsError(try AtomicFile.write("x", to: folder.appendingPathComponent("file/deeper/a.txt"))) { error in
            let p = error as? FileProblem
            XCTAssertNotNil(p, "\(error)")
            XCTAssert(p?.problem.contains("is a file") == true, "\(error)")
            XCTAssertFalse("\(error)".contains("NSCocoaErrorDomain"))
        }
    }

    func testWritingOntoAFolderNamesTheProblem() throws {
        let target = folder.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write("x", to: target)) { error in
            XCTAssert("\(error)".contains("is a folder"), "\(error)")
        }
    }

    func testUnwritableFolderSaysSoAndLeavesNoTemporaryFile() throws {
        guard getuid() != 0 else { throw XCTSkip("root can write anywhere") }
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o555)
        defer { chmod(locked.path, 0o755) }
        XCTAssertThrowsError(try AtomicFile.write("x", to: locked.appendingPathComponent("a.txt"))) { error in
            XCTAssert("\(error)".contains("not writable"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked.path), [])
    }

    /// Temporary files of processes that are gone are removed; those of a live process (this
    /// one) and of other hosts are not, nor are ordinary files.
    func testLeftoversOfDeadProcessesAreRemoved() throws {
        var deadPID = pid_t(999_999)  // the first pid from here on that no process has
        while kill(deadPID, 0) == 0 || errno != ESRCH { deadPID += 1 }
        let names = [
            ".record.json\(AtomicFile.marker)\(AtomicFile.host)-\(deadPID)-ABCD1234.tmp",  // removed
            ".record.json\(AtomicFile.marker)\(AtomicFile.host)-\(getpid())-ABCD1234.tmp",  // live: kept
            ".record.json\(AtomicFile.marker)other-host-\(deadPID)-ABCD1234.tmp",  // other host: kept
            "record.json",  // kept
        ]
        let sub = folder.appendingPathComponent("k")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        for n in names { _ = FileManager.default.createFile(atPath: sub.appendingPathComponent(n).path, contents: Data()) }
        XCTAssertEqual(AtomicFile.removeLeftovers(in: folder), 1)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: sub.path)), Set(names.dropFirst()))
    }
}

final class FileLockTests: XCTestCase {
    func testSecondHolderIsRefusedUntilTheFirstUnlocks() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)/.lock")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let first = try XCTUnwrap(FileLock.tryLock(url))
        XCTAssertNil(try FileLock.tryLock(url), "a second open of the lock file must not get the lock")
        first.unlock()
        let second = try XCTUnwrap(FileLock.tryLock(url))
        second.unlock()
    }

    func testWaiterGetsTheLockWhenItIsReleased() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)/.lock")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let first = try FileLock.lock(url)
        let got = expectation(description: "waiter locked")
        DispatchQueue.global().async {
            if let l = try? FileLock.lock(url) { got.fulfill(); l.unlock() }
        }
        Thread.sleep(forTimeInterval: 0.2)
        first.unlock()
        wait(for: [got], timeout: 10)
    }
}
