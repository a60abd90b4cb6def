/// One hook's part in `Trainer.run`: a method per point of the loop, each doing nothing unless
/// the hook acts there. Specs name hooks by `TrainingHook`; the trainer builds these from them
/// (and from its `mask`), in the order the points promise: mask, clipping, averaging,
/// snapshots.
///
/// The calls run on every step, so an implementation allocates nothing in `gradientsReady` and
/// `stepEnded` (it sets up its buffers when it is made); a run without hooks has none of these.
protocol TrainingCallback: AnyObject {
    /// Before the first step, with the weights initialized (or loaded), before row 0 is measured.
    func runWillStart(_ trainer: Trainer)
    /// The rate for a step of `epoch` (counting from 1), given the schedule's.
    func learningRate(_ scheduled: Float, epoch: Int) -> Float
    /// After backward and the penalty's gradient, before the optimizer's step.
    func gradientsReady(_ trainer: Trainer)
    /// After the optimizer's step; `step` counts the steps taken so far.
    func stepEnded(_ trainer: Trainer, step: Int)
    /// A step's row is being recorded (`record.everySteps`).
    func stepRecorded(_ row: inout StepMetrics)
    /// After the last step of `epoch`, before it is evaluated.
    func epochEnded(_ trainer: Trainer, epoch: Int)
    /// After the loop, whatever ended it. Says in the record what the hook did; returns true when
    /// it replaced the model's weights, so that the final metrics are measured again.
    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool
}

extension TrainingCallback {
    func runWillStart(_ trainer: Trainer) {}
    func learningRate(_ scheduled: Float, epoch: Int) -> Float { scheduled }
    func gradientsReady(_ trainer: Trainer) {}
    func stepEnded(_ trainer: Trainer, step: Int) {}
    func stepRecorded(_ row: inout StepMetrics) {}
    func epochEnded(_ trainer: Trainer, epoch: Int) {}
    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool { false }
}

extension Trainer {
    /// The callbacks of this run, in the order they act at each point.
    func makeCallbacks() -> [TrainingCallback] {
        var callbacks: [TrainingCallback] = []
        if let mask { callbacks.append(Masking(mask, model: model)) }
        // Compression acts on the (masked) starting weights; the straight-through estimator puts
        // the float weights back before clipping sees the gradients and the optimizer steps.
        for hook in spec.hooks {
            switch hook {
            case .compress(let c): callbacks.append(Compressing(c))
            case .lowBitWeights(let k): callbacks.append(LowBitTraining(k, model: model))
            default: break
            }
        }
        for hook in spec.hooks {
            if case .clipGradNorm(let maxNorm) = hook { callbacks.append(GradientClipping(maxNorm: maxNorm, model: model)) }
        }
        for hook in spec.hooks {
            switch hook {
            case let .swa(start, lr, bn):
                callbacks.append(StochasticWeightAveraging(startEpoch: start, lr: lr, recomputeBatchNorm: bn, model: model))
            case let .ema(decay, buffers):
                callbacks.append(ExponentialMovingAverage(decay: decay, averageBuffers: buffers, model: model))
            default: break
            }
        }
        for hook in spec.hooks {
            if case let .snapshots(initial, steps, epochs) = hook {
                callbacks.append(WeightSnapshots(initial: initial, steps: steps, epochs: epochs))
            }
        }
        return callbacks
    }
}
