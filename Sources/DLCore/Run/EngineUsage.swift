import Foundation

/// Counts, per process, how often the engine was entered: data sets loaded, models built, runs
/// trained. The report phase must leave all three unchanged — a report is a function of records
/// and derived values alone — and tests hold it to that.
public enum EngineUsage {
    public struct Counts: Equatable, Sendable, CustomStringConvertible {
        public var dataLoads = 0
        public var modelsBuilt = 0
        public var runsTrained = 0
        public var description: String { "\(dataLoads) data loads, \(modelsBuilt) models built, \(runsTrained) runs trained" }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var counts = Counts()

    public static var current: Counts { lock.lock(); defer { lock.unlock() }; return counts }

    static func count(_ change: (inout Counts) -> Void) {
        lock.lock(); change(&counts); lock.unlock()
    }
}
