import ArgumentParser
import DLCore
import Foundation

/// `dlstudy data`: the built-in data sets, and a way to take them to NumPy and PyTorch.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "List the built-in data sets or export one as a NumPy .npz file.",
        subcommands: [DataExportCommand.self, DataListCommand.self])
}

/// `dlstudy data list`: every built-in data set with its shape, classes and knobs.
struct DataListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the built-in data sets, their sample shapes, classes and knobs (defaults).")

    func run() throws {
        let width = BuiltinData.names.map(\.count).max() ?? 8
        for name in BuiltinData.names {
            let data = BuiltinData.named(name)!
            let (train, test) = DataExportCommand.splitSizes(data)
            let head = name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            print(
                "\(head)samples \(data.sampleShape), \(data.classes) classes, \(train) train / \(test) test"
            )
            print(
                String(repeating: " ", count: width + 2) + "knobs: "
                    + DataExportCommand.knobsJSON(data))
        }
        print(
            "Export one with `dlstudy data export NAME --out FILE.npz` (see --help for the knobs).")
    }
}

/// `dlstudy data export NAME --out FILE.npz`: writes `x_train, y_train, x_test, y_test`
/// (float32 inputs shaped `[N] + sample shape`, int64 labels) for `numpy.load`.
struct DataExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a built-in data set as a NumPy .npz (x_train, y_train, x_test, y_test).",
        discussion: """
            Inputs are float32 shaped [N] + the sample shape ([N, 40] for mnist1d, \
            [N, 1, 16, 16] for shapes, [N, 3, 16, 16] for colorshapes), labels int64 [N]; load them with \
            `d = numpy.load(FILE)` and `d["x_train"]`. With no knobs, `mnist1d` is the \
            canonical MNIST-1D bit for bit. Every generator knob (see `dlstudy data list`) can \
            be set with --knobs '{"name": value}'; the flags below override it. The same data \
            in a run spec is "data": {"builtin": {NAME: {knobs}}}, which this command prints.
            """)

    @Argument(help: "The data set: one of \(BuiltinData.names.joined(separator: ", ")).")
    var name: String

    @Option(
        help: "The generator's seed (mnist1d: numpy's seed, default 42; the others: default 0).")
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "Training samples (mnist1d: --train + --test must be a multiple of 10).", valueName: "n"
        ))
    var train: Int?

    @Option(help: ArgumentHelp("Test samples.", valueName: "n"))
    var test: Int?

    @Option(
        help:
            "Noise std (spirals, moons, blobs, shapes, colorshapes; for mnist1d use --knobs with corrNoiseScale, iidNoiseScale)."
    )
    var noise: Double?

    @Option(help: "Image size in pixels (shapes and colorshapes only).")
    var size: Int?

    @Flag(help: "Shuffle the 40 positions by one fixed permutation (mnist1d only: `shuffleSeq`).")
    var shuffleSeq = false

    @Option(
        help: ArgumentHelp(
            "Any generator knobs as a JSON object, e.g. '{\"corrNoiseScale\": 0.5}'.",
            valueName: "json"))
    var knobs: String?

    @Flag(help: "Deflate the arrays (like numpy.savez_compressed).")
    var compressed = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The .npz file to write (folders are created).", valueName: "file"))
    var out: String

    func run() throws {
        let data = try resolve()
        let splits: DataSplits
        do { splits = try data.make() } catch let e as DataError {
            throw CLIError.invalidInput("\(name): \(e.description)")
        }
        let url = URL(fileURLWithPath: out)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw CLIError.invalidInput(
                "--out \(out) is a folder; give a file name such as \(url.appendingPathComponent("\(data.name).npz").path)"
            )
        }
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try splits.write(npz: url, compressed: compressed)
        } catch {
            throw CLIError.failed("cannot write \(url.path): \(error)")
        }
        func describe(_ split: String, _ d: Dataset) -> String {
            "x_\(split) float32 \(Shape([d.count] + d.sampleShape.dims)), y_\(split) int64 [\(d.count)]"
        }
        var parts = [describe("train", splits.train)]
        if let v = splits.validation { parts.append(describe("val", v)) }
        parts.append(describe("test", splits.test))
        print(
            "wrote \(url.path): \(parts.joined(separator: "; ")); \(splits.train.classes) classes")
        print("same data in a run spec: \"data\": {\"builtin\": \(data.description)}")
    }

    /// The data set the arguments ask for, or an `invalidInput` error (exit 2) that says why not.
    func resolve() throws -> BuiltinData {
        guard let defaults = BuiltinData.named(name) else {
            throw CLIError.invalidInput(BuiltinData.unknownNameMessage(name))
        }
        var data = try Self.apply(knobs: knobs, to: defaults)
        func unsupported(_ flag: String) -> CLIError {
            .invalidInput(
                "\(flag) does not apply to \(data.name); its knobs are \(Self.knobsJSON(data)) (set them with --knobs)"
            )
        }
        if let n = train, n < 1 {
            throw CLIError.invalidInput("--train \(n): use at least 1 sample")
        }
        if let n = test, n < 1 { throw CLIError.invalidInput("--test \(n): use at least 1 sample") }
        switch data {
        case .mnist1d(var c):
            if size != nil { throw unsupported("--size") }
            if let s = seed {
                guard let s32 = UInt32(exactly: s) else {
                    throw CLIError.invalidInput(
                        "--seed \(s): mnist1d seeds numpy's generator, which takes 0…\(UInt32.max)")
                }
                c.seed = s32
            }
            if noise != nil {
                throw CLIError.invalidInput(
                    "--noise does not apply to mnist1d, which has two noise knobs; use --knobs '{\"corrNoiseScale\": 0.25, \"iidNoiseScale\": 0.02}' (the defaults)"
                )
            }
            if shuffleSeq { c.shuffleSeq = true }
            if train != nil || test != nil {
                let oldTrain = Int(Double(c.numSamples / 10 * 10) * c.trainSplit)
                let nTrain = train ?? oldTrain
                let nTest = test ?? (c.numSamples / 10 * 10 - oldTrain)
                let total = nTrain + nTest
                guard total % 10 == 0 else {
                    throw CLIError.invalidInput(
                        "mnist1d makes the same number of examples of each of its 10 classes, so --train + --test must be a multiple of 10; got \(nTrain) + \(nTest) = \(total)"
                    )
                }
                c.numSamples = total
                // The generator trains on the first Int(total · trainSplit) shuffled examples.
                var split = Double(nTrain) / Double(total)
                while Int(Double(total) * split) < nTrain { split = split.nextUp }
                c.trainSplit = split
            }
            data = .mnist1d(c)
        case .spirals(var c):
            try applyToyKnobs(&c, unsupported)
            data = .spirals(c)
        case .moons(var c):
            try applyToyKnobs(&c, unsupported)
            data = .moons(c)
        case .blobs(var c):
            try applyToyKnobs(&c, unsupported)
            data = .blobs(c)
        case .shapes(var c):
            if shuffleSeq { throw unsupported("--shuffle-seq") }
            if let s = seed { c.seed = s }
            if let n = train { c.trainCount = n }
            if let n = test { c.testCount = n }
            if let noise { c.noise = noise }
            if let size { c.size = size }
            data = .shapes(c)
        case .colorShapes(var c):
            if shuffleSeq { throw unsupported("--shuffle-seq") }
            if let s = seed { c.seed = s }
            if let n = train { c.trainCount = n }
            if let n = test { c.testCount = n }
            if let noise { c.noise = noise }
            if let size { c.size = size }
            data = .colorShapes(c)
        }
        do { try data.validate() } catch let e as DataError {
            throw CLIError.invalidInput("\(data.name): \(e.description)")
        }
        return data
    }

    /// `defaults` with the knobs of a JSON object set; an unknown knob is an error naming the
    /// known ones (the generators' decoders would silently ignore it).
    static func apply(knobs: String?, to defaults: BuiltinData) throws -> BuiltinData {
        guard let knobs else { return defaults }
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: Data(knobs.utf8)) as? [String: Any]
            else {
                throw CLIError.invalidInput(
                    "--knobs takes a JSON object such as '{\"seed\": 3}'; got \(knobs)")
            }
            object = o
        } catch let e as CLIError { throw e } catch {
            throw CLIError.invalidInput(
                "--knobs is not valid JSON (\(knobs)); write an object such as '{\"seed\": 3}'")
        }
        let known = knobNames(defaults)
        for key in object.keys.sorted() where !known.contains(key) {
            let close = Suggestion.closest(to: key, in: known.sorted(), maxDistance: 3)
            let hint =
                close.map { " — did you mean '\($0)'?" } ?? ""
            throw CLIError.invalidInput(
                "--knobs: \(defaults.name) has no knob '\(key)'\(hint) (its knobs: \(known.sorted().joined(separator: ", ")))"
            )
        }
        let wrapped = "{\"\(defaults.name)\": \(knobs)}"
        do {
            return try JSONDecoder().decode(BuiltinData.self, from: Data(wrapped.utf8))
        } catch let e as DecodingError {
            let detail: String
            switch e {
            case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx),
                .keyNotFound(_, let ctx):
                let at = ctx.codingPath.dropFirst().map(\.stringValue).joined(separator: ".")
                detail = (at.isEmpty ? "" : "'\(at)': ") + ctx.debugDescription
            @unknown default: detail = "\(e)"
            }
            throw CLIError.invalidInput(
                "--knobs for \(defaults.name): \(detail); defaults are \(knobsJSON(defaults))")
        }
    }

    /// The knobs of `data` as one line of JSON (sorted keys).
    static func knobsJSON(_ data: BuiltinData) -> String {
        // `description` is {"name": {knobs}}; keep the inner object.
        let full = data.description
        guard let open = full.firstIndex(of: ":"), full.hasSuffix("}") else { return full }
        return String(full[full.index(after: open)..<full.index(before: full.endIndex)])
    }

    static func knobNames(_ data: BuiltinData) -> Set<String> {
        let inner = Data(knobsJSON(data).utf8)
        return Set(
            ((try? JSONSerialization.jsonObject(with: inner)) as? [String: Any])?.keys.map { $0 }
                ?? [])
    }

    /// Training and test sizes of a data set, without generating it.
    static func splitSizes(_ data: BuiltinData) -> (train: Int, test: Int) {
        switch data {
        case .mnist1d(let c):
            let total = c.numSamples / 10 * 10
            let train = Int(Double(total) * c.trainSplit)
            return (train, total - train)
        case .spirals(let c): return (c.trainCount, c.testCount)
        case .moons(let c): return (c.trainCount, c.testCount)
        case .blobs(let c): return (c.trainCount, c.testCount)
        case .shapes(let c): return (c.trainCount, c.testCount)
        case .colorShapes(let c): return (c.trainCount, c.testCount)
        }
    }
}

/// The knobs the 2-D toy sets share, so one function sets them from the command line.
protocol ToyKnobs {
    var seed: UInt64 { get set }
    var trainCount: Int { get set }
    var testCount: Int { get set }
    var noise: Double { get set }
}

extension SpiralsConfig: ToyKnobs {}
extension MoonsConfig: ToyKnobs {}
extension BlobsConfig: ToyKnobs {}

extension DataExportCommand {
    /// Applies --seed, --train, --test and --noise to a toy set's config; --size and
    /// --shuffle-seq do not apply to toy sets.
    func applyToyKnobs<C: ToyKnobs>(_ c: inout C, _ unsupported: (String) -> CLIError) throws {
        if size != nil { throw unsupported("--size") }
        if shuffleSeq { throw unsupported("--shuffle-seq") }
        if let s = seed { c.seed = s }
        if let n = train { c.trainCount = n }
        if let n = test { c.testCount = n }
        if let noise { c.noise = noise }
    }
}
