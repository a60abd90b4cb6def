import Foundation
import XCTest

/// What one run of the `dlstudy` executable did.
struct CLIResult {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    /// Standard output then standard error, for assertion messages.
    var output: String { stdout + (stderr.isEmpty ? "" : "\n[stderr]\n" + stderr) }
}

/// Runs the built `dlstudy` executable with `args` (in `cwd`, default the current folder) and
/// returns its exit code and output. Throws when the executable cannot be found or started, or
/// when it runs longer than `timeout` seconds (it is killed then).
///
///     let r = try dlstudy(["data", "export", "mnist1d", "--out", path])
///     XCTAssertEqual(r.exitCode, 0, r.output)
func dlstudy(_ args: [String], cwd: URL? = nil, timeout: TimeInterval = 600, executable: URL? = nil) throws -> CLIResult {
    let binary = try executable ?? CLIRunner.executable()
    let scratch = try CLIRunner.temporaryDirectory("cli-output")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    // Files, not pipes: a chatty child cannot block on a full pipe buffer.
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = binary
    process.arguments = args
    if let cwd { process.currentDirectoryURL = cwd }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    let finished = done.wait(timeout: .now() + timeout) == .success
    if !finished {
        process.terminate()
        process.waitUntilExit()
    }
    try? outHandle.close()
    try? errHandle.close()
    let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    guard finished else {
        throw CLIRunner.Failure(
            "dlstudy \(args.joined(separator: " ")) ran longer than \(Int(timeout)) s and was killed; output so far:\n\(stdout)\n\(stderr)"
        )
    }
    return CLIResult(exitCode: process.terminationStatus, stdout: stdout, stderr: stderr)
}

enum CLIRunner {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The repository's root folder (this file is `Tests/CLITests/CLIRunner.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private final class BundleMarker {}

    /// The `dlstudy` executable to test: `$DLSTUDY_EXECUTABLE` when set; else the one built next
    /// to this test bundle (same build, same configuration: `.build/<triple>/<config>/`); else the
    /// newer of the repository's `.build/release/dlstudy` and `.build/debug/dlstudy`.
    static func executable() throws -> URL {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["DLSTUDY_EXECUTABLE"], !path.isEmpty {
            guard fm.isExecutableFile(atPath: path) else {
                throw Failure("DLSTUDY_EXECUTABLE=\(path) is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        // The test bundle is a directory on macOS and an executable on Linux; look beside both.
        let beside = [
            Bundle(for: BundleMarker.self).bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("dlstudy") }
        if let found = beside.first(where: { fm.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        let built = ["release", "debug"]
            .map { repositoryRoot.appendingPathComponent(".build/\($0)/dlstudy") }
            .filter { fm.isExecutableFile(atPath: $0.path) }
        func modified(_ url: URL) -> Date {
            ((try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date)
                ?? .distantPast
        }
        if let newest = built.max(by: { modified($0) < modified($1) }) { return newest }
        throw Failure(
            "no dlstudy executable found (looked in \((beside + built).map(\.path).joined(separator: ", "))); build it with `swift build -c release` or set DLSTUDY_EXECUTABLE"
        )
    }

    /// A new empty folder under the system's temporary folder; the caller removes it.
    static func temporaryDirectory(_ prefix: String = "dlstudy-cli") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
