import ArgumentParser
import DLCore
import Foundation

/// `dlstudy bench`: training throughput of the engine beside PyTorch's reference figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure training throughput (samples/s) of the reference MLP and CNN on one thread.",
        discussion: """
            Each figure is the median of --epochs timed epochs over 4000 samples of 40 values \
            (after one warm-up epoch), training with SGD (lr 0.01, momentum 0.9). When python3 \
            can import torch, benchmarks/pytorch_bench.py measures PyTorch on the same workload \
            in the same run, alternating with ours over --rounds rounds, and the ratio is the \
            median of the rounds' ratios. Otherwise the PyTorch column shows benchmarks/README.md's \
            reference figure, measured on another machine, and no ratio is printed. Besides \
            wall-clock figures it reports the thread's CPU time, which a busy machine does not inflate, \
            and the share of the sgemm peak: the fastest epoch against the fastest of the 1024³ OpenBLAS \
            products timed between the epochs.
            """)

    @Option(help: "auto: measure PyTorch side by side when python3 can import torch; off: never.")
    var pytorch = "auto"

    @Option(help: "The PyTorch side's script (default: benchmarks/pytorch_bench.py of this repository).")
    var pytorchScript: String?

    @Option(help: "Rounds of ours-then-PyTorch per figure, when PyTorch is measured.")
    var rounds = 3

    @Option(name: .long, parsing: .upToNextOption, help: "Batch sizes to measure.")
    var batchSizes: [Int] = [16, 64, 256, 1024]

    @Option(help: "Timed epochs per figure (the median is reported).")
    var epochs = 5

    @Option(help: "Only the workloads whose name contains this text (e.g. mlp, cnn).")
    var model: String?

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Samples per forward/backward pass within a batch; 0 runs every batch in one pass.",
            discussion: "Default: the engine's (\(ClassifierStep.defaultChunkSize))."))
    var chunkSize: Int?

    @Flag(help: "Instead of throughput, print where a training step's time goes, layer by layer.")
    var layers = false

    func validate() throws {
        if let bad = batchSizes.first(where: { $0 <= 0 || $0 > 4000 }) {
            throw ValidationError(
                "batch size \(bad) is out of range: use sizes from 1 to 4000 "
                    + "(the benchmark set has 4000 samples).")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1.") }
        guard ["auto", "off"].contains(pytorch) else { throw ValidationError("--pytorch takes auto or off, got '\(pytorch)'.") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1.") }
        if let c = chunkSize, c < 0 {
            throw ValidationError("--chunk-size must be 0 (no chunks) or positive, got \(c).")
        }
    }

    func run() throws {
        BLAS.setThreads(1)
        var bench = ThroughputBenchmark()
        bench.epochs = epochs
        bench.chunkSize = chunkSize.map { $0 == 0 ? Int.max : $0 }
        let peak = ThroughputBenchmark.sgemmPeak()
        let workloads = ThroughputBenchmark.referenceWorkloads.filter {
            model == nil || $0.name.contains(model!)
        }
        if workloads.isEmpty {
            let names = ThroughputBenchmark.referenceWorkloads.map(\.name)
            throw ValidationError(
                "no workload matches '\(model!)': choose from \(names.joined(separator: ", ")).")
        }
        if layers {
            for w in workloads {
                for b in batchSizes {
                    let parts = bench.breakdown(w, batchSize: b)
                    let total = parts.reduce(0) { $0 + $1.forward + $1.backward }
                    let us = String(format: "%.0f", total)
                    print("\(w.name), batch \(b): \(us) us per step (median per part, one pass)")
                    print(
                        "  " + pad("part", 48) + pad("forward", 10) + pad("backward", 10) + "share")
                    for p in parts {
                        print(
                            "  " + pad(p.part, 48) + pad(String(format: "%.1f", p.forward), 10)
                                + pad(String(format: "%.1f", p.backward), 10)
                                + String(format: "%.0f%%", 100 * (p.forward + p.backward) / total))
                    }
                }
            }
            return
        }
        var results: [ThroughputBenchmark.Result] = []
        let side: PyTorchBench?
        let sideNote: String
        switch pytorch == "off" ? .failure(PyTorchBench.Failure("--pytorch off")) : PyTorchBench.detect(script: pytorchScript) {
        case .success(let s):
            side = s
            sideNote = "PyTorch \(s.version): measured side by side (\(s.script.lastPathComponent), one thread), alternating with ours, "
                + "\(rounds) round\(rounds == 1 ? "" : "s") per figure; ratio = median of the rounds' ratios"
        case .failure(let why):
            side = nil
            sideNote = "PyTorch not measured (\(why)): the PyTorch column is benchmarks/README.md's reference, "
                + "measured on another machine (AMD EPYC 2-vCPU VM with AVX-512), so no ratio is printed"
        }
        if !json {
            print(sideNote)
            let gflops = String(format: "%.1f", peak)
            let own = String(format: "%.1f", ThroughputBenchmark.sgemmPeak(openBLAS: false))
            print("products: \(MatrixMultiply.path.rawValue) kernel (\(NumericPlatform.current)), 1024³ peak \(own) GFLOP/s; "
                + "OpenBLAS \(BLAS.coreName) sgemm peak \(gflops) GFLOP/s (best of 10); one thread")
            print(
                pad("model", 20) + pad("params", 8) + pad("batch", 7) + pad("samples/s", 11)
                    + pad("us/step", 9)
                    + pad("GFLOP/s", 9) + pad("% peak", 8) + pad("PyTorch", 9) + pad("ratio", 8)
                    + pad("on-CPU", 8) + pad("cpu s/s", 10) + "cpu ratio")
        }
        for w in workloads {
            for b in batchSizes {
                let r: ThroughputBenchmark.Result
                if let side {
                    var rounds: [ThroughputBenchmark.Result] = []
                    for _ in 0..<self.rounds {
                        let ours = bench.run(w, batchSize: b)
                        let theirs = try side.samplesPerSecond(model: w.name, batch: b, epochs: epochs)
                        rounds.append(ours.comparing(toPyTorch: theirs))
                    }
                    // The round with the median ratio (a real round: its figures belong together).
                    r = rounds.sorted { ($0.ratioToPyTorch ?? 0) < ($1.ratioToPyTorch ?? 0) }[rounds.count / 2]
                } else {
                    r = bench.run(w, batchSize: b)
                }
                results.append(r)
                let shown = r.pytorchSamplesPerSecond ?? w.pytorch[b]
                if !json {
                    print(
                        pad(r.model, 20) + pad("\(r.parameters)", 8) + pad("\(b)", 7)
                            + pad(String(format: "%.0f", r.samplesPerSecond), 11)
                            + pad(String(format: "%.0f", r.microsecondsPerStep), 9)
                            + pad(String(format: "%.2f", r.gflops), 9)
                            + pad(String(format: "%.1f%%", r.percentOfPeak), 8)
                            + pad(shown.map { String(format: side == nil ? "(%.0f)" : "%.0f", $0) } ?? "-", 9)
                            + pad(r.ratioToPyTorch.map { String(format: "%.2f×", $0) } ?? "-", 8)
                            + pad(String(format: "%.0f%%", 100 * r.onCPU), 8)
                            + pad(String(format: "%.0f", r.cpuSamplesPerSecond), 10)
                            + (r.cpuRatioToPyTorch.map { String(format: "%.2f×", $0) } ?? "-"))
                }
            }
        }
        if !json {
            print(
                """
                ratio: our wall-clock samples/s over PyTorch's, measured side by side (one thread, \
                same workload); "-" when PyTorch was not measured here (a figure in parentheses is \
                the reference from another machine, not a yardstick).
                GFLOP/s: of the median epoch. % peak: the fastest epoch's GFLOP/s over the fastest \
                of the 1024³ OpenBLAS products timed one before each epoch (best against best, \
                over the same stretch of time: a busy machine slows calls down, never speeds one up).
                on-CPU: share of the median epoch's wall time the training thread was running; \
                below 100% other processes took the core. cpu s/s and cpu ratio use the \
                thread's CPU time instead.
                """)
            print(Self.flopNote(workloads))
        }
        if json {
            struct Report: Codable {
                let blas: String
                let sgemmPeakGFLOPS: Double
                /// How the PyTorch figures were obtained (side by side, or not at all).
                let pytorch: String
                let results: [ThroughputBenchmark.Result]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(
                Report(blas: BLAS.description, sgemmPeakGFLOPS: peak, pytorch: sideNote, results: results))
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// What GFLOP/s counts against the products a step does: 6 × forward MACs per sample
    /// (model FLOPs, as PyTorch's reference figure counts them) includes the first layer's input
    /// gradient, which no step computes.
    static func flopNote(_ workloads: [ThroughputBenchmark.Workload]) -> String {
        let items = workloads.map { w -> String in
            let model = w.make()
            let counted = 6 * model.forwardMACs(for: w.sampleShape), done = 2 * model.stepMACs(for: w.sampleShape)
            return "\(w.name) \(counted) counted, \(done) done (\(String(format: "%.1f", 100 * Double(counted - done) / Double(done)))% more)"
        }
        return "FLOPs per sample: GFLOP/s and % peak count 6 × forward multiply-accumulates (model FLOPs, as PyTorch's reference "
            + "does), which include the first layer's input gradient that no step computes: " + items.joined(separator: "; ") + "."
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
