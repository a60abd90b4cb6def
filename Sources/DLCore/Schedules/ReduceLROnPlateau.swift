/// PyTorch's `ReduceLROnPlateau`, observed once per epoch with a metric (usually the validation
/// loss). After each observation:
///
///     improved = a < best·(1 − threshold)   (min, rel)    a < best − threshold  (min, abs)
///                a > best·(1 + threshold)   (max, rel)    a > best + threshold  (max, abs)
///     improved ? (best ← a, bad ← 0) : bad ← bad + 1
///     if cooldown > 0:  cooldown ← cooldown − 1, bad ← 0    (bad epochs in cooldown are ignored)
///     if bad > patience:
///         new = max(lr·factor, minLR);  if lr − new > eps { lr ← new }   (tiny changes ignored)
///         cooldown ← cooldownLength,  bad ← 0
///
/// `best` starts at +∞ (min) or −∞ (max), so the first finite metric is an improvement. As in
/// PyTorch, the relative test multiplies `best`, so for a negative best in min mode it asks for
/// less than a relative improvement. A non-finite metric (NaN, ±∞) always counts as no
/// improvement; PyTorch agrees for NaN and +∞ in min mode but would accept −∞ as a new best.
public final class ReduceLROnPlateau {
    public let mode: MetricMode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minLR: Double
    public let eps: Double

    /// The current learning rate.
    public private(set) var learningRate: Double
    /// The best metric seen so far (±∞ before the first).
    public private(set) var best: Double
    /// Consecutive epochs without improvement since the last improvement or reduction.
    public private(set) var numBadEpochs = 0
    /// Epochs of cooldown left.
    public private(set) var cooldownCounter = 0
    /// Number of metrics observed.
    public private(set) var epochsObserved = 0

    public init(
        initialLR: Double, mode: MetricMode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0,
        minLR: Double = 0, eps: Double = 1e-8
    ) {
        precondition(factor < 1, "ReduceLROnPlateau: factor must be below 1")
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLR = minLR
        self.eps = eps
        self.learningRate = initialLR
        self.best = mode == .min ? .infinity : -.infinity
    }

    /// Builds the tracker for a `.reduceOnPlateau` schedule (nil for any other case).
    public convenience init(_ s: PlateauSchedule, initialLR: Double) {
        self.init(
            initialLR: initialLR, mode: s.mode, factor: s.factor, patience: s.patience,
            threshold: s.threshold, thresholdMode: s.thresholdMode, cooldown: s.cooldown, minLR: s.minLR,
            eps: s.eps)
    }

    /// True while bad epochs are being ignored after a reduction.
    public var inCooldown: Bool { cooldownCounter > 0 }

    /// Whether `metric` improves on `best` under the mode and threshold.
    public func isBetter(_ metric: Double, than best: Double) -> Bool {
        guard metric.isFinite else { return false }
        switch (mode, thresholdMode) {
        case (.min, .rel): return metric < best * (1 - threshold)
        case (.min, .abs): return metric < best - threshold
        case (.max, .rel): return metric > best * (1 + threshold)
        case (.max, .abs): return metric > best + threshold
        }
    }

    /// Records one epoch's metric and returns the learning rate for the next epoch.
    @discardableResult
    public func observe(metric: Double) -> Float {
        epochsObserved += 1
        if isBetter(metric, than: best) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if inCooldown {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            let reduced = max(learningRate * factor, minLR)
            if learningRate - reduced > eps { learningRate = reduced }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        return Float(learningRate)
    }
}
