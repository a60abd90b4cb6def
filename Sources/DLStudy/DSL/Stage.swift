import DLCore

/// How an experiment's runs start from another experiment's runs: a staged experiment. Each of
/// its runs names one upstream run — same seed; the upstream cell with the same label, the one
/// `level` names, or the upstream experiment's only cell — and `start` says which of that run's
/// artefacts it starts from. Chains of stages (train → prune → retrain → prune …) are chains of
/// experiments; the plan orders them, and the cache keys chain through `RunSpec.start`.
public struct Stage: @unchecked Sendable {
    /// The experiment the runs start from.
    public let experiment: String
    /// The upstream cell, by label; nil for the cell with the same label (or the only one).
    public let level: String?
    public let start: (Upstream) -> StartPoint
    /// Upstream cells for some of this experiment's cells, by cell label: a control that starts
    /// from another chain (a reinitialized ticket takes its mask from the ticket's upstream, not
    /// from its own). Cells not named here follow `level`, or the cell with the same label.
    public private(set) var upstreamLevels: [String: String] = [:]

    public init(from experiment: String, level: String? = nil, start: @escaping (Upstream) -> StartPoint) {
        self.experiment = experiment
        self.level = level
        self.start = start
    }

    /// This stage with cell `cell` starting from the upstream cell `level` instead.
    public func starting(_ cell: String, from level: String) -> Stage {
        var copy = self
        copy.upstreamLevels[cell] = level
        return copy
    }

    /// The label of the upstream cell that the cell `label` starts from, given the upstream
    /// experiment's cell labels: the one `upstreamLevels` names, else `level`, else the
    /// upstream's only cell, else the cell with the same label.
    func upstreamLabel(forCell label: String, upstreamCells: [String]) -> String {
        if let mapped = upstreamLevels[label], upstreamCells.count > 1 { return mapped }
        return level ?? (upstreamCells.count == 1 ? upstreamCells[0] : label)
    }

    /// Fine-tuning: start from the upstream run's final weights.
    public static func finalWeights(of experiment: String, level: String? = nil) -> Stage {
        Stage(from: experiment, level: level) { StartPoint(weights: $0.final) }
    }

    /// One round of magnitude pruning: prune `amount` of the upstream run's remaining weights by
    /// magnitude and train again from `rewind` (the weights the upstream run itself started from
    /// by default — its initialization, or the rewound weights it was given — so every round of a
    /// chain rewinds to the same point, as Frankle & Carbin do).
    public static func prune(_ experiment: String, level: String? = nil, amount: Double, scope: MaskRecipe.Scope = .layer,
                             random: Bool = false, rewind: ((Upstream) -> ArtefactReference)? = nil) -> Stage {
        Stage(from: experiment, level: level) { up in
            StartPoint(weights: rewind?(up) ?? up.startingWeights,
                       mask: MaskRecipe(weights: up.final, amount: amount, scope: scope, random: random))
        }
    }
}

/// The run a staged run starts from, as the plan knows it: its cache key and spec.
public struct Upstream: Sendable {
    public let key: String
    public let spec: RunSpec

    /// Its final weights (the restored ones under early stopping).
    public var final: ArtefactReference { ArtefactReference(run: key) }
    /// Its weights before the first step (needs a snapshot of `init`).
    public var initial: ArtefactReference { ArtefactReference(run: key, snapshot: "init") }
    /// Its weights after `k` steps (needs a snapshot there).
    public func step(_ k: Int) -> ArtefactReference { ArtefactReference(run: key, snapshot: "step-\(k)") }
    /// Its weights at the end of epoch `k` (needs a snapshot there).
    public func epoch(_ k: Int) -> ArtefactReference { ArtefactReference(run: key, snapshot: "epoch-\(k)") }
    /// The weights it started from: what it was given, or its own initialization.
    public var startingWeights: ArtefactReference { spec.start?.weights ?? initial }
}
