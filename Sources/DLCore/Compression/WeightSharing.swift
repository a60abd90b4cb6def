/// Weight sharing by k-means (Han et al. 2016, Deep Compression): the weights of one layer are
/// clustered into k = 2^bits centroids, and each weight is replaced by its centroid; stored as a
/// `bits`-bit index per weight plus the float32 codebook.
///
/// Han et al.'s linear initialization: the centroids start evenly spaced over [min w, max w].
/// Then Lloyd iterations in a fixed order: each weight goes to its nearest centroid (the lower
/// index on a tie), each centroid becomes the mean of its weights (summed in double, in index
/// order; a centroid with no weights stays where it is), until no assignment changes or
/// `maxIterations` is reached.
public enum WeightSharing {
    public struct Clustering: Sendable {
        public let centroids: [Float]
        public let assignments: [Int]
        public let iterations: Int
    }

    public static func cluster(_ values: [Float], clusters k: Int, maxIterations: Int = 100) -> Clustering {
        precondition(k >= 1 && !values.isEmpty, "k-means needs k ≥ 1 and some values")
        let lo = values.min()!, hi = values.max()!
        var centroids = (0..<k).map { k == 1 ? (lo + hi) / 2 : lo + (hi - lo) * Float($0) / Float(k - 1) }
        var assignments = [Int](repeating: -1, count: values.count)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            var changed = false
            for (i, x) in values.enumerated() {
                var best = 0, bestDistance = abs(x - centroids[0])
                for c in 1..<k where abs(x - centroids[c]) < bestDistance { best = c; bestDistance = abs(x - centroids[c]) }
                if assignments[i] != best { assignments[i] = best; changed = true }
            }
            if !changed { break }
            var sums = [Double](repeating: 0, count: k), counts = [Int](repeating: 0, count: k)
            for (i, x) in values.enumerated() { sums[assignments[i]] += Double(x); counts[assignments[i]] += 1 }
            for c in 0..<k where counts[c] > 0 { centroids[c] = Float(sums[c] / Double(counts[c])) }
        }
        return Clustering(centroids: centroids, assignments: assignments, iterations: iterations)
    }

    /// Replaces each weight of `w` by its centroid.
    @discardableResult
    public static func share(_ w: Tensor, bits: Int) -> Clustering {
        let c = cluster(w.values, clusters: 1 << bits)
        for i in 0..<w.count { w.pointer[i] = c.centroids[c.assignments[i]] }
        return c
    }

    /// Bytes: `bits` per weight, packed, plus 2^bits float32 centroids.
    public static func bytes(count: Int, bits: Int) -> Int { (count * bits + 7) / 8 + 4 * (1 << bits) }
}
