import Foundation

/// JSON form, like a schedule's: an object with a `kind` (the kind's `name`) and the kind's
/// fields, e.g. `{"kind": "clipGradNorm", "maxNorm": 1}`, `{"kind": "swa", "startEpoch": 30,
/// "lr": 0.05}`, `{"kind": "ema", "decay": 0.999}`, `{"kind": "snapshots", "initial": true,
/// "epochs": [5, 10]}`. Encoding writes every field (so a spec hashes the same however it was
/// written); decoding fills in the defaults and finds the kind in the registry.
extension TrainingHook: Codable {
    private enum Key: String, CodingKey { case kind }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let type = Self.registry.kind(named: name) else {
            let names = Self.registry.names
            let near = Suggestion.closest(to: name, in: names, maxDistance: 3).map { "did you mean \"\($0)\"? " } ?? ""
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "Unknown hook kind \"\(name)\"; \(near)use one of \(names.joined(separator: ", ")).")
        }
        self.init(try type.init(from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .kind)
        try settings.encode(to: encoder)
    }
}

extension TrainingHook {
    /// The hooks dlstudy ships, in the order error messages list them. Adding a hook to dlstudy
    /// is one file in `Hooks/Kinds/` (with its callback) and one entry here.
    public static let builtinKinds: [any HookKind.Type] = [ClipGradNormHook.self, SWAHook.self, EMAHook.self, SnapshotsHook.self, SWACyclicHook.self,
                                                           CompressHook.self, LowBitWeightsHook.self]

    /// Every kind a spec may name now, built-in ones first.
    public static var kinds: [String] { registry.names }

    /// Makes a hook kind of your own decodable from run specs (call it once at start-up, before
    /// reading specs). Throws if another kind already has its name.
    public static func register(_ kind: any HookKind.Type) throws {
        try registry.add(name: kind.name, kind) { taken in
            SpecError(field: "kind", problem: "\"\(kind.name)\" is already the name of \(taken)", fix: "choose another name for \(kind)")
        }
    }

    static let registry = KindRegistry<any HookKind.Type>(builtinKinds.map { ($0.name, $0) })
}
