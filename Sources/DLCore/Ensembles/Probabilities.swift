import Foundation

/// Class probabilities of a classifier over a data set: softmax of the logits, one row of
/// `classes` numbers per sample, in Double. What ensembles average, stacking regresses on, and
/// calibration bins.
public struct Probabilities: Equatable, Sendable {
    /// Row-major `count × classes`.
    public var values: [Double]
    public let classes: Int

    public init(values: [Double], classes: Int) {
        precondition(classes > 0 && values.count % classes == 0, "probabilities: \(values.count) values are not rows of \(classes)")
        self.values = values
        self.classes = classes
    }

    public var count: Int { values.count / classes }

    public subscript(sample: Int, label: Int) -> Double { values[sample * classes + label] }

    /// The most probable class of each sample (the first on a tie, as `argmax` does).
    public var predictions: [Int] {
        (0..<count).map { i in
            var best = 0
            for c in 1..<classes where values[i * classes + c] > values[i * classes + best] { best = c }
            return best
        }
    }

    /// The softmax of `model`'s logits on `data` (evaluation mode; the training flag is
    /// restored), in batches of `batchSize` (run in evaluation passes, as `Evaluation` runs
    /// them); each row computed in Double with the maximum subtracted first, as `torch.softmax` does.
    public static func of(_ model: Sequential, on data: Dataset, batchSize: Int = 1000) -> Probabilities {
        let c = data.classes
        var out = [Double](repeating: 0, count: data.count * c)
        let buffer = Tensor(shape: [0])
        model.evaluating {
            var start = 0
            while start < data.count {
                let n = min(batchSize, data.count - start)
                model.forEachEvaluationPass(over: data, from: start, count: n, buffer: buffer) { logits, first, m in
                    precondition(logits.count == m * c, "probabilities: the model gives \(logits.count / m) outputs, the data has \(c) classes")
                    for r in 0..<m { softmax(logits.pointer + r * c, count: c, into: &out, at: (first + r) * c) }
                }
                start += n
            }
        }
        return Probabilities(values: out, classes: c)
    }

    static func softmax(_ z: UnsafePointer<Float>, count c: Int, into out: inout [Double], at offset: Int) {
        var m = -Double.infinity
        for k in 0..<c { m = max(m, Double(z[k])) }
        var sum = 0.0
        for k in 0..<c {
            let e = Foundation.exp(Double(z[k]) - m)
            out[offset + k] = e
            sum += e
        }
        for k in 0..<c { out[offset + k] /= sum }
    }

    /// The equal average of several models' probabilities (a deep ensemble's prediction,
    /// Lakshminarayanan et al. 2017), summed in member order.
    public static func average(_ members: [Probabilities]) -> Probabilities {
        precondition(!members.isEmpty, "an ensemble needs at least one member")
        let first = members[0]
        precondition(members.allSatisfy { $0.classes == first.classes && $0.values.count == first.values.count },
                     "ensemble members must give probabilities for the same samples and classes")
        var sum = [Double](repeating: 0, count: first.values.count)
        for m in members { for i in sum.indices { sum[i] += m.values[i] } }
        let k = Double(members.count)
        return Probabilities(values: sum.map { $0 / k }, classes: first.classes)
    }
}
