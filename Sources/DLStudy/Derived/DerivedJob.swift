import DLHash
import DLCore
import Foundation

/// A measurement that needs weights or data — an interpolation between two runs' solutions, the
/// model as PyTorch prints it, statistics of a run's weights — computed in the run phase, like a
/// run, and cached under a key made of its kind, its parameters and its input runs' keys. The
/// report only reads the cached values, so it never loads a data set nor builds a model.
public struct DerivedJob: @unchecked Sendable {
    /// What it computes (`interpolation`, `model`, …); part of the key.
    public let kind: String
    /// A readable name for progress lines and errors: `batchsize/fixed/interpolation/seed-0`.
    public let name: String
    /// The runs it reads (records, kept weights); it runs after them.
    public let inputs: [RunJob]
    public let key: String
    let compute: (DerivedContext) throws -> DerivedValues

    /// `parameters` is everything besides the inputs that changes the result, as text (it is
    /// hashed); bump `version` when the computation itself changes.
    public init(kind: String, name: String, parameters: String, inputs: [RunJob], version: Int = 1,
                compute: @escaping (DerivedContext) throws -> DerivedValues) {
        self.kind = kind
        self.name = name
        self.inputs = inputs
        self.compute = compute
        var h = SHA256()
        h.update(data: Data("derived/\(kind)/v\(version)\n\(parameters)\n".utf8))
        for input in inputs { h.update(data: Data("\(input.key)\n".utf8)) }
        h.update(data: Data(Engine.version.utf8))
        key = h.finalize().hexString
    }
}

/// What a derived job computed: named series of numbers and named texts, stored as JSON.
public struct DerivedValues: Codable, Sendable, Equatable {
    public var numbers: [String: [Double]]
    public var texts: [String: String]
    /// Stamped by the cache, like a run record's.
    public var key: String?
    public var checksum: String?
    /// How long it took to compute (stamped by the runner; for the report's time breakdown).
    public var seconds: Double?

    public init(numbers: [String: [Double]] = [:], texts: [String: String] = [:]) {
        self.numbers = numbers
        self.texts = texts
    }

    public subscript(numbers name: String) -> [Double]? { numbers[name] }
    public subscript(text name: String) -> String? { texts[name] }
}

/// What a derived job may use: its input runs' models with their kept final weights, fresh
/// models built from a spec, and data sets (shared with the runs of the same process).
public struct DerivedContext {
    let cache: RunCache
    let splits: (DataSpec) throws -> DataSplits

    /// The final model of an input run, with its data. The run must have kept its weights.
    public func trainedModel(_ job: RunJob) throws -> Trainer {
        let trainer = try Trainer(spec: job.spec, data: splits(job.spec.data), artefacts: cache)
        try trainer.model.load(stateDict: cache.tensors(ArtefactReference(run: job.key)), strict: true, source: job.readableName)
        return trainer
    }

    /// A model as `spec` builds it at initialization, with its data.
    public func freshModel(_ spec: RunSpec) throws -> Trainer {
        var spec = spec
        spec.start = nil
        return try Trainer(spec: spec, data: splits(spec.data))
    }
}
