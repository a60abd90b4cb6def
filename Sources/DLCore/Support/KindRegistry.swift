import Foundation

/// The kinds a spec may name by a JSON `kind` string (schedules, training hooks): the ones
/// dlstudy ships, plus any a package of its own registers at start-up. Thread-safe, so a
/// registration and a decode on another thread cannot race.
final class KindRegistry<Kind>: @unchecked Sendable {
    private let lock = NSLock()
    private var kinds: [(name: String, type: Kind)]

    init(_ builtin: [(name: String, type: Kind)]) { kinds = builtin }

    func kind(named name: String) -> Kind? { lock.withLock { kinds.first { $0.name == name }?.type } }

    /// Every registered name, the built-in ones first, in the order error messages list them.
    var names: [String] { lock.withLock { kinds.map(\.name) } }

    /// Adds a kind; `taken(existing)` makes the error thrown when the name is already used.
    func add(name: String, _ type: Kind, taken: (Kind) -> Error) throws {
        try lock.withLock {
            if let existing = kinds.first(where: { $0.name == name }) { throw taken(existing.type) }
            kinds.append((name, type))
        }
    }
}
