/// Dead ReLU units on the final weights: a unit is dead when it outputs exactly 0 for every
/// sample of the whole training set, so no gradient reaches its incoming weights again.
/// Keys: `dead_units.count` (dead units over all ReLU layers), `dead_units.units` (all ReLU
/// units), `dead_units.per_layer` (dead units of each ReLU layer, in `Sequential.layers` order).
/// Only forward passes in evaluation mode; the weights are untouched.
public struct DeadUnitsProbe: Probe {
    public static let kind = "deadUnits"

    public init() {}

    public var name: String { "dead_units" }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let layers = ActivationStatistics.deadUnitCounts(model: model, data: data.train, batchSize: data.train.count)
        return ["dead_units.count": [Double(layers.map(\.dead).reduce(0, +))],
                "dead_units.units": [Double(layers.map(\.units).reduce(0, +))],
                "dead_units.per_layer": layers.map { Double($0.dead) }]
    }
}
