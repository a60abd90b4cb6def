// swift-tools-version:5.4
// (5.4 on purpose: from 5.5 on, SwiftPM links an executable with `main` renamed to
// `<Target>_main` so tests can import it, which leaves a libFuzzer target without its `main`.)
// libFuzzer targets for dlstudy's parsers: one executable per fuzzer, each defining
// `LLVMFuzzerTestOneInput`. Build and run them with `scripts/fuzz.sh` (see README.md); a plain
// `swift build` here makes no sense without `-sanitize=fuzzer`.
import PackageDescription

let fuzzers: [(name: String, products: [String])] = [
    ("FuzzRunSpec", ["DLCore"]),
    ("FuzzNPY", ["DLCore"]),
    ("FuzzNPZ", ["DLCore"]),
    ("FuzzIDX", ["DLCore"]),
    ("FuzzCSV", ["DLCore"]),
    ("FuzzSafeTensors", ["DLCore"]),
    ("FuzzBaseline", ["DLCore", "DLStudy"]),
]

let package = Package(
    name: "dlstudy-fuzz",
    dependencies: [.package(name: "dlstudy", path: "..")],
    targets: fuzzers.map { f in
        .executableTarget(name: f.name, dependencies: f.products.map { .product(name: $0, package: "dlstudy") })
    }
)
