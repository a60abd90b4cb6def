// swift-tools-version:6.0
import PackageDescription

/// Modules that only orchestrate, analyse a few hundred numbers or lay out reports and plots (the
/// arithmetic per sample runs in DLCore and CKernels): optimizing them bought no measurable speed
/// and cost most of a first build's CPU time, so release builds compile them without optimization.
let orchestration: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "dlstudy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dlstudy", targets: ["dlstudy"]),
        .library(name: "DLCore", targets: ["DLCore"]),
        .library(name: "DLPlot", targets: ["DLPlot"]),
        // For fuzz/ (a package of its own that depends on this one): the baseline-file reader.
        .library(name: "DLStudy", targets: ["DLStudy"]),
        // For packages made by `dlstudy init`: the whole command line over their own studies.
        .library(name: "DLCommands", targets: ["DLCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // Study files (DLStudyFile); tests also read the exported Kubernetes manifest back with it.
        .package(url: "https://github.com/jpsim/Yams", "5.0.1"..<"7.0.0"),
    ],
    targets: [
        // System-library shims: nothing but one Swift file per shim imports these.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),

        // Atomic writes, file locks and file errors a person can act on; shared by every layer.
        .target(name: "DLFiles"),

        // SHA-256 (cache keys, checksums, file digests, the report script's CSP hash). Our own,
        // checked against the NIST vectors: swift-crypto's BoringSSL took most of a first build.
        .target(name: "DLHash"),

        // The engine's own matrix-product kernels (fixed summation order on every CPU).
        .target(name: "CKernels"),

        .target(
            name: "DLCore",
            dependencies: [
                "CBLAS", "CKernels", "DLFiles", "DLHash",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
        .target(name: "DLPlot", dependencies: ["CCairo", "DLFiles"], swiftSettings: orchestration),
        .target(name: "DLReport", dependencies: ["DLFiles", "DLHash", .product(name: "Ink", package: "Ink")], swiftSettings: orchestration),
        .target(
            name: "DLStudy",
            dependencies: ["DLCore", "DLFiles", "DLHash", "DLPlot", "DLReport"], swiftSettings: orchestration),
        // Studies written as YAML files (`dlstudy run path/to/study.yaml`), built into `Study` values.
        .target(name: "DLStudyFile", dependencies: ["DLCore", "DLStudy", .product(name: "Yams", package: "Yams")], swiftSettings: orchestration),
        // The study scripts: one file per study, registered in studies/Registry.swift.
        .target(name: "Studies", dependencies: ["DLStudy"], path: "studies", exclude: ["baselines"], swiftSettings: orchestration),
        // The command line: subcommands live in DLCommands so tests can reach them; the executable
        // only calls `DLStudyCommand.main()`.
        .target(
            name: "DLCommands",
            dependencies: [
                "DLCore", "DLFiles", "DLPlot", "DLReport", "DLStudy", "DLStudyFile", "Studies",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: orchestration),
        .executableTarget(name: "dlstudy", dependencies: ["DLCommands"]),

        .target(name: "TestSupport", dependencies: ["DLCore"], path: "Tests/TestSupport"),
        .testTarget(name: "DLCoreTests", dependencies: ["DLCore", "DLHash", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DLFilesTests", dependencies: ["DLFiles"]),
        .testTarget(name: "DLHashTests", dependencies: ["DLHash"]),
        .testTarget(name: "DLPlotTests", dependencies: ["DLPlot"]),
        .testTarget(name: "DLReportTests", dependencies: ["DLReport"]),
        .testTarget(name: "DLStudyTests", dependencies: ["DLStudy", "Studies", "TestSupport"]),
        .testTarget(name: "DLStudyFileTests", dependencies: ["DLStudyFile", "DLStudy", "DLCore"]),
        .testTarget(name: "CLITests", dependencies: ["DLCommands", "DLStudy", "Studies", .product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v5]
)
