import DLHash
import Foundation

/// One fully resolved training run: everything that determines its numbers.
///
/// Same spec, same bits: the trainer draws every random number from streams named after their
/// use and derived from `seed` ("init", "data-order", "dropout/<layer>", "augmentation"), so a
/// spec replays exactly, and runs that differ only in one field share the rest (common random
/// numbers: two batch sizes at one seed start from the same weights and see the same order).
public struct RunSpec: Codable, Hashable, Sendable {
    public var data: DataSpec
    public var model: ModelSpec
    public var initialization: InitScheme
    /// Start from these weights (a safetensors file with PyTorch names) instead of initializing.
    public var initialWeights: String?
    /// Start from another run's artefacts (staged runs); encoded only when set.
    public var start: StartPoint?
    public var optimizer: OptimizerSpec
    public var schedule: LRSchedule
    public var penalty: Penalty
    public var earlyStopping: EarlyStoppingConfig?
    public var augmentation: [Augmentation]
    public var batchSize: Int
    /// Drop the last partial batch of every epoch.
    public var dropLast: Bool
    public var budget: Budget
    public var seed: UInt64
    public var shuffle: Bool
    public var record: RecordSpec
    /// What the run does besides training at fixed points of the loop: gradient clipping, weight
    /// averaging (SWA, EMA), weight snapshots (`TrainingHook`). Empty by default.
    public var hooks: [TrainingHook] {
        get { hookList ?? [] }
        set { hookList = newValue.isEmpty ? nil : newValue }
    }
    /// `hooks`, nil when empty: the synthesized encoding leaves a nil optional out, so a spec
    /// without hooks encodes (and hashes, and caches) exactly as before hooks existed.
    private var hookList: [TrainingHook]?

    public init(
        data: DataSpec = .mnist1d, model: ModelSpec, initialization: InitScheme = .pytorchDefault,
        initialWeights: String? = nil, start: StartPoint? = nil, optimizer: OptimizerSpec, schedule: LRSchedule = .constant,
        penalty: Penalty = Penalty(), earlyStopping: EarlyStoppingConfig? = nil, augmentation: [Augmentation] = [],
        batchSize: Int, dropLast: Bool = false, budget: Budget, seed: UInt64 = 0, shuffle: Bool = true,
        record: RecordSpec = RecordSpec()
    ) {
        self.data = data; self.model = model; self.initialization = initialization
        self.initialWeights = initialWeights; self.start = start; self.optimizer = optimizer; self.schedule = schedule
        self.penalty = penalty; self.earlyStopping = earlyStopping; self.augmentation = augmentation
        self.batchSize = batchSize; self.dropLast = dropLast; self.budget = budget; self.seed = seed
        self.shuffle = shuffle; self.record = record
        hookList = nil  // no hooks; set `hooks` to add some
    }

    enum CodingKeys: String, CodingKey {
        case data, model, initialization, initialWeights, start, optimizer, schedule, penalty, earlyStopping
        case augmentation, batchSize, dropLast, budget, seed, shuffle, record
        case hookList = "hooks"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decode(.data, default: .mnist1d)
        model = try c.decode(ModelSpec.self, forKey: .model)
        initialization = try c.decode(.initialization, default: .pytorchDefault)
        initialWeights = try c.decodeIfPresent(String.self, forKey: .initialWeights)
        start = try c.decodeIfPresent(StartPoint.self, forKey: .start)
        optimizer = try c.decode(OptimizerSpec.self, forKey: .optimizer)
        schedule = try c.decode(.schedule, default: .constant)
        penalty = try c.decode(.penalty, default: Penalty())
        earlyStopping = try c.decodeIfPresent(EarlyStoppingConfig.self, forKey: .earlyStopping)
        augmentation = try c.decode(.augmentation, default: [])
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        dropLast = try c.decode(.dropLast, default: false)
        budget = try c.decode(Budget.self, forKey: .budget)
        seed = try c.decode(.seed, default: 0)
        shuffle = try c.decode(.shuffle, default: true)
        record = try c.decode(.record, default: RecordSpec())
        hooks = try c.decode(.hookList, default: [])
    }

