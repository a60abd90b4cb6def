import DLCore
import DLStudy

/// Metric and quantity names as study files write them: snake_case, as `metrics.csv` spells its
/// columns (`test_accuracy`), and quantities as `final.test_accuracy`, `best.test_loss`,
/// `epoch_of_best.val_loss`, `probe.<key>`, `steps`, `epochs`.
enum QuantityName {
    static let metrics: [(String, Metric)] = [
        ("train_loss", .trainLoss), ("train_accuracy", .trainAccuracy), ("val_loss", .validationLoss),
        ("val_accuracy", .validationAccuracy), ("test_loss", .testLoss), ("test_accuracy", .testAccuracy),
        ("running_loss", .runningLoss), ("lr", .learningRate), ("generalization_gap", .generalizationGap),
    ]
    static var metricNames: [String] { metrics.map(\.0) }

    /// Probes by the key they record, for `probe.<key>` (keys of probes with more values, such
    /// as `symmetry.0.rank`, are written out after `probe.`).
    static let probeKeys = ["sharpness", "hessian_top", "hessian_trace", "weights.l2", "weights.near_zero"]

    static var examples: [String] {
        ["final.<metric>", "best.<metric>", "epoch_of_best.<metric>", "probe.<key>", "steps", "epochs"]
    }

    static func metric(_ name: String) -> Metric? { metrics.first { $0.0 == name }?.1 }

    static func metric(_ node: Located, _ what: String) throws -> Metric {
        let name = try node.text(what, example: "test_loss")
        guard let m = metric(name) else {
            let hint = closest(name, metricNames).map { "did you mean '\($0)'? " } ?? ""
            throw node.error("unknown metric '\(name)'", fix: "\(hint)known: \(metricNames.joined(separator: ", "))")
        }
        return m
    }

    static func quantity(_ node: Located, _ what: String) throws -> Quantity {
        let name = try node.text(what, example: "final.test_accuracy")
        switch parse(name) {
        case .success(let q): return q
        case .failure(let problem): throw node.error(problem.problem, fix: problem.fix)
        }
    }

    struct Problem: Error { let problem: String; let fix: String }

    /// The quantity a name means, or what is wrong with the name.
    static func parse(_ name: String) -> Result<Quantity, Problem> {
        if name == "steps" { return .success(.steps) }
        if name == "epochs" { return .success(.epochs) }
        guard let dot = name.firstIndex(of: ".") else {
            if metric(name) != nil { return .failure(Problem(problem: "'\(name)' is a metric, not a quantity", fix: "write final.\(name) (or best.\(name))")) }
            return .failure(Problem(problem: "unknown quantity '\(name)'", fix: "write one of \(examples.joined(separator: ", "))"))
        }
        let head = String(name[..<dot]), rest = String(name[name.index(after: dot)...])
        switch head {
        case "probe":
            return rest.isEmpty ? .failure(Problem(problem: "'\(name)' names no probe key", fix: "write probe.sharpness, probe.hessian_top, …")) : .success(.probe(rest))
        case "final", "best", "epoch_of_best":
            guard let m = metric(rest) else {
                let hint = closest(rest, metricNames).map { "did you mean '\(head).\($0)'? " } ?? ""
                return .failure(Problem(problem: "unknown metric '\(rest)'", fix: "\(hint)known: \(metricNames.joined(separator: ", "))"))
            }
            return .success(head == "final" ? .final(m) : head == "best" ? .best(m) : .epochOfBest(m))
        default:
            let hint = closest(head, ["final", "best", "epoch_of_best", "probe"]).map { "did you mean '\($0).\(rest)'? " } ?? ""
            return .failure(Problem(problem: "unknown quantity '\(name)'", fix: "\(hint)write one of \(examples.joined(separator: ", "))"))
        }
    }
}
