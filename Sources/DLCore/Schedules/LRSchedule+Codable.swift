import Foundation

/// JSON form: an object with a `kind` (the kind's `name`) and the kind's fields under their
/// Swift names, e.g. `{"kind": "cosine", "tMax": 50, "etaMin": 0}` or
/// `{"kind": "warmup", "epochs": 5, "startFactor": 0.1, "then": {"kind": "constant"}}`.
/// Encoding writes every field (so a spec hashes the same however it was written); decoding
/// fills in the defaults for missing ones and finds the kind in the registry.
extension LRSchedule: Codable {
    private enum Key: String, CodingKey { case kind }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let type = Self.registry.kind(named: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "Unknown schedule kind \"\(name)\"; use one of \(Self.registry.names.joined(separator: ", ")).")
        }
        self.init(try type.init(from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(Swift.type(of: kind).name, forKey: .kind)
        try kind.encode(to: encoder)
    }
}

extension LRSchedule {
    /// The schedules dlstudy ships, in the order error messages list them. Adding a schedule to
    /// dlstudy is one file in `Schedules/Kinds/` and one entry here.
    public static let builtinKinds: [any ScheduleKind.Type] = [
        ConstantSchedule.self, StepSchedule.self, MultiStepSchedule.self, ExponentialSchedule.self,
        CosineSchedule.self, CosineWarmRestartsSchedule.self, CyclicSchedule.self, OneCycleSchedule.self,
        RangeTestRampSchedule.self, WarmupSchedule.self, PlateauSchedule.self,
    ]

    /// Makes a schedule kind of your own decodable from run specs (call it once at start-up,
    /// before reading specs). Throws if another kind already has its name.
    public static func register(_ kind: any ScheduleKind.Type) throws {
        try registry.add(name: kind.name, kind) { taken in
            LRScheduleError(field: "kind", message: "\"\(kind.name)\" is already the name of \(taken); choose another name for \(kind).")
        }
    }

    static let registry = KindRegistry<any ScheduleKind.Type>(builtinKinds.map { ($0.name, $0) })
}
