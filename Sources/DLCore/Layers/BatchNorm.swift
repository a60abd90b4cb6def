import Foundation

/// What `BatchNorm1d` and `BatchNorm2d` share: per-channel normalization of [N, C, …] with
/// PyTorch's semantics (affine, tracked running statistics).
///
/// Training normalizes with the batch mean and the *biased* batch variance, and updates
///     running_mean ← (1 − momentum)·running_mean + momentum·mean
///     running_var  ← (1 − momentum)·running_var  + momentum·var·M/(M − 1)   (unbiased)
/// where M = N·(positions per channel); its backward is the full gradient through the batch
/// statistics. Evaluation normalizes with the running statistics. Buffers carry PyTorch's names;
/// `num_batches_tracked` is a one-element Float tensor (PyTorch keeps an int64 scalar).
/// With `averagesCumulatively` (PyTorch's `momentum=None`, which `update_bn` sets) the factor is
/// 1/k at the k-th batch counted by `num_batches_tracked`: the running statistics become the
/// plain mean of the batches' statistics.
public class BatchNormLayer {
    public let features: Int
    public let eps: Float
    public let momentum: Float
    /// γ, PyTorch's `weight` (role `.normScale`, starts at 1).
    public let weight: Parameter
    /// β, PyTorch's `bias` (role `.normShift`, starts at 0).
    public let bias: Parameter
    public let runningMean: Tensor
    public let runningVariance: Tensor
    public let batchesTracked = Tensor(shape: Shape([]), repeating: 0)
    public var isTraining = true
    public var computesInputGradient = true
    /// PyTorch's `momentum=None`: a cumulative moving average instead of an exponential one.
    var averagesCumulatively = false

    private let output = Tensor(shape: [0])
    private let gradInput = Tensor(shape: [0])
    private let normalized = Tensor(shape: [0])  // x̂, kept for backward
    // Per channel: the mean and 1/√(var + eps) the last forward used, and backward's scratch.
    private let mean: Tensor, inverseStd: Tensor, scale: Tensor, meanGrad: Tensor, meanGradX: Tensor
    private let sums: UnsafeMutablePointer<Double>  // per-channel accumulators of the statistics
    private var usedBatchStatistics = true

    init(featureCount features: Int, eps: Float, momentum: Float) {
        precondition(
            features > 0, "batch norm needs a positive number of features, got \(features)")
        self.features = features
        self.eps = eps
        self.momentum = momentum
        weight = Parameter(name: "weight", role: .normScale, shape: Shape(features))
        bias = Parameter(name: "bias", role: .normShift, shape: Shape(features))
        weight.value.fill(1)
        runningMean = Tensor(shape: Shape(features), repeating: 0)
        runningVariance = Tensor(shape: Shape(features), repeating: 1)
        (mean, inverseStd) = (Tensor(shape: Shape(features)), Tensor(shape: Shape(features)))
        (scale, meanGrad, meanGradX) = (
            Tensor(shape: Shape(features)), Tensor(shape: Shape(features)),
            Tensor(shape: Shape(features))
        )
        sums = .allocate(capacity: features)
    }

    deinit { sums.deallocate() }

    public var parameters: [Parameter] { [weight, bias] }

    /// PyTorch's `reset_running_stats()`: mean 0, variance 1, no batches tracked.
    public func resetRunningStatistics() {
        runningMean.fill(0)
        runningVariance.fill(1)
        batchesTracked.fill(0)
    }

    public var buffers: [Buffer] {
        [
            Buffer(name: "running_mean", value: runningMean),
            Buffer(name: "running_var", value: runningVariance),
            Buffer(name: "num_batches_tracked", value: batchesTracked),
        ]
    }

