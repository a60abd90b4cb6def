/// Copies of the weights at chosen points, kept in `Trainer.snapshots` under `init`, `step-k`
/// and `epoch-k`, each a state dict with PyTorch's names (`0.weight`, `1.running_mean`, …).
///
/// What they are for: rewinding (a lottery ticket retrains a pruned network from its weights at
/// initialization or at an early step) and snapshot ensembles (the weights at the end of each
/// cycle of a cyclic schedule). `init` is taken before the first step, after a mask has been
/// applied; `step-k` after the k-th optimizer step (and the mask's and EMA's updates);
/// `epoch-k` at the end of epoch k, before it is evaluated. They hold the trained weights, not
/// SWA's or EMA's averages. Points the run never reaches (it stopped or diverged before) are
/// simply missing.
final class WeightSnapshots: TrainingCallback {
    let initial: Bool
    let steps: [Int]
    let epochs: [Int]
    private var nextStep = 0
    private(set) var taken: [String] = []

    init(initial: Bool, steps: [Int], epochs: [Int]) {
        self.initial = initial
        self.steps = steps
        self.epochs = epochs
    }

    private func take(_ name: String, _ trainer: Trainer) {
        trainer.snapshots[name] = trainer.model.stateDictCopy()
        taken.append(name)
    }

    func runWillStart(_ trainer: Trainer) {
        if initial { take("init", trainer) }
    }

    func stepEnded(_ trainer: Trainer, step: Int) {
        guard nextStep < steps.count, steps[nextStep] == step else { return }
        nextStep += 1
        take("step-\(step)", trainer)
    }

    func epochEnded(_ trainer: Trainer, epoch: Int) {
        if epochs.contains(epoch) { take("epoch-\(epoch)", trainer) }
    }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        record.snapshots = taken
        return false
    }
}
