import Foundation
import XCTest

/// `dlstudy init NAME`: a package that depends on this checkout and is the whole command line
/// over its own studies.
final class InitCommandTests: XCTestCase {
    let root = CLIRunner.repositoryRoot

    func folder() throws -> URL {
        let out = try CLIRunner.temporaryDirectory("init")
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        return out
    }

    func testInitWritesAPackageThatDependsOnTheCheckout() throws {
        let out = try folder()
        let pkg = out.appendingPathComponent("pkg")
        let r = try dlstudy(["init", "my-studies", "--path", pkg.path, "--dlstudy-path", root.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.contains("my-studies: a study package in \(pkg.path), depending on dlstudy at \(root.standardizedFileURL.path)"), r.output)
        let files = ["Package.swift", "Sources/my-studies/main.swift", "Sources/my-studies/FirstStudy.swift", "README.md", ".gitignore"]
        for f in files { XCTAssertTrue(FileManager.default.fileExists(atPath: pkg.appendingPathComponent(f).path), f) }
        let manifest = try String(contentsOf: pkg.appendingPathComponent("Package.swift"), encoding: .utf8)
        let identity = root.standardizedFileURL.lastPathComponent.lowercased()
        XCTAssertTrue(manifest.contains(".package(path: \"\(root.standardizedFileURL.path)\")"), manifest)
        XCTAssertTrue(manifest.contains(".product(name: \"DLCommands\", package: \"\(identity)\")"), manifest)
        let main = try String(contentsOf: pkg.appendingPathComponent("Sources/my-studies/main.swift"), encoding: .utf8)
        XCTAssertTrue(main.contains("DLStudyCommand.main(studies: [FirstStudy.study], includingBuiltIn: false)"), main)

        let again = try dlstudy(["init", "my-studies", "--path", pkg.path, "--dlstudy-path", root.path])
        XCTAssertEqual(again.exitCode, 2, again.output)
        XCTAssertTrue(again.stderr.contains("exists and is not empty: choose another --path"), again.output)
    }

    func testInitByURLPinsABranch() throws {
        let out = try folder()
        let pkg = out.appendingPathComponent("u")
        let r = try dlstudy(["init", "u", "--path", pkg.path, "--dlstudy-url", "https://example.org/x/dlstudy.git", "--dlstudy-branch", "dev"])
        XCTAssertEqual(r.exitCode, 0, r.output)
        let manifest = try String(contentsOf: pkg.appendingPathComponent("Package.swift"), encoding: .utf8)
        XCTAssertTrue(manifest.contains(".package(url: \"https://example.org/x/dlstudy.git\", branch: \"dev\")"), manifest)
        XCTAssertTrue(manifest.contains("package: \"dlstudy\")"), manifest)
    }

    func testInitRejectsBadInput() throws {
        let out = try folder()
        let name = try dlstudy(["init", "my studies", "--path", out.appendingPathComponent("a").path])
        XCTAssertEqual(name.exitCode, 2, name.output)
        XCTAssertTrue(name.stderr.contains("'my studies' is not a package name"), name.output)
        let both = try dlstudy(["init", "x", "--path", out.appendingPathComponent("b").path, "--dlstudy-path", root.path, "--dlstudy-url", "https://e.org/d.git"])
        XCTAssertEqual(both.exitCode, 2, both.output)
        XCTAssertTrue(both.stderr.contains("give --dlstudy-path or --dlstudy-url, not both"), both.output)
        let nowhere = try dlstudy(["init", "x", "--path", out.appendingPathComponent("c").path, "--dlstudy-path", out.path])
        XCTAssertEqual(nowhere.exitCode, 2, nowhere.output)
        XCTAssertTrue(nowhere.stderr.contains("has no Package.swift"), nowhere.output)
    }

    /// Builds a generated package against this checkout and runs its `list` and `run --profile
    /// quick`. A build of every dlstudy module from scratch takes minutes, so this runs only
    /// with DLSTUDY_TEST_INIT_BUILD=1 (`.ci/run` sets it in a step of its own); the scratch
    /// folder is DLSTUDY_TEST_INIT_SCRATCH when set, so repeated runs build incrementally.
    func testGeneratedPackageBuildsAndRunsItsStudy() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipUnless(env["DLSTUDY_TEST_INIT_BUILD"] == "1", "set DLSTUDY_TEST_INIT_BUILD=1 to build a generated package (minutes)")
        let out = try folder()
        let pkg = out.appendingPathComponent("mine")
        XCTAssertEqual(try dlstudy(["init", "mine", "--path", pkg.path, "--dlstudy-path", root.path]).exitCode, 0)
        let scratch = env["DLSTUDY_TEST_INIT_SCRATCH"].map { URL(fileURLWithPath: $0) } ?? out.appendingPathComponent("build")
        let start = Date()
        let build = try run("swift", ["build", "--package-path", pkg.path, "--scratch-path", scratch.path], timeout: 3600)
        XCTAssertEqual(build.status, 0, build.output)
        print("InitCommandTests: the generated package built in \(Int(Date().timeIntervalSince(start))) s")
        let binary = scratch.appendingPathComponent("debug/mine")

        let list = try dlstudy(["list", "--profile", "quick", "--output", out.appendingPathComponent("output").path], executable: binary)
        XCTAssertEqual(list.exitCode, 0, list.output)
        XCTAssertTrue(list.stdout.hasPrefix("first  A larger learning rate trains further in a fixed budget  [0/4 runs cached, quick]"), list.output)
        XCTAssertFalse(list.stdout.contains("batchsize"), "only the package's own studies")

        let results = out.appendingPathComponent("output")
        let r = try dlstudy(["run", "first", "--profile", "quick", "--output", results.path], executable: binary)
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.contains("first: 4 trained, 0 cached"), r.output)
        let page = try String(contentsOf: results.appendingPathComponent("first/index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("lower than at lr 0.03"), "the Swift prose ran")
        // Study files work in the package's command line too.
        let file = try dlstudy(["plan", root.appendingPathComponent("examples/studies/momentum.yaml").path, "--profile", "quick"], executable: binary)
        XCTAssertEqual(file.exitCode, 0, file.output)
    }

    func run(_ program: String, _ args: [String], timeout: TimeInterval) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + args
        let log = try CLIRunner.temporaryDirectory("init-log").appendingPathComponent("log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 1) }
        if p.isRunning { p.terminate(); p.waitUntilExit() }
        try? handle.close()
        return (p.terminationStatus, String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self).suffix(4000).description)
    }
}
