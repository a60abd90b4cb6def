import DLCore
import Foundation

/// The model of an experiment's base run as the setup table shows it — printed like PyTorch
/// prints `nn.Sequential`, its parameter count and FLOPs per training step — measured in the
/// run phase so the report needs no model.
public enum ModelSummary {
    static func job(for base: RunSpec, study: String, experiment: String) -> DerivedJob {
        var spec = base
        spec.seed = 0
        spec.start = nil
        let parameters = String(decoding: spec.canonicalJSON, as: UTF8.self)
        return DerivedJob(kind: "model", name: "\(study)/\(experiment)/model", parameters: parameters, inputs: []) { context in
            let trainer = try context.freshModel(spec)
            let model = trainer.model
            let shape = trainer.data.train.sampleShape
            let flops = model.trainingFLOPs(sampleShape: shape, batch: spec.batchSize)
            return DerivedValues(numbers: ["parameters": [Double(model.parameterCount)], "flopsPerStep": [Double(flops)]],
                                 texts: ["description": model.description])
        }
    }
}
