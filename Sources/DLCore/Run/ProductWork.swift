/// The floating-point work a finished run did in matrix products: its optimization steps
/// (`Sequential.stepMACs` per sample trained) and its evaluation passes (the forward pass per
/// sample evaluated). Its time at the machine's sgemm peak is then a floor: with the same
/// records the run cannot take less unless its products outrun that peak. Probes and
/// element-wise work are not counted.
public struct ProductWork: Sendable, Equatable {
    public var stepFLOPs = 0.0
    public var evaluationFLOPs = 0.0
    public var total: Double { stepFLOPs + evaluationFLOPs }

    public init(stepFLOPs: Double = 0, evaluationFLOPs: Double = 0) {
        self.stepFLOPs = stepFLOPs
        self.evaluationFLOPs = evaluationFLOPs
    }

    /// The work behind `record`: every sample trained and every epoch row's evaluated splits.
    public init(record: RunRecord, model: Sequential, data: DataSplits) {
        let shape = data.train.sampleShape
        let trained = record.epochs.last?.samplesSeen ?? 0
        let evaluated = record.epochs.reduce(0) { n, e in
            n + (e.trainLoss == nil ? 0 : data.train.count) + (e.validationLoss == nil ? 0 : data.validation?.count ?? 0)
                + (e.testLoss == nil ? 0 : data.test.count)
        }
        stepFLOPs = 2 * Double(model.stepMACs(for: shape)) * Double(trained)
        evaluationFLOPs = 2 * Double(model.forwardMACs(for: shape)) * Double(evaluated)
    }

    public static func += (a: inout ProductWork, b: ProductWork) {
        a.stepFLOPs += b.stepFLOPs
        a.evaluationFLOPs += b.evaluationFLOPs
    }
}
