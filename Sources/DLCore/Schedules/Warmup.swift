extension LRFormula {
    /// Linear warmup (Goyal et al. 2017) in front of `inner`:
    ///
    ///     p = step / W (steps)  or  epoch / W (epochs, fractional, so it ramps every batch)
    ///     p < 1:  lr = target · (startFactor + (1 − startFactor)·p),  target = inner at (0, 0)
    ///     p ≥ 1:  lr = inner at (step − W_steps, epoch − W_epochs)
    ///
    /// The inner schedule starts counting at 0 when the warmup ends. Converting the warmup into
    /// the other unit uses `step / epoch` as the number of batches per epoch, which is exact when
    /// the trainer passes `epoch = step / batchesPerEpoch` with a constant number of batches.
    public static func warmup(
        base: Double, step: Int, epoch: Double, length: WarmupLength, startFactor: Double,
        inner: LRSchedule
    ) -> Double {
        if let p = warmupProgress(step: step, epoch: epoch, length: length), p < 1 {
            let target = inner.rate(base: base, step: 0, epoch: 0)
            return target * (startFactor + (1 - startFactor) * p)
        }
        let shifted = afterWarmup(step: step, epoch: epoch, length: length)
        return inner.rate(base: base, step: shifted.step, epoch: shifted.epoch)
    }

    /// Warmup progress in [0, ∞), or nil for an empty warmup.
    static func warmupProgress(step: Int, epoch: Double, length: WarmupLength) -> Double? {
        switch length {
        case .steps(let n): return n > 0 ? Double(max(step, 0)) / Double(n) : nil
        case .epochs(let e): return e > 0 ? max(epoch, 0) / e : nil
        }
    }

    /// The position the inner schedule sees once the warmup is over.
    static func afterWarmup(
        step: Int, epoch: Double, length: WarmupLength
    ) -> (step: Int, epoch: Double) {
        switch length {
        case .steps(let n):
            let n = max(n, 0)
            let epochs = step > 0 ? Double(n) * epoch / Double(step) : 0
            return (max(step - n, 0), max(epoch - epochs, 0))
        case .epochs(let e):
            let e = max(e, 0)
            let steps = epoch > 0 ? Int((e * Double(step) / epoch).rounded()) : 0
            return (max(step - steps, 0), max(epoch - e, 0))
        }
    }
}
