import DLCore
import Foundation

/// An ensemble (or one model) evaluated from its members' kept weights: their softmax
/// probabilities on the validation and test sets, averaged (Lakshminarayanan et al. 2017), and
/// optionally stacked by ridge regression fitted on the validation split (Wolpert 1992); test
/// accuracy, NLL, expected calibration error with its reliability bins, and accuracy as members
/// are added. A derived job keyed by its members' runs and parameters, computed in the run
/// phase (in parallel with others, cached); the report reads the numbers only.
public enum EnsembleEvaluation {
    /// One member: a run's final weights, or a snapshot it kept (`epoch-20`).
    public struct Member: @unchecked Sendable {
        public let run: RunJob
        public let snapshot: String?
        public init(_ run: RunJob, snapshot: String? = nil) { self.run = run; self.snapshot = snapshot }
    }

    /// Bins of the reliability diagram and ECE (Guo et al. 2017 use 15).
    public static let bins = 15

    /// The job. `stackingGrid` (λ values) adds ridge stacking, λ chosen on the validation split
    /// by two-fold cross-validation within it (`RidgeStacking.fitChoosingLambda`). The runs must
    /// have a validation split and keep their weights (and the named snapshots).
    public static func job(name: String, members: [Member], stackingGrid: [Double]? = nil) -> DerivedJob {
        precondition(!members.isEmpty, "an ensemble needs at least one member")
        var parameters = "bins \(bins)\n"
        if let grid = stackingGrid { parameters += "stacking \(grid.map { "\($0)" }.joined(separator: ","))\n" }
        parameters += members.enumerated().map { "member \($0.offset): \($0.element.snapshot ?? "final")" }.joined(separator: "\n")
        var seen = Set<String>()
        let inputs = members.map(\.run).filter { seen.insert($0.key).inserted }
        return DerivedJob(kind: "ensemble", name: name, parameters: parameters, inputs: inputs) { context in
            var validation: [Probabilities] = [], test: [Probabilities] = []
            var splits: DataSplits?
            for m in members {
                let trainer = try context.trainedModel(m.run)
                if let snapshot = m.snapshot {
                    try trainer.model.load(stateDict: context.cache.tensors(ArtefactReference(run: m.run.key, snapshot: snapshot)),
                                           strict: true, source: "\(m.run.readableName) \(snapshot)")
                }
                guard let v = trainer.data.validation else {
                    throw ArtefactError(description: "\(m.run.readableName) has no validation split: give its data validationSamples")
                }
                splits = trainer.data
                validation.append(Probabilities.of(trainer.model, on: v))
                test.append(Probabilities.of(trainer.model, on: trainer.data.test))
            }
            return values(validation: validation, test: test, validationLabels: splits!.validation!.labels,
                          testLabels: splits!.test.labels, stackingGrid: stackingGrid)
        }
    }

    /// The numbers of the job from the members' probabilities (separate so tests can check it).
    static func values(validation: [Probabilities], test: [Probabilities], validationLabels: [Int32], testLabels: [Int32],
                       stackingGrid: [Double]?) -> DerivedValues {
        var n: [String: [Double]] = [:]
        let average = Probabilities.average(test), averageValidation = Probabilities.average(validation)
        n["test.accuracy"] = [Calibration.accuracy(average, labels: testLabels)]
        n["test.nll"] = [Calibration.negativeLogLikelihood(average, labels: testLabels)]
        n["test.ece"] = [Calibration.expectedCalibrationError(average, labels: testLabels, bins: bins)]
        n["validation.accuracy"] = [Calibration.accuracy(averageValidation, labels: validationLabels)]
        n["validation.nll"] = [Calibration.negativeLogLikelihood(averageValidation, labels: validationLabels)]
        let diagram = Calibration.bins(average, labels: testLabels, bins: bins)
        n["bins.count"] = diagram.map { Double($0.count) }
        n["bins.confidence"] = diagram.map(\.confidence)
        n["bins.accuracy"] = diagram.map(\.accuracy)
        n["members.accuracy"] = test.map { Calibration.accuracy($0, labels: testLabels) }
        n["members.nll"] = test.map { Calibration.negativeLogLikelihood($0, labels: testLabels) }
        n["prefix.accuracy"] = (1...test.count).map { Calibration.accuracy(Probabilities.average(Array(test.prefix($0))), labels: testLabels) }
        n["prefix.nll"] = (1...test.count).map { Calibration.negativeLogLikelihood(Probabilities.average(Array(test.prefix($0))), labels: testLabels) }
        if let grid = stackingGrid {
            let (stack, scores) = RidgeStacking.fitChoosingLambda(validation, labels: validationLabels, grid: grid)
            let p = stack.probabilities(test)
            n["stacking.accuracy"] = [Calibration.accuracy(p, labels: testLabels)]
            n["stacking.nll"] = [Calibration.negativeLogLikelihood(p, labels: testLabels)]
            n["stacking.ece"] = [Calibration.expectedCalibrationError(p, labels: testLabels, bins: bins)]
            n["stacking.lambda"] = [stack.lambda]
            n["stacking.cvNLL"] = scores
        }
        return DerivedValues(numbers: n)
    }

    /// The numbers read back.
    public struct Result: Sendable {
        public let values: DerivedValues
        public func scalar(_ key: String) -> Double? { values[numbers: key]?.first }
        public var accuracy: Double? { scalar("test.accuracy") }
        public var nll: Double? { scalar("test.nll") }
        public var ece: Double? { scalar("test.ece") }
        public var validationNLL: Double? { scalar("validation.nll") }
        public var validationAccuracy: Double? { scalar("validation.accuracy") }
        public var prefixAccuracy: [Double] { values[numbers: "prefix.accuracy"] ?? [] }
        public var memberAccuracy: [Double] { values[numbers: "members.accuracy"] ?? [] }
        /// Ensemble accuracy minus the mean of its members' (what diversity buys).
        public var gain: Double? {
            let m = memberAccuracy
            guard let a = accuracy, !m.isEmpty else { return nil }
            return a - m.reduce(0, +) / Double(m.count)
        }
        public var bins: [Calibration.Bin] {
            let c = values[numbers: "bins.count"] ?? [], f = values[numbers: "bins.confidence"] ?? [], a = values[numbers: "bins.accuracy"] ?? []
            return c.indices.map { i in
                Calibration.Bin(lower: Double(i) / Double(c.count), upper: Double(i + 1) / Double(c.count), count: Int(c[i]),
                                confidence: f[i], accuracy: a[i])
            }
        }
    }

    public static func result(_ values: DerivedValues?) -> Result? { values.map(Result.init) }
}
