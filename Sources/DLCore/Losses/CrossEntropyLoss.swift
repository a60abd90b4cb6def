import Foundation

/// Softmax cross-entropy on logits with integer class labels, mean over the batch
/// (PyTorch's `CrossEntropyLoss()`), fused so that the gradient is (softmax − onehot)/N and large
/// logits cannot overflow (the row maximum is subtracted before exponentiating).
public final class CrossEntropyLoss {
    private let probabilities = Tensor(shape: [0])
    private let gradient = Tensor(shape: [0])
    private var labels: UnsafePointer<Int32>?

    public init() {}

    /// The mean loss of `logits` [N, C] against `labels` (N class indices in 0..<C).
    /// Returns NaN or infinity when the logits are not finite; training reads that as divergence.
    public func forward(_ logits: Tensor, labels: UnsafePointer<Int32>) -> Float {
        forwardCounting(logits, labels: labels).loss
    }

    /// `forward`, and the number of rows whose largest logit is the label (what `correct`
    /// counts), found in the same pass over the logits.
    public func forwardCounting(_ logits: Tensor, labels: UnsafePointer<Int32>) -> (
        loss: Float, correct: Int
    ) {
        let n = logits.shape[0]
        let c = logits.shape[1]
        probabilities.resize(to: logits.shape)
        let z = logits.pointer
        let p = probabilities.pointer
        var total: Double = 0
        var hits = 0
        for r in 0..<n {
            let row = z + r * c
            let out = p + r * c
            // The first largest logit, as `correct` picks it; its value is the row maximum
            // `max` would give (NaNs after the first element are skipped by both).
            let best = Self.firstLargest(row, count: c)
            let m = row[best]
            var sum: Float = 0
            for j in 0..<c {
                let e = expf(row[j] - m)
                out[j] = e
                sum += e
            }
            let inv = 1 / sum
            for j in 0..<c { out[j] *= inv }
            let y = Int(labels[r])
            precondition(y >= 0 && y < c, "label \(y) out of range 0..<\(c)")
            if best == y { hits += 1 }
            total += Double(m + logf(sum) - row[y])
        }
        self.labels = labels
        return (Float(total / Double(n)), hits)
    }

    /// Adds each row's loss, m + log Σⱼ exp(zⱼ − m) − z_label (m the row maximum), onto `total`
    /// row by row, exactly as `forwardCounting` sums them, and returns how many rows it counts as
    /// correct. Stores nothing for `backward`: evaluation's cheaper pass, whose sum over a batch
    /// split into several calls is the bits of one call's.
    public func accumulate(_ logits: Tensor, labels: UnsafePointer<Int32>, into total: inout Double) -> Int {
        let n = logits.shape[0]
        let c = logits.shape[1]
        let z = logits.pointer
        var hits = 0
        for r in 0..<n {
            let row = z + r * c
            let best = Self.firstLargest(row, count: c)
            let m = row[best]
            var sum: Float = 0
            for j in 0..<c { sum += expf(row[j] - m) }
            let y = Int(labels[r])
            precondition(y >= 0 && y < c, "label \(y) out of range 0..<\(c)")
            if best == y { hits += 1 }
            total += Double(m + logf(sum) - row[y])
        }
        return hits
    }

    /// dL/dlogits for the last `forward`.
    public func backward() -> Tensor {
        guard let labels else { preconditionFailure("CrossEntropyLoss.backward before forward") }
        let n = probabilities.shape[0]
        let c = probabilities.shape[1]
        gradient.resize(to: probabilities.shape)
        let p = probabilities.pointer
        let g = gradient.pointer
        let inv = 1 / Float(n)
        for i in 0..<(n * c) { g[i] = p[i] * inv }
        for r in 0..<n { g[r * c + Int(labels[r])] -= inv }
        return gradient
    }

    /// Number of rows whose largest logit is the label (ties go to the first index).
    public static func correct(_ logits: Tensor, labels: UnsafePointer<Int32>) -> Int {
        let n = logits.shape[0]
        let c = logits.shape[1]
        let z = logits.pointer
        var hits = 0
        for r in 0..<n {
            let row = z + r * c
            let best = Self.firstLargest(row, count: c)
            if best == Int(labels[r]) { hits += 1 }
        }
        return hits
    }

    /// The index of the first largest of `count` logits (ties go to the first index; NaNs after
    /// the first element are skipped): what `forward`, `accumulate` and `correct` call the
    /// prediction, and whose value is the row maximum.
    @inline(__always)
    static func firstLargest(_ row: UnsafePointer<Float>, count c: Int) -> Int {
        var best = 0
        for j in 1..<c where row[j] > row[best] { best = j }
        return best
    }
}
