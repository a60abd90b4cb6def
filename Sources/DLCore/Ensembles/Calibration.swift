import Foundation

/// How well predicted probabilities match outcomes: accuracy, negative log-likelihood and the
/// expected calibration error of Guo et al. (2017, "On calibration of modern neural networks").
public enum Calibration {
    /// One bin of a reliability diagram: the samples whose confidence (top probability) falls
    /// in (lower, upper] — the first bin also takes confidence 0.
    public struct Bin: Equatable, Sendable {
        public var lower: Double, upper: Double
        public var count: Int
        /// Mean confidence and accuracy of the bin's samples (NaN when it is empty).
        public var confidence: Double
        public var accuracy: Double

        public init(lower: Double, upper: Double, count: Int, confidence: Double, accuracy: Double) {
            self.lower = lower; self.upper = upper; self.count = count; self.confidence = confidence; self.accuracy = accuracy
        }
    }

    /// The reliability diagram's bins: `bins` equal-width intervals of [0, 1]; a sample goes to
    /// bin ⌈conf·M⌉ − 1 (so a confidence exactly on an edge goes to the lower bin, Guo et al.'s
    /// (i−1)/M < conf ≤ i/M). Confidence is the largest probability; a sample counts as correct
    /// when that class (the first on a tie) is its label.
    public static func bins(_ p: Probabilities, labels: [Int32], bins m: Int = 15) -> [Bin] {
        precondition(m > 0, "calibration needs at least one bin")
        precondition(labels.count == p.count, "calibration: \(labels.count) labels for \(p.count) predictions")
        var count = [Int](repeating: 0, count: m), conf = [Double](repeating: 0, count: m), correct = [Int](repeating: 0, count: m)
        let predictions = p.predictions
        for i in 0..<p.count {
            let c = p[i, predictions[i]]
            let b = min(max(Int((c * Double(m)).rounded(.up)) - 1, 0), m - 1)
            count[b] += 1
            conf[b] += c
            if predictions[i] == Int(labels[i]) { correct[b] += 1 }
        }
        return (0..<m).map { b in
            Bin(lower: Double(b) / Double(m), upper: Double(b + 1) / Double(m), count: count[b],
                confidence: count[b] > 0 ? conf[b] / Double(count[b]) : .nan,
                accuracy: count[b] > 0 ? Double(correct[b]) / Double(count[b]) : .nan)
        }
    }

    /// ECE = Σ_b (n_b / n)·|acc_b − conf_b| over the non-empty bins (15 by default, as Guo et al.).
    public static func expectedCalibrationError(_ p: Probabilities, labels: [Int32], bins m: Int = 15) -> Double {
        let n = Double(p.count)
        return bins(p, labels: labels, bins: m).filter { $0.count > 0 }
            .reduce(0) { $0 + Double($1.count) / n * abs($1.accuracy - $1.confidence) }
    }

    /// Mean −log p(label), with probabilities floored at `floor` so a confident mistake costs
    /// −log(floor) rather than infinity. With the default 0 it is exact (and infinite for a zero).
    public static func negativeLogLikelihood(_ p: Probabilities, labels: [Int32], floor: Double = 0) -> Double {
        precondition(labels.count == p.count, "NLL: \(labels.count) labels for \(p.count) predictions")
        var sum = 0.0
        for i in 0..<p.count { sum -= Foundation.log(max(p[i, Int(labels[i])], floor)) }
        return sum / Double(max(p.count, 1))
    }

    /// Fraction of samples whose most probable class is the label.
    public static func accuracy(_ p: Probabilities, labels: [Int32]) -> Double {
        precondition(labels.count == p.count, "accuracy: \(labels.count) labels for \(p.count) predictions")
        let predictions = p.predictions
        return Double((0..<p.count).filter { predictions[$0] == Int(labels[$0]) }.count) / Double(max(p.count, 1))
    }
}
