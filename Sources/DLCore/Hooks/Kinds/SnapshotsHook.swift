/// Copies of the state dict kept in `Trainer.snapshots` (and stored beside the record):
/// `init` (before the first step, when `initial`), `step-k` (after the k-th step) and `epoch-k`
/// (at the end of epoch k) — for rewinding and snapshot ensembles (see `WeightSnapshots`).
/// JSON: `{"kind": "snapshots", "initial": true, "steps": [], "epochs": [5, 10]}`.
public struct SnapshotsHook: HookKind {
    public static let name = "snapshots"
    public static let phase = HookPhase.snapshots
    public var initial: Bool
    public var steps: [Int]
    public var epochs: [Int]

    public init(initial: Bool = false, steps: [Int] = [], epochs: [Int] = []) {
        self.initial = initial; self.steps = steps; self.epochs = epochs
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(initial: try c.decode(.initial, default: false), steps: try c.decode(.steps, default: []),
                  epochs: try c.decode(.epochs, default: []))
    }

    public var description: String {
        let parts = (initial ? ["init"] : []) + steps.map { "step-\($0)" } + epochs.map { "epoch-\($0)" }
        return "Snapshots(\(parts.joined(separator: ", ")))"
    }

    public func validate(field: String, lastEpoch: Int?) throws {
        if !initial && steps.isEmpty && epochs.isEmpty {
            throw SpecError(field: field, problem: "a snapshots hook that takes none",
                            fix: "set \"initial\": true, or list \"steps\" or \"epochs\"")
        }
        for (name, list) in [("steps", steps), ("epochs", epochs)] {
            if let bad = list.first(where: { $0 < 1 }) {
                throw SpecError(field: "\(field).\(name)", problem: "\(bad)",
                                fix: "\(name) count from 1 (use \"initial\": true for the weights before training)")
            }
            if zip(list, list.dropFirst()).contains(where: { $0 >= $1 }) {
                throw SpecError(field: "\(field).\(name)", problem: "\(list) is not increasing",
                                fix: "list each \(name == "steps" ? "step" : "epoch") once, in increasing order")
            }
        }
    }

    public func makeCallback(model: Sequential) -> any TrainingCallback {
        WeightSnapshots(initial: initial, steps: steps, epochs: epochs)
    }
}
