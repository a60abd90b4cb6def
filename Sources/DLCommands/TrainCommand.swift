import ArgumentParser
import DLCore
import DLFiles
import DLStudy
import Foundation

/// `dlstudy train SPEC.json`: one run, outside any study.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one run spec and write its metrics (and weights).",
        discussion: """
            Writes metrics.csv and metrics.json (one row per epoch: epoch, step, lr, train, \
            validation and test loss and accuracy, elapsed seconds), run.json (the spec as run) \
            and, with --save-weights, weights.safetensors with PyTorch nn.Sequential names. \
            A spec's snapshots hook writes each snapshot as snapshots/NAME.safetensors. \
            A run whose loss becomes NaN or infinite stops, is recorded as diverged, and the \
            command exits 0. An invalid spec exits 2 before any training.
            """)

    @Argument(help: "A RunSpec JSON file (see the README and examples/).")
    var spec: String

    @Option(name: .shortAndLong, help: "Folder for the outputs (default: output/train/<spec name>).")
    var out: String?

    @Flag(help: "Write the final weights as weights.safetensors.")
    var saveWeights = false

    @Option(help: "Override the spec's seed.")
    var seed: UInt64?

    @Option(help: ArgumentHelp("A study's run cache (<output>/.cache/runs), for a spec that starts from another run's weights or mask.", valueName: "dir"))
    var cache: String?

    func run() throws {
        BLAS.setThreads(1)
        let url = URL(fileURLWithPath: spec)
        var runSpec: RunSpec
        let trainer: Trainer
        do {
            runSpec = try RunSpec.load(from: url)
            if let seed { runSpec.seed = seed }
            trainer = try Trainer(spec: runSpec, baseDirectory: url.deletingLastPathComponent(),
                                  artefacts: cache.map { RunCache(root: URL(fileURLWithPath: $0)) })
        } catch let e as SpecError {
            throw CLIError.invalidInput("invalid run spec \(spec): \(e.description)")
        } catch let e as DataError {
            throw CLIError.invalidInput("invalid data in \(spec): data: \(e.description)")
        } catch let e as LRScheduleError {
            throw CLIError.invalidInput("invalid run spec \(spec): \(e.description)")
        } catch let e as CheckpointError {
            // The checkpoints a spec reads: its initialWeights file, or the run it starts from.
            throw CLIError.invalidInput("invalid run spec \(spec): initialWeights or start.weights: \(e.description)")
        } catch let e as ArtefactError {
            throw CLIError.invalidInput("invalid run spec \(spec): start: \(e.description)")
        }
        let folder = URL(fileURLWithPath: out ?? "output/train/\(url.deletingPathExtension().lastPathComponent)")
        let keepWeights = saveWeights || runSpec.record.keepWeights
        try prepare(folder, keepWeights: keepWeights)

        let progress = ProgressLine(label: url.lastPathComponent)
        progress.note("\(trainer.model.parameterCount) parameters, batch \(runSpec.batchSize), \(runSpec.optimizer.label)")
        trainer.onEpoch = { p in
            var text = "epoch \(p.epoch)  step \(p.step)"
            if let total = p.totalSteps { text += "/\(total)" }
            if let l = p.loss { text += String(format: "  loss %.4f", l) }
            progress.update(text)
        }
        let record = trainer.run()
        progress.finish()

        do {
            try MetricsWriter.write(record, to: folder)
            try AtomicFile.write(runSpec.prettyJSON, to: folder.appendingPathComponent("run.json"))
            if keepWeights {
                try SafeTensors(tensors: trainer.model.stateDict(), metadata: ["spec_hash": record.specHash, "format": "pt"])
                    .write(to: folder.appendingPathComponent("weights.safetensors"))
            }
            if !trainer.snapshots.isEmpty {
                let snapshots = folder.appendingPathComponent(Self.snapshotFolder)
                try FileProblem.createFolder(snapshots)
                for (name, state) in trainer.snapshots {
                    try SafeTensors(tensors: state, metadata: ["spec_hash": record.specHash, "format": "pt", "snapshot": name])
                        .write(to: snapshots.appendingPathComponent("\(name).safetensors"))
                }
            }
        } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot write the outputs of \(spec): \(e.description)")
        } catch let e as CheckpointError {
            throw CLIError.invalidInput("cannot write the outputs of \(spec): \(e.description)")
        }
        switch record.status {
        case .diverged:
            print("diverged at step \(record.divergedAtStep ?? 0): the loss became NaN or infinite (lr \(runSpec.optimizer.lr)); metrics up to then are in \(folder.path)")
        default:
            if let f = record.final {
                print(String(format: "%@ after %d epochs (%d steps, %.1f s): train loss %.4f, test loss %.4f, test accuracy %.1f%%",
                             record.status.rawValue, f.epoch, f.step, record.wallSeconds, f.trainLoss ?? .nan, f.testLoss ?? .nan,
                             100 * (f.testAccuracy ?? .nan)))
            }
        }
        if let averaged = record.averagedWeights, averaged.updates > 0, record.status != .diverged {
            print("final metrics are of the \(averaged.method.uppercased()) average (\(averaged.updates) \(averaged.method == "swa" ? "epochs" : "steps")"
                  + (averaged.batchNormRecomputed ? ", batch-norm statistics recomputed" : "") + ")")
        }
        let snapshotNote = trainer.snapshots.isEmpty ? "" : ", \(Self.snapshotFolder)/ (\(record.snapshots?.joined(separator: ", ") ?? ""))"
        print("wrote \(folder.path)/metrics.csv, metrics.json, run.json\(keepWeights ? ", weights.safetensors" : "")\(snapshotNote)")
    }

    /// The files a run writes into its `--out` folder.
    static let outputs = ["metrics.csv", "metrics.json", "run.json", "weights.safetensors"]
    /// The folder of the snapshots hook's weights, one `NAME.safetensors` each.
    static let snapshotFolder = "snapshots"

    /// Makes the output folder before training, so an unusable `--out` fails before any work,
    /// and clears the outputs of an earlier run there, so the folder never mixes two runs (an old
    /// `weights.safetensors` beside a new record).
    func prepare(_ folder: URL, keepWeights: Bool) throws {
        do {
            try FileProblem.createFolder(folder)
            try AtomicFile.write(Data(), to: folder.appendingPathComponent(".writable"))
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(".writable"))
        } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot use --out \(folder.path): \(e.problem) — \(e.fix)")
        }
        AtomicFile.removeLeftovers(in: folder)
        for name in Self.outputs {
            let file = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: file.path) && unlink(file.path) != 0 {
                throw CLIError.invalidInput("cannot use --out \(folder.path): the earlier run's \(name) cannot be removed — \(FileProblem.writing(file.path, errno: errno).fix)")
            }
        }
        let snapshots = folder.appendingPathComponent(Self.snapshotFolder)
        for file in (try? FileManager.default.contentsOfDirectory(at: snapshots, includingPropertiesForKeys: nil)) ?? []
        where file.pathExtension == "safetensors" {
            if unlink(file.path) != 0 {
                throw CLIError.invalidInput("cannot use --out \(folder.path): the earlier run's \(Self.snapshotFolder)/\(file.lastPathComponent) cannot be removed — \(FileProblem.writing(file.path, errno: errno).fix)")
            }
        }
    }
}
