import Foundation

/// Stacking (Wolpert 1992) by ridge regression: the members' probabilities, side by side, are
/// the features (k·C per sample); the targets are one-hot labels; the weights are the closed
/// form
///
///     W = (XᵀX + λI)⁻¹ XᵀY        (k·C × C)
///
/// fitted on held-out data (a validation split the members never trained on). No intercept
/// column: each member's probabilities sum to 1, so a constant is already in their span. The
/// stacked output XW is a score per class, not a probability; `probabilities(_:)` clips it at
/// `floor` and renormalizes each row for NLL and calibration. Everything in Double, sums in
/// a fixed order.
public struct RidgeStacking: Equatable, Sendable {
    /// Row-major (k·C) × C.
    public let weights: [Double]
    public let features: Int
    public let classes: Int
    public let lambda: Double
    /// Scores below this are clipped before renormalizing (see the type's comment).
    public static let floor = 1e-4

    /// The features of `members`: sample i's row is member 1's C probabilities, then member 2's, …
    public static func features(_ members: [Probabilities]) -> (x: [Double], columns: Int) {
        precondition(!members.isEmpty, "stacking needs at least one member")
        let n = members[0].count, c = members[0].classes
        precondition(members.allSatisfy { $0.count == n && $0.classes == c }, "stacking: members must cover the same samples and classes")
        let d = members.count * c
        var x = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for (j, m) in members.enumerated() { for k in 0..<c { x[i * d + j * c + k] = m[i, k] } } }
        return (x, d)
    }

    /// Fits W on `members`' probabilities and `labels` with ridge penalty `lambda` > 0.
    public static func fit(_ members: [Probabilities], labels: [Int32], lambda: Double) -> RidgeStacking {
        precondition(lambda > 0, "ridge stacking needs λ > 0 (got \(lambda)): XᵀX is singular since each member's probabilities sum to 1")
        let (x, d) = features(members)
        let n = members[0].count, c = members[0].classes
        precondition(labels.count == n, "stacking: \(labels.count) labels for \(n) samples")
        // A = XᵀX + λI (d × d), B = XᵀY (d × C).
        var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d * c)
        for i in 0..<n {
            let row = i * d
            for p in 0..<d {
                let xp = x[row + p]
                if xp == 0 { continue }
                for q in 0..<d { a[p * d + q] += xp * x[row + q] }
                b[p * c + Int(labels[i])] += xp
            }
        }
        for p in 0..<d { a[p * d + p] += lambda }
        return RidgeStacking(weights: LinearSolve.cholesky(a, size: d, rightHandSides: b, columns: c),
                             features: d, classes: c, lambda: lambda)
    }

    /// The stacked scores XW of `members` (row-major n × C).
    public func scores(_ members: [Probabilities]) -> [Double] {
        let (x, d) = Self.features(members)
        precondition(d == features, "stacking was fitted on \(features / classes) members, given \(members.count)")
        let n = x.count / d
        var out = [Double](repeating: 0, count: n * classes)
        for i in 0..<n { for p in 0..<d { let xp = x[i * d + p]; for k in 0..<classes { out[i * classes + k] += xp * weights[p * classes + k] } } }
        return out
    }

    /// The scores as probabilities: each clipped at `floor`, each row renormalized to sum 1.
    public func probabilities(_ members: [Probabilities]) -> Probabilities {
        var s = scores(members)
        for i in 0..<(s.count / classes) {
            var sum = 0.0
            for k in 0..<classes { s[i * classes + k] = max(s[i * classes + k], Self.floor); sum += s[i * classes + k] }
            for k in 0..<classes { s[i * classes + k] /= sum }
        }
        return Probabilities(values: s, classes: classes)
    }

    /// λ chosen from `grid` on the held-out data itself by two-fold cross-validation (fit on the
    /// first half, score NLL on the second, and the other way round; the lowest mean wins, the
    /// first on a tie), then the fit on all of it with that λ. The halves are the first and
    /// second half of the samples in their stored order.
    public static func fitChoosingLambda(_ members: [Probabilities], labels: [Int32], grid: [Double]) -> (model: RidgeStacking, scores: [Double]) {
        precondition(!grid.isEmpty, "stacking needs a grid of λ to choose from")
        let n = labels.count, half = n / 2
        let folds = [(Array(0..<half), Array(half..<n)), (Array(half..<n), Array(0..<half))]
        let scores = grid.map { lambda in
            folds.reduce(0.0) { total, fold in
                let fitted = fit(members.map { $0.rows(fold.0) }, labels: fold.0.map { labels[$0] }, lambda: lambda)
                let held = members.map { $0.rows(fold.1) }
                return total + Calibration.negativeLogLikelihood(fitted.probabilities(held), labels: fold.1.map { labels[$0] }) / 2
            }
        }
        let best = scores.indices.min { scores[$0] < scores[$1] }!
        return (fit(members, labels: labels, lambda: grid[best]), scores)
    }
}

extension Probabilities {
    /// The rows `indices`, in that order.
    public func rows(_ indices: [Int]) -> Probabilities {
        Probabilities(values: indices.flatMap { values[($0 * classes)..<(($0 + 1) * classes)] }, classes: classes)
    }
}

/// Small dense linear systems in Double.
public enum LinearSolve {
    /// Solves A X = B for symmetric positive definite A (n × n, row-major) and B (n × m) by
    /// Cholesky factorization A = LLᵀ, forward and back substitution.
    public static func cholesky(_ a: [Double], size n: Int, rightHandSides b: [Double], columns m: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    precondition(s > 0, "Cholesky: the matrix is not positive definite (pivot \(s) at \(i))")
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        var x = b
        for col in 0..<m {
            for i in 0..<n {  // L y = b
                var s = x[i * m + col]
                for k in 0..<i { s -= l[i * n + k] * x[k * m + col] }
                x[i * m + col] = s / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ x = y
                var s = x[i * m + col]
                for k in (i + 1)..<n { s -= l[k * n + i] * x[k * m + col] }
                x[i * m + col] = s / l[i * n + i]
            }
        }
        return x
    }
}