    /// Normalizes `x`, viewed as [n, C, s]. With s = 1 ([N, C]) the loops run along the
    /// channels, which are contiguous; otherwise along each channel's run of s positions.
    func normalize(_ x: Tensor) -> Tensor {
        let n = x.shape[0], c = features, s = x.count / max(n * c, 1), m = n * s
        output.resize(to: x.shape)
        normalized.resize(to: x.shape)
        let src = x.pointer, mu = mean.pointer, inv = inverseStd.pointer
        usedBatchStatistics = isTraining
        if isTraining {
            precondition(
                m > 1,
                "batch norm needs more than 1 value per channel when training, got \(x.shape)")
            // Two passes, mean then squared deviations, accumulated per channel in Double.
            sums.update(repeating: 0, count: c)
            for i in 0..<n {
                if s == 1 {
                    for ch in 0..<c { sums[ch] += Double(src[i * c + ch]) }
                    continue
                }
                for ch in 0..<c { sums[ch] += Double(Reductions.sum(src + (i * c + ch) * s, s)) }
            }
            for ch in 0..<c { mu[ch] = Float(sums[ch] / Double(m)) }
            sums.update(repeating: 0, count: c)
            for i in 0..<n {
                if s == 1 {
                    for ch in 0..<c {
                        let d = src[i * c + ch] - mu[ch]
                        sums[ch] += Double(d * d)
                    }
                    continue
                }
                for ch in 0..<c {
                    let row = src + (i * c + ch) * s
                    sums[ch] += Double(Reductions.squaredDeviations(row, s, from: mu[ch]))
                }
            }
            let rm = runningMean.pointer, rv = runningVariance.pointer, k = momentum
            if averagesCumulatively {
                // PyTorch: factor = 1.0 / num_batches_tracked (after counting this batch), a
                // double; ATen mixes in double and rounds the result to float.
                batchesTracked[0] += 1
                let f = 1 / Double(batchesTracked[0])
                for ch in 0..<c {
                    let unbiased = Double(Float(sums[ch] / Double(m - 1)))
                    rm[ch] = Float(f * Double(mu[ch]) + (1 - f) * Double(rm[ch]))
                    rv[ch] = Float(f * unbiased + (1 - f) * Double(rv[ch]))
                    inv[ch] = 1 / (Float(sums[ch] / Double(m)) + eps).squareRoot()
                }
            } else {
                for ch in 0..<c {
                    let variance = sums[ch] / Double(m)
                    rm[ch] = (1 - k) * rm[ch] + k * mu[ch]
                    rv[ch] = (1 - k) * rv[ch] + k * Float(sums[ch] / Double(m - 1))  // unbiased
                    inv[ch] = 1 / (Float(variance) + eps).squareRoot()
                }
                batchesTracked[0] += 1
            }
        } else {
            mu.update(from: runningMean.pointer, count: c)
            for ch in 0..<c { inv[ch] = 1 / (runningVariance[ch] + eps).squareRoot() }
        }
        let y = output.pointer, xhat = normalized.pointer
        let gamma = weight.value.pointer, beta = bias.value.pointer
        for i in 0..<n {
            if s == 1 {
                let o = i * c
                for ch in 0..<c {
                    let v = (src[o + ch] - mu[ch]) * inv[ch]
                    xhat[o + ch] = v
                    y[o + ch] = v * gamma[ch] + beta[ch]
                }
                continue
            }
            for ch in 0..<c {
                let o = (i * c + ch) * s, a = mu[ch], b = inv[ch], g = gamma[ch], t = beta[ch]
                for j in o..<(o + s) {
                    let v = (src[j] - a) * b
                    xhat[j] = v
                    y[j] = v * g + t
                }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor) -> Tensor {
        precondition(
            dy.shape == output.shape,
            "batch norm backward got \(dy.shape), expected \(output.shape)")
        let n = dy.shape[0], c = features, s = dy.count / max(n * c, 1), m = Float(n * s)
        let g = dy.pointer, xhat = normalized.pointer
        let dgamma = weight.grad.pointer, dbeta = bias.grad.pointer
        // dβ = Σ dy and dγ = Σ dy·x̂, per channel.
        dbeta.update(repeating: 0, count: c)
        dgamma.update(repeating: 0, count: c)
        for i in 0..<n {
            if s == 1 {
                let o = i * c
                for ch in 0..<c {
                    dbeta[ch] += g[o + ch]
                    dgamma[ch] += g[o + ch] * xhat[o + ch]
                }
                continue
            }
            for ch in 0..<c {
                let o = (i * c + ch) * s
                let (sum, dot) = Reductions.sumAndDot(g + o, xhat + o, s)
                dbeta[ch] += sum
                dgamma[ch] += dot
            }
        }
        guard computesInputGradient else {
            gradInput.resize(to: Shape(0))
            return gradInput
        }
        gradInput.resize(to: dy.shape)
        // Training: dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)); evaluation: dx = γ/σ · dy.
        let k = scale.pointer, mg = meanGrad.pointer, mgx = meanGradX.pointer
        let gamma = weight.value.pointer, inv = inverseStd.pointer, batch = usedBatchStatistics
        for ch in 0..<c {
            k[ch] = gamma[ch] * inv[ch]
            mg[ch] = batch ? dbeta[ch] / m : 0
            mgx[ch] = batch ? dgamma[ch] / m : 0
        }
        let dx = gradInput.pointer
        for i in 0..<n {
            if s == 1 {
                let o = i * c
                for ch in 0..<c {
                    dx[o + ch] = k[ch] * (g[o + ch] - mg[ch] - xhat[o + ch] * mgx[ch])
                }
                continue
            }
            for ch in 0..<c {
                let o = (i * c + ch) * s, a = k[ch], b = mg[ch], d = mgx[ch]
                for j in o..<(o + s) { dx[j] = a * (g[j] - b - xhat[j] * d) }
            }
        }
        return gradInput
    }

    func describe(_ name: String) -> String {
        "\(name)(\(features), eps=\(eps), momentum=\(momentum), affine=True, "
            + "track_running_stats=True)"
    }
}

/// Batch normalization of [N, C] or [N, C, L] over the batch (and length), per feature:
/// PyTorch's `nn.BatchNorm1d` with its defaults.
public final class BatchNorm1d: BatchNormLayer, Layer {
    public init(features: Int, eps: Float = 1e-5, momentum: Float = 0.1) {
        super.init(featureCount: features, eps: eps, momentum: momentum)
    }

    public func forward(_ x: Tensor) -> Tensor {
        precondition(
            (x.shape.rank == 2 || x.shape.rank == 3) && x.shape[1] == features,
            "\(self) expects input [N, \(features)] or [N, \(features), L], got \(x.shape)")
        return normalize(x)
    }

    public func outputShape(for input: Shape) throws -> Shape {
        guard (input.rank == 1 || input.rank == 2) && input[0] == features else {
            throw ShapeError(
                "BatchNorm1d(\(features)) takes samples of shape [\(features)] or "
                    + "[\(features), L], got \(input); "
                    + (input.rank == 3
                        ? "use BatchNorm2d for [C, H, W] samples"
                        : "set features to \(input.rank > 0 ? input[0] : 0) to match the "
                            + "previous layer"))
        }
        return input
    }

    public var description: String { describe("BatchNorm1d") }
}

/// Batch normalization of [N, C, H, W] over the batch and both spatial dimensions, per channel:
/// PyTorch's `nn.BatchNorm2d` with its defaults.
public final class BatchNorm2d: BatchNormLayer, Layer {
    public init(channels: Int, eps: Float = 1e-5, momentum: Float = 0.1) {
        super.init(featureCount: channels, eps: eps, momentum: momentum)
    }

    public func forward(_ x: Tensor) -> Tensor {
        precondition(
            x.shape.rank == 4 && x.shape[1] == features,
            "\(self) expects input [N, \(features), H, W], got \(x.shape)")
        return normalize(x)
    }

    public func outputShape(for input: Shape) throws -> Shape {
        guard input.rank == 3 && input[0] == features else {
            throw ShapeError(
                "BatchNorm2d(\(features)) takes samples of shape [\(features), H, W], "
                    + "got \(input); "
                    + (input.rank == 3
                        ? "set channels to \(input[0]) to match the previous layer"
                        : "use BatchNorm1d for [C] or [C, L] samples"))
        }
        return input
    }

    public var description: String { describe("BatchNorm2d") }
}
