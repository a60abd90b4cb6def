extension RunSpec {
    /// The most arithmetic this run can do, in forward multiply-accumulates: training passes
    /// (forward and backward, about 3× a forward pass) over every sample its budget allows, plus
    /// the evaluation passes over train, validation and test after each evaluated epoch. A run
    /// that reaches its loss target or stops early does less; the bound still orders the runs of
    /// a study by length (a batch-1024 run with the same step budget as a batch-16 run is 64×
    /// longer), which is what the runner needs to start the longest first. Nil when the spec
    /// does not fit the data (training will say why).
    public func workBound(data: DataSplits) -> Double? {
        let inputShape = model.inputShape(forData: data.train.sampleShape)
        guard let model = try? model.build(sampleShape: inputShape, classes: data.train.classes) else { return nil }
        let macs = Double(model.forwardMACs(for: inputShape))
        let n = data.train.count
        let perEpoch = dropLast ? n / max(batchSize, 1) * batchSize : n
        var samples = Double.infinity
        if let e = budget.epochs { samples = Double(e) * Double(perEpoch) }
        if let s = budget.steps { samples = min(samples, Double(s) * Double(batchSize)) }
        guard samples.isFinite else { return nil }
        let epochs = samples / Double(max(perEpoch, 1))
        let evaluated = (data.train.count + (data.validation?.count ?? 0) + data.test.count)
        let evaluations = (epochs / Double(max(record.evaluateEvery, 1))).rounded(.up) + 1
        return macs * (3 * samples + evaluations * Double(evaluated))
    }
}
