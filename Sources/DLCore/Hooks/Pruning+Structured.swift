import Foundation

extension Pruning {
    /// The entries of slice j along `dim` of a row-major tensor of `shape`: `outer` blocks of
    /// `inner` contiguous values, the block of slice j starting at `(o · D + j) · inner`.
    struct Slices {
        let count: Int, inner: Int, outer: Int

        init(_ shape: Shape, dim: Int) {
            count = shape[dim]
            inner = (dim + 1 < shape.rank ? (dim + 1..<shape.rank).map { shape[$0] } : []).reduce(1, *)
            outer = (0..<dim).map { shape[$0] }.reduce(1, *)
        }

        func forEach(_ j: Int, _ body: (Int) -> Void) {
            for o in 0..<outer {
                let start = (o * count + j) * inner
                for i in start..<(start + inner) { body(i) }
            }
        }
    }

    /// `prune.ln_structured(n: norm, dim:)` of one tensor, within `mask`: of the slices along
    /// `dim` not yet wholly pruned, `count(amount, of: live)` are pruned, keeping the ones of
    /// largest L`norm` (ties: the lower index is kept); kept slices keep their earlier zeros.
    static func structured(_ w: Tensor, _ mask: Tensor, amount: Double, norm: Double, dim: Int, name: String) throws -> Tensor {
        guard w.shape.rank >= 2 else {
            throw MaskError(problem: "structured pruning of \(name), a tensor of shape \(w.shape)",
                            fix: "prune slices of weights with two or more dimensions (a linear or convolution weight)")
        }
        guard dim >= 0 && dim < w.shape.rank else {
            throw MaskError(problem: "dim \(dim) for \(name) of shape \(w.shape)", fix: "use a dimension 0 … \(w.shape.rank - 1) (0: units or filters)")
        }
        guard norm > 0 else {
            throw MaskError(problem: "norm \(norm)", fix: "use 1, 2 or .infinity")
        }
        let slices = Slices(w.shape, dim: dim)
        var live: [(norm: Double, index: Int)] = []
        for j in 0..<slices.count {
            var any = false
            var total: Double = 0
            slices.forEach(j) { i in
                if mask[i] != 0 { any = true }
                let a = Double(abs(w[i]))
                if norm == .infinity { total = max(total, a) } else if norm == 1 { total += a } else if norm == 2 { total += a * a } else { total += pow(a, norm) }
            }
            if norm == 2 { total = total.squareRoot() } else if norm != 1 && norm != .infinity { total = pow(total, 1 / norm) }
            if any { live.append((total.isNaN ? .infinity : total, j)) }
        }
        let out = mask.copy()
        let prune = count(amount: amount, of: live.count)
        guard prune > 0 else { return out }
        live.sort { $0.norm != $1.norm ? $0.norm > $1.norm : $0.index < $1.index }
        for dropped in live.suffix(prune) { slices.forEach(dropped.index) { out[$0] = 0 } }
        return out
    }
}
