/// One kind of learning-rate schedule, complete in one file under `Schedules/Kinds/`: its
/// fields and JSON form (`Codable`, with `name` as the JSON `kind`), the unit it counts in, its
/// formula, its label and its checks.
///
/// To add a schedule, write one type conforming to this protocol and add it to
/// `LRSchedule.builtinKinds` (a package of your own calls `LRSchedule.register(_:)` instead),
/// and a static constructor on `LRSchedule` if studies should write `.mySchedule(…)`.
///
/// Encoding writes every field, defaults included, so that a spec hashes the same however it
/// was written; decoding fills in the defaults for missing fields.
public protocol ScheduleKind: Codable, Hashable, Sendable {
    /// The JSON `kind`, e.g. `"cosine"`. Unique among registered kinds.
    static var name: String { get }
    /// The unit `t` counts in (`step`: batches, `epoch`: epochs).
    var unit: ScheduleUnit { get }
    /// The rate at global batch `step` in fractional epoch `epoch`, from the base rate `lr₀`.
    func rate(base: Double, step: Int, epoch: Double) -> Double
    /// A short label for reports and legends, defaults left out: `cosine(T_max=50)`.
    var label: String { get }
    /// Throws an `LRScheduleError` naming the field and the fix when a setting cannot work.
    func validate() throws
    /// The reduce-on-plateau schedule this one ends in (behind any warmups), if any.
    var plateau: PlateauSchedule? { get }
    /// True while a warmup in front of the schedule is still ramping at this position.
    func isWarmingUp(step: Int, epoch: Double) -> Bool
}

extension ScheduleKind {
    public var plateau: PlateauSchedule? { nil }
    public func isWarmingUp(step: Int, epoch: Double) -> Bool { false }
}

extension LRScheduleError {
    /// Throws `LRScheduleError(field:message:)` unless `ok`.
    static func require(_ ok: Bool, _ field: String, _ message: String) throws {
        if !ok { throw LRScheduleError(field: field, message: message) }
    }

    /// Throws unless `x` is a positive, finite learning rate.
    static func requirePositiveRate(_ x: Double, _ field: String) throws {
        try require(x.isFinite && x > 0, field, "must be a positive learning rate, got \(x).")
    }
}
