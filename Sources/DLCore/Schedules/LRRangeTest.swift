import Foundation

/// Settings of a learning-rate range test (Smith 2017; fastai's `lr_find`).
public struct LRRangeTestConfig: Codable, Hashable, Sendable {
    public var startLR: Double
    public var endLR: Double
    /// Number of batches; the ramp reaches `endLR` at step `steps − 1`.
    public var steps: Int
    /// Exponential smoothing factor β of the loss.
    public var smoothing: Double
    /// Stop once the smoothed loss exceeds this multiple of its best.
    public var divergenceFactor: Double
    /// Points left out at the start when suggesting (fastai: `num_it // 10`); nil for steps/10.
    public var skipStart: Int?
    /// Points left out at the end when suggesting (fastai: 5).
    public var skipEnd: Int

    public init(
        startLR: Double = 1e-7, endLR: Double = 10, steps: Int = 100, smoothing: Double = 0.98,
        divergenceFactor: Double = 4, skipStart: Int? = nil, skipEnd: Int = 5
    ) {
        self.startLR = startLR
        self.endLR = endLR
        self.steps = steps
        self.smoothing = smoothing
        self.divergenceFactor = divergenceFactor
        self.skipStart = skipStart
        self.skipEnd = skipEnd
    }

    /// Decodes a spec's object; missing fields take the defaults above.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LRRangeTestConfig()
        startLR = try c.decodeIfPresent(Double.self, forKey: .startLR) ?? d.startLR
        endLR = try c.decodeIfPresent(Double.self, forKey: .endLR) ?? d.endLR
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? d.steps
        smoothing = try c.decodeIfPresent(Double.self, forKey: .smoothing) ?? d.smoothing
        divergenceFactor =
            try c.decodeIfPresent(Double.self, forKey: .divergenceFactor) ?? d.divergenceFactor
        skipStart = try c.decodeIfPresent(Int.self, forKey: .skipStart)
        skipEnd = try c.decodeIfPresent(Int.self, forKey: .skipEnd) ?? d.skipEnd
    }
}

/// A learning-rate range test. The caller trains one batch per step:
///
///     let test = LRRangeTest()
///     for step in 0..<test.steps {
///         optimizer.learningRate = test.rate(step)
///         let loss = … one training batch …
///         if !test.record(loss: loss) { break }
///     }
///     let suggestion = test.result.steepestDescentLR
///
/// The rate grows exponentially, `lr_i = start·(end/start)^(i/(steps − 1))`. Each loss is
/// smoothed with bias correction, `avg ← β·avg + (1 − β)·loss`, `smooth = avg/(1 − βⁿ)`, and the
/// test stops once `smooth > divergenceFactor · best smooth` or the loss is not finite (that last
/// point is still recorded). Losses are assumed non-negative, as training losses are.
public final class LRRangeTest {
    public let config: LRRangeTestConfig
    private var lrs: [Double] = []
    private var losses: [Double] = []
    private var smoothed: [Double] = []
    private var average = 0.0
    private var bestSmoothed = Double.infinity
    /// True once the loss diverged (or turned non-finite) and the test stopped early.
    public private(set) var diverged = false

    public init(_ config: LRRangeTestConfig = LRRangeTestConfig()) {
        precondition(config.startLR > 0 && config.endLR > 0, "LRRangeTest: rates must be positive")
        precondition(config.steps > 0, "LRRangeTest: steps must be positive")
        self.config = config
    }

    /// Number of batches the test runs at most.
    public var steps: Int { config.steps }

    /// The learning rate for batch `step` (0-based).
    public func rate(_ step: Int) -> Float { Float(rateValue(step)) }

    func rateValue(_ step: Int) -> Double {
        LRFormula.rangeTest(t: step, startLR: config.startLR, endLR: config.endLR, steps: config.steps)
    }

    /// The schedule that makes a training run follow this test's ramp (see `LRSchedule.rangeTest`).
    public var schedule: LRSchedule {
        .rangeTest(startLR: config.startLR, endLR: config.endLR, steps: config.steps)
    }

    /// Replays the minibatch losses of a run trained with `schedule` (one per step, in order)
    /// through the test: smoothing, the divergence stop and the suggestions.
    public static func replay(_ losses: [Double], config: LRRangeTestConfig) -> LRRangeTestResult {
        let test = LRRangeTest(config)
        for loss in losses {
            if !test.record(loss: loss) { break }
        }
        return test.result
    }

    /// Records the loss of the next batch (at `rate(count recorded so far)`).
    /// - Returns: whether to go on: false once the loss diverged, turned non-finite, or the
    ///   last step was recorded.
    @discardableResult
    public func record(loss: Double) -> Bool {
        guard !diverged, losses.count < config.steps else { return false }
        let beta = config.smoothing
        average = beta * average + (1 - beta) * loss
        let smooth = average / (1 - pow(beta, Double(losses.count + 1)))
        lrs.append(rateValue(losses.count))
        losses.append(loss)
        smoothed.append(smooth)
        if smooth < bestSmoothed { bestSmoothed = smooth }
        if !smooth.isFinite || smooth > config.divergenceFactor * bestSmoothed {
            diverged = true
            return false
        }
        return losses.count < config.steps
    }

    /// Float losses, as the engine computes them.
    @discardableResult
    public func record(loss: Float) -> Bool { record(loss: Double(loss)) }

    /// What the test saw so far, with its suggestions.
    public var result: LRRangeTestResult {
        LRRangeTestResult(
            learningRates: lrs, losses: losses, smoothedLosses: smoothed, diverged: diverged,
            skipStart: config.skipStart ?? config.steps / 10, skipEnd: config.skipEnd)
    }
}
