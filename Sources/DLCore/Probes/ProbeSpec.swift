import Foundation

/// A measurement taken on a run's model — at the end of training, or right after
/// initialization — and recorded as flat named numbers in the run's record.
///
/// Everything is measured on the training set (`data.train`), in evaluation mode, with the
/// weights and the training flag restored afterwards. Undefined or non-finite values are left
/// out rather than recorded as NaN (JSON has no NaN): `ProbeSpec.measure` drops a key whose
/// values are not all finite. Each kind documents its keys in its own file (`Probes/Kinds/`).
public protocol Probe: Codable, Hashable, Sendable {
    /// The `kind` that names it in JSON.
    static var kind: String { get }
    /// The probe with its defaults (what a bare `"kind"` string in JSON means).
    init()
    /// A short name for tables and file names ("sharpness", "hessian_top", …).
    var name: String { get }
    /// When the runner measures it.
    var timing: ProbeSpec.Timing { get }
    /// The named numbers, before non-finite ones are dropped. `seed` is the run's seed, for
    /// probes that draw random vectors.
    func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]]
}

extension Probe {
    public var timing: ProbeSpec.Timing { .final }
}

/// A probe a study asks for on every run's model: any `Probe`, hashed and encoded as
/// `{"kind": …, <its fields>}` (or just `"kind"` for its defaults).
///
/// Adding a probe is one file in `Probes/Kinds/` — a type conforming to `Probe`, its keys in its
/// doc comment — plus its line in `ProbeSpec.kinds` (and a static factory below, for studies).
public struct ProbeSpec: Hashable, Sendable {
    public let probe: any Probe

    public init(_ probe: some Probe) { self.probe = probe }

    /// Every probe kind, by JSON `kind`.
    public static let kinds: [any Probe.Type] = [
        SharpnessProbe.self, HessianTopEigenvalueProbe.self, HessianTraceProbe.self,
        WeightStatisticsProbe.self, SymmetryProbe.self, ActivationStatisticsProbe.self, LandscapeSmoothnessProbe.self,
        DeadUnitsProbe.self,
    ]

    /// When the runner should measure: on the final weights, or right after initialization.
    public enum Timing: String, Codable, Sendable { case initialization, final }

    public var name: String { probe.name }
    public var kind: String { type(of: probe).kind }
    public var timing: Timing { probe.timing }

    /// Whether the run's final weights must be kept on disk for this probe. Always false: a
    /// probe measures one run's model; cross-run measurements (interpolation between two runs)
    /// are derived jobs, which need the weights of both runs kept.
    public var needsWeights: Bool { false }

    /// Runs the probe and returns its named numbers without the keys whose values are not all
    /// finite. Weights and training flag are restored.
    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        probe.measure(model: model, data: data, seed: seed).filter { $0.value.allSatisfy(\.isFinite) }
    }

    public static func == (a: ProbeSpec, b: ProbeSpec) -> Bool { a.canonicalJSON == b.canonicalJSON }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonicalJSON) }

    private var canonicalJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)) ?? Data()
    }
}

extension ProbeSpec {
    public static func sharpness(epsilon: Double = 1e-3, steps: Int = 10) -> ProbeSpec { ProbeSpec(SharpnessProbe(epsilon: epsilon, steps: steps)) }
    public static func hessianTopEigenvalue(iterations: Int = 20) -> ProbeSpec { ProbeSpec(HessianTopEigenvalueProbe(iterations: iterations)) }
    public static func hessianTrace(samples: Int = 10) -> ProbeSpec { ProbeSpec(HessianTraceProbe(samples: samples)) }
    public static func weightStatistics(nearZero: Double = 1e-3) -> ProbeSpec { ProbeSpec(WeightStatisticsProbe(nearZero: nearZero)) }
    public static var symmetry: ProbeSpec { ProbeSpec(SymmetryProbe()) }
    public static var activationStatistics: ProbeSpec { ProbeSpec(ActivationStatisticsProbe()) }
    public static var deadUnits: ProbeSpec { ProbeSpec(DeadUnitsProbe()) }
    public static func landscapeSmoothness(stepSizes: [Double] = [0.05, 0.1, 0.2, 0.4, 0.8], batchSize: Int = 512,
                                           atInitialization: Bool = false) -> ProbeSpec {
        ProbeSpec(LandscapeSmoothnessProbe(stepSizes: stepSizes, batchSize: batchSize, atInitialization: atInitialization))
    }
}

extension ProbeSpec: Codable {
    private struct KindKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let kind: String
        let bare: Bool
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            (kind, bare) = (name, true)
        } else {
            kind = try decoder.container(keyedBy: KindKey.self).decode(String.self, forKey: KindKey(stringValue: "kind"))
            bare = false
        }
        guard let type = Self.kinds.first(where: { $0.kind == kind }) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "Unknown probe kind \"\(kind)\"; use one of \(Self.kinds.map { $0.kind }.joined(separator: ", "))."))
        }
        probe = bare ? type.init() : try type.init(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: KindKey.self)
        try c.encode(kind, forKey: KindKey(stringValue: "kind"))
        try probe.encode(to: encoder)
    }
}
