/// What the signal looks like as it flows through the layers: per-layer output statistics (for
/// the initialization study's "why Xavier/He keep the signal's scale") and dead ReLU units.
public enum ActivationStatistics {
    /// Statistics of one layer's output over a batch.
    public struct LayerOutput: Codable, Sendable, Equatable {
        /// Index in `Sequential.layers`.
        public var index: Int
        /// The layer as printed (`Linear(in=40, out=100, bias=true)`).
        public var layer: String
        /// Mean and population standard deviation (divide by N) of every output value of the batch.
        public var mean: Double
        public var std: Double
        /// Fraction of output values that are exactly 0.
        public var zeroFraction: Double
        /// The part of the spread that depends on the input: √(mean over units of each unit's
        /// population variance across the samples). Unlike `std` it leaves out how units differ
        /// from one another (a bias per unit), so a signal that no longer depends on the input
        /// reads 0 even when the units' outputs differ.
        public var signalStd: Double
    }

    /// Forwards the first `batchSize` samples of `data` (all if fewer) in evaluation mode and
    /// reports every layer's output mean and std, in Double. Meant for a freshly initialized model
    /// (`atInitialization` is a name for where it is used; it measures the model as given).
    /// Only forward passes: weights are untouched; the training flag is restored.
    public static func atInitialization(model: Sequential, data: Dataset, batchSize: Int = 1000) -> [LayerOutput] {
        var result: [LayerOutput] = []
        forEachOutput(model: model, data: data, batchSize: batchSize) { i, layer, out in
            var s = 0.0, sq = 0.0, zeros = 0
            for k in 0..<out.count {
                let v = Double(out[k])
                s += v; sq += v * v
                if v == 0 { zeros += 1 }
            }
            let n = Double(max(out.count, 1)), mean = s / n
            result.append(LayerOutput(index: i, layer: layer.description, mean: mean,
                                std: max(sq / n - mean * mean, 0).squareRoot(), zeroFraction: Double(zeros) / n,
                                signalStd: signalStd(out)))
        }
        return result
    }

    /// √(mean over units of each unit's population variance across the rows of `out`), summed in
    /// Double, unit by unit in order.
    static func signalStd(_ out: Tensor) -> Double {
        let units = out.shape.sampleCount, rows = out.shape[0]
        guard units > 0, rows > 0 else { return 0 }
        var total = 0.0
        for u in 0..<units {
            var s = 0.0, sq = 0.0
            for r in 0..<rows {
                let v = Double(out[r * units + u])
                s += v; sq += v * v
            }
            let mean = s / Double(rows)
            total += max(sq / Double(rows) - mean * mean, 0)
        }
        return (total / Double(units)).squareRoot()
    }

    /// For every ReLU layer (its index in `Sequential.layers`), the fraction of its units — output
    /// positions of one sample, i.e. hidden units after a Linear — that output 0 for every one of the
    /// first `batchSize` samples (a dead unit gets no gradient). Evaluation mode, weights untouched.
    public static func deadUnits(model: Sequential, data: Dataset, batchSize: Int = 4000) -> [(index: Int, fraction: Double)] {
        deadUnitCounts(model: model, data: data, batchSize: batchSize).map { ($0.index, Double($0.dead) / Double(max($0.units, 1))) }
    }

    /// For every ReLU layer (its index in `Sequential.layers`), how many of its `units` output
    /// exactly 0 on every one of the first `batchSize` samples. Evaluation mode, weights untouched.
    public static func deadUnitCounts(model: Sequential, data: Dataset, batchSize: Int = 4000) -> [(index: Int, dead: Int, units: Int)] {
        var result: [(Int, Int, Int)] = []
        forEachOutput(model: model, data: data, batchSize: batchSize) { i, layer, out in
            guard layer is ReLU else { return }
            let units = out.shape.sampleCount, rows = out.shape[0]
            var dead = 0
            for u in 0..<units {
                var alive = false
                for r in 0..<rows where out[r * units + u] != 0 { alive = true; break }
                if !alive { dead += 1 }
            }
            result.append((i, dead, units))
        }
        return result
    }

    /// Forwards one batch layer by layer, handing each output to `body`.
    private static func forEachOutput(model: Sequential, data: Dataset, batchSize: Int,
                                      _ body: (Int, DLCore.Layer, Tensor) -> Void) {
        precondition(data.count > 0 && batchSize > 0)
        let n = min(batchSize, data.count)
        let x = Tensor(shape: data.sampleShape.batched(n), values: Array(data.inputs[0..<(n * data.sampleSize)]))
        model.probing(restoreWeights: false) {
            var h = x
            for (i, layer) in model.layers.enumerated() {
                h = layer.forward(h)
                body(i, layer, h)
            }
        }
    }
}
