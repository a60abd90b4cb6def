/// How long a run trains. At least one of `epochs` and `steps` bounds it; a training-loss
/// target ends it early (checked at the end of every epoch on the whole training set), and the
/// stall rule gives up on runs that have not started to learn.
public struct Budget: Codable, Hashable, Sendable {
    public var epochs: Int?
    public var steps: Int?
    /// Stop once the full-training-set loss (evaluation mode) falls below this.
    public var targetTrainLoss: Double?
    /// Declare the run stalled when the training loss is still above `stallLoss` after `stallSteps` steps.
    public var stallSteps: Int?
    public var stallLoss: Double?

    public init(epochs: Int? = nil, steps: Int? = nil, targetTrainLoss: Double? = nil, stallSteps: Int? = nil, stallLoss: Double? = nil) {
        self.epochs = epochs; self.steps = steps; self.targetTrainLoss = targetTrainLoss
        self.stallSteps = stallSteps; self.stallLoss = stallLoss
    }

    public static func epochs(_ n: Int) -> Budget { Budget(epochs: n) }

    func validate() throws {
        guard epochs != nil || steps != nil else {
            throw SpecError(field: "budget", problem: "neither epochs nor steps is set", fix: "add \"epochs\": N or \"steps\": N")
        }
        // 0 epochs: the run only evaluates the weights it starts from (row 0), e.g. a compressed model.
        if let e = epochs, e < 0 { throw SpecError(field: "budget.epochs", problem: "\(e) epochs", fix: "use at least 1 (or 0 to only evaluate the starting weights)") }
        if let s = steps, s < 1 { throw SpecError(field: "budget.steps", problem: "\(s) steps", fix: "use at least 1") }
        if (stallSteps == nil) != (stallLoss == nil) {
            throw SpecError(field: "budget", problem: "stallSteps and stallLoss go together", fix: "set both or neither")
        }
    }
}

/// What a run records besides the per-epoch metrics.
public struct RecordSpec: Codable, Hashable, Sendable {
    /// Record the minibatch loss and rate every this many steps (0: never).
    public var everySteps: Int
    /// Evaluate (train, validation, test) every this many epochs; the last epoch always is.
    public var evaluateEvery: Int
    /// Keep the final weights (for probes, interpolation, checkpoints).
    public var keepWeights: Bool

    public init(everySteps: Int = 0, evaluateEvery: Int = 1, keepWeights: Bool = false) {
        self.everySteps = everySteps; self.evaluateEvery = evaluateEvery; self.keepWeights = keepWeights
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        everySteps = try c.decode(.everySteps, default: 0)
        evaluateEvery = try c.decode(.evaluateEvery, default: 1)
        keepWeights = try c.decode(.keepWeights, default: false)
    }
}
