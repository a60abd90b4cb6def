import Foundation

/// PyTorch's side of `dlstudy bench`, measured in the same run: `benchmarks/pytorch_bench.py`
/// run by `python3` for one workload and batch size at a time, alternating with ours, so both
/// see the same machine in the same state.
struct PyTorchBench {
    let python: String
    let script: URL
    let version: String

    /// The script and an importable torch, or why not.
    static func detect(script: String?) -> Result<PyTorchBench, Failure> {
        let candidates = script.map { [URL(fileURLWithPath: $0)] } ?? [
            URL(fileURLWithPath: "benchmarks/pytorch_bench.py"),
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("../../../benchmarks/pytorch_bench.py").standardizedFileURL,
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            return .failure(Failure("benchmarks/pytorch_bench.py not found (run from the repository, or pass --pytorch-script)"))
        }
        guard let (status, out) = try? run("python3", ["-c", "import torch; print(torch.__version__)"]), status == 0 else {
            return .failure(Failure("PyTorch is not importable by python3 (pip install torch, CPU is enough)"))
        }
        return .success(PyTorchBench(python: "python3", script: found, version: out.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// PyTorch's samples/s for `model` at `batch` (median of `epochs` timed epochs, one thread).
    func samplesPerSecond(model: String, batch: Int, epochs: Int) throws -> Double {
        let (status, out) = try Self.run(python, [script.path, "--json", "--model", model, "--batch-sizes", "\(batch)", "--epochs", "\(epochs)"])
        struct Output: Decodable { struct Row: Decodable { var model: String; var samplesPerSecond: Double }; var results: [Row] }
        guard status == 0, let rows = try? JSONDecoder().decode(Output.self, from: Data(out.utf8)).results,
              let row = rows.first(where: { $0.model == model }) else {
            throw Failure("\(script.path) --model \(model) failed (exit \(status)): \(out.suffix(300))")
        }
        return row.samplesPerSecond
    }

    /// Runs a program found on PATH; its standard output, and its exit status.
    static func run(_ program: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.merging(["OMP_NUM_THREADS": "1"]) { $1 }
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