    /// The spec as canonical JSON: sorted keys, every field spelled out, no extra white space.
    /// Two specs are the same run exactly when their canonical JSON is the same.
    public var canonicalJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }

    /// Readable JSON for files people open (`run.json`).
    public var prettyJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }

    /// SHA-256 of the canonical JSON and the engine version, hex: the run's cache key.
    public var hash: String {
        var h = SHA256()
        h.update(data: canonicalJSON)
        h.update(data: Data(Engine.version.utf8))
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }


    /// Reads a spec from a JSON file, with errors that say where the JSON is wrong.
    public static func load(from url: URL) throws -> RunSpec {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SpecError(field: url.path, problem: "cannot read the file", fix: "check the path")
        }
        return try decode(data, fileName: url.lastPathComponent)
    }

    /// Reads a spec from JSON text; `file` names it in errors. Strict RFC 8259 JSON first (no
    /// trailing commas, no duplicate keys, numbers a double can hold), then the format, then
    /// unknown keys, each error naming the line or field and the fix.
    public static func decode(_ data: Data, fileName file: String) throws -> RunSpec {
        do { try StrictJSON.validate(data) } catch let p as StrictJSON.Problem {
            let fix = p.message.hasPrefix("duplicate") ? "a JSON object names each key once: keep one of the two"
                : p.message.hasPrefix("trailing comma") ? "remove that comma" : "fix the JSON there"
            throw SpecError(field: p.path.isEmpty ? file : p.path, problem: "not valid JSON: \(p.message) at line \(p.line), column \(p.column)", fix: fix)
        }
        let spec: RunSpec
        do { spec = try JSONDecoder().decode(RunSpec.self, from: data) } catch let e as DecodingError {
            if let syntax = JSONSyntaxError.locate(in: data) {
                throw SpecError(field: file, problem: "not valid JSON: \(syntax)",
                                fix: "fix the JSON there (a stray or missing comma, quote or brace is the usual cause)")
            }
            if case .dataCorrupted(let c) = e, c.codingPath.isEmpty, c.underlyingError == nil, let (path, text) = Self.numberThatDoesNotFit(data) {
                throw SpecError(field: path, problem: "\(text) does not fit this field, which takes \(Self.wholeNumberRange(text))",
                                fix: "write a whole number without a fraction or exponent (docs/runspec.md gives each field's range)")
            }
            throw SpecError(field: file, problem: Self.describe(e), fix: "see the RunSpec format in docs/runspec.md")
        }
        if let (path, suggestion) = spec.unknownKeys(in: data).first {
            throw SpecError(field: path, problem: "unknown field in \(file)",
                            fix: suggestion.map { "did you mean '\($0)'?" } ?? "remove it (docs/runspec.md lists every field)")
        }
        return spec
    }

    /// The number that made decoding fail, when one did. Foundation's decoder says only "The
    /// given data was not valid JSON" for a number its field's type cannot hold (`"seed": -1`,
    /// `"batchSize": 50.5`), naming no field; so each number that is not a plain integer is put
    /// back as `1`, in document order, and the first whose replacement lets decoding get past
    /// that failure is the one.
    static func numberThatDoesNotFit(_ data: Data) -> (path: String, text: String)? {
        let bytes = Array(data)
        guard let numbers = try? StrictJSON.numbers(in: bytes) else { return nil }
        func stillCorrupt(_ candidate: [UInt8]) -> Bool {
            do { _ = try JSONDecoder().decode(RunSpec.self, from: Data(candidate)); return false } catch DecodingError.dataCorrupted(let c) {
                return c.codingPath.isEmpty && c.underlyingError == nil
            } catch { return false }
        }
        for n in numbers where Int64(n.text) == nil || n.text.hasPrefix("-") {
            var candidate = bytes
            candidate.replaceSubrange(n.range, with: Array("1".utf8))
            if !stillCorrupt(candidate) { return (n.path, n.text) }
        }
        return nil
    }

    /// What a whole-number field takes, said for the number that did not fit.
    static func wholeNumberRange(_ text: String) -> String {
        if text.hasPrefix("-") && !text.contains(".") && !text.lowercased().contains("e") { return "a whole number 0 … 2⁶⁴−1 (no negatives)" }
        return "a whole number (at most 9223372036854775807, written without a fraction or exponent)"
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing field '\(path(ctx.codingPath + [key]))'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): return "wrong type at '\(path(ctx.codingPath))': \(ctx.debugDescription)"
        case .dataCorrupted(let ctx):
            let at = path(ctx.codingPath)
            let underlying = (ctx.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return (at.isEmpty ? "" : "at '\(at)': ") + (underlying ?? ctx.debugDescription)
        @unknown default: return "\(error)"
        }
    }
}
