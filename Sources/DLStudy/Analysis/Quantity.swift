import DLCore

/// A number each run yields, for tables, claims and summary figures.
public enum Quantity: Sendable {
    /// The metric of the weights the run ended with.
    case final(Metric)
    /// The best value over the evaluated epochs (lowest loss, highest accuracy).
    case best(Metric)
    /// The epoch at which `best` was reached.
    case epochOfBest(Metric)
    /// The second metric at the epoch the first is best (the earliest such epoch): early
    /// stopping chosen on one metric, read on another — `.atBestEpoch(of: .validationLoss,
    /// .testAccuracy)` is the test accuracy of the run stopped where its validation loss is lowest.
    case atBestEpoch(of: Metric, Metric)
    /// The optimization step at the end of the epoch where `best` was reached (the earliest
    /// such epoch; 0 when it is the evaluation before training): the early-stopping iteration.
    case stepOfBest(Metric)
    /// A probe's value (the first number under that key).
    case probe(String)
    /// Optimization steps taken.
    case steps
    /// Epochs trained.
    case epochs
    /// Anything else, computed from the record.
    case custom(String, @Sendable (RunRecord) -> Double?)

    public var name: String {
        switch self {
        case .final(let m): return m.label
        case .best(let m): return "best \(m.label)"
        case .epochOfBest(let m): return "epoch of best \(m.label)"
        case let .atBestEpoch(monitor, m): return "\(m.label) at \(monitor.isAccuracy ? "best" : "lowest") \(monitor.label)"
        case .stepOfBest(let m): return "step of \(m.isAccuracy ? "best" : "lowest") \(m.label)"
        case .probe(let key): return ProbeLabels.label(key)
        case .steps: return "steps"
        case .epochs: return "epochs"
        case .custom(let name, _): return name
        }
    }

    /// Whether "best" means something for this quantity (metrics do; probe values such as a rank
    /// describe, they do not rank), for marking the best table cell.
    public var hasBest: Bool {
        switch self {
        case .final, .best, .atBestEpoch: return true
        default: return false
        }
    }

    /// Whether the values are accuracies (a fraction, shown as a percentage in tables).
    public var isAccuracy: Bool {
        switch self {
        case .final(let m), .best(let m), .atBestEpoch(_, let m): return m.isAccuracy
        default: return false
        }
    }

    /// True when smaller is better (losses, gaps), for marking the best table cell.
    public var lowerIsBetter: Bool {
        switch self {
        case .final(let m), .best(let m), .atBestEpoch(_, let m): return !m.isAccuracy
        default: return true
        }
    }

    /// The value for one run; nil when the run has none (diverged, probe not taken).
    public func value(_ record: RunRecord) -> Double? {
        switch self {
        case .final(let m):
            guard record.status != .diverged else { return nil }
            return record.final?.value(m)
        case .best(let m):
            let values = record.epochs.compactMap { $0.value(m) }.filter(\.isFinite)
            return m.isAccuracy ? values.max() : values.min()
        case .epochOfBest(let m):
            let rows = record.epochs.filter { $0.value(m)?.isFinite == true }
            let best = m.isAccuracy ? rows.max { $0.value(m)! < $1.value(m)! } : rows.min { $0.value(m)! < $1.value(m)! }
            return best.map { Double($0.epoch) }
        case let .atBestEpoch(monitor, m):
            guard record.status != .diverged else { return nil }
            return Self.earliestBest(record, monitor)?.value(m)
        case .stepOfBest(let m):
            guard record.status != .diverged else { return nil }
            return Self.earliestBest(record, m).map { Double($0.step) }
        case .probe(let key): return record.probes[key]?.first
        case .steps: return Double(record.totalSteps)
        case .epochs: return Double(record.epochs.last?.epoch ?? 0)
        case .custom(_, let f): return f(record)
        }
    }
}

extension Quantity {
    /// The earliest evaluated epoch where `metric` is best (lowest loss, highest accuracy).
    static func earliestBest(_ record: RunRecord, _ metric: Metric) -> EpochMetrics? {
        var best: EpochMetrics?
        for row in record.epochs {
            guard let v = row.value(metric), v.isFinite else { continue }
            if let b = best?.value(metric), metric.isAccuracy ? v <= b : v >= b { continue }
            best = row
        }
        return best
    }
}

extension Metric {
    public var isAccuracy: Bool { self == .trainAccuracy || self == .testAccuracy || self == .validationAccuracy }

    /// Human label for axes and tables.
    public var label: String {
        switch self {
        case .trainLoss: return "train loss"
        case .trainAccuracy: return "train accuracy"
        case .validationLoss: return "validation loss"
        case .validationAccuracy: return "validation accuracy"
        case .testLoss: return "test loss"
        case .testAccuracy: return "test accuracy"
        case .runningLoss: return "minibatch loss"
        case .learningRate: return "learning rate"
        case .generalizationGap: return "generalization gap (test − train loss)"
        }
    }
}

/// Readable names for probe keys.
enum ProbeLabels {
    static func label(_ key: String) -> String {
        switch key {
        case "sharpness": return "ε-sharpness"
        case "hessian_top": return "top Hessian eigenvalue λ₁"
        case "weights.l2": return "L2 norm of the first weight"
        case "weights.near_zero": return "fraction of near-zero weights (first weight)"
        default:
            let parts = key.split(separator: ".")
            if parts.count == 3, parts[0] == "symmetry", let layer = Int(parts[1]) {
                let what = ["rank": "rank", "min_cos": "min cosine", "mean_cos": "mean cosine", "max_dev": "max deviation"][String(parts[2])] ?? String(parts[2])
                return "\(what) of layer \(layer)'s weight"
            }
            return key.replacingOccurrences(of: "_", with: " ")
        }
    }
}
