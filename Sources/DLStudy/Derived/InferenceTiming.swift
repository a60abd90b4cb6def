import DLCore
import Dispatch
import Foundation

/// Measured inference time on this machine: does a pruned model run faster? Each candidate — a
/// trained run's model (with its pruned weights, zeros and all) or a fresh model of another
/// architecture (whole units removed: a smaller dense layer) — evaluates the test set in
/// evaluation mode, `repeats` times, the candidates interleaved pass by pass so that load from
/// other processes falls on all of them alike. Alongside: each model's multiply-adds per sample
/// (what the dense engine executes, zeros included) and its nonzero weights.
///
/// A measurement of the machine, not of the runs: it is not bit-reproducible, so keep it out
/// of claims and of anything `dlstudy check` compares (derived values are not in baselines).
public enum InferenceTiming {
    public enum Source: @unchecked Sendable {
        /// The kept final weights of a run.
        case run(RunJob)
        /// A model as `spec` builds it, freshly initialized (the time does not depend on the values).
        case fresh(RunSpec)
    }

    public struct Candidate: @unchecked Sendable {
        public let label: String
        public let source: Source
        public init(_ label: String, _ source: Source) { self.label = label; self.source = source }
    }

    /// One candidate's numbers, read back from the derived values.
    public struct Measurement: Sendable {
        public let label: String
        /// Seconds per pass over the test set, one per repeat.
        public let seconds: [Double]
        public let multiplyAddsPerSample: Double
        public let nonzeroWeights: Double
        public let weights: Double
        public var medianSeconds: Double { seconds.isEmpty ? .nan : Self.median(seconds) }

        static func median(_ xs: [Double]) -> Double {
            let s = xs.sorted(), n = s.count
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
        }
    }

    public static func job(name: String, candidates: [Candidate], repeats: Int) -> DerivedJob {
        var parameters = "repeats \(repeats)\n"
        var inputs: [RunJob] = []
        for c in candidates {
            switch c.source {
            case .run(let job):
                parameters += "\(c.label): run\n"
                inputs.append(job)
            case .fresh(let spec):
                parameters += "\(c.label): fresh \(String(decoding: spec.canonicalJSON, as: UTF8.self))\n"
            }
        }
        return DerivedJob(kind: "inference-time", name: name, parameters: parameters, inputs: inputs) { context in
            let trainers = try candidates.map { c -> Trainer in
                switch c.source {
                case .run(let job): return try context.trainedModel(job)
                case .fresh(let spec): return try context.freshModel(spec)
                }
            }
            var numbers: [String: [Double]] = [:]
            for (i, t) in trainers.enumerated() {
                let weights = t.model.namedParameters.filter { $0.parameter.role == .weight }.map(\.parameter.value)
                numbers["macs.\(i)"] = [Double(t.model.forwardMACs(for: t.data.test.sampleShape))]
                numbers["weights.\(i)"] = [Double(weights.reduce(0) { $0 + $1.count })]
                numbers["nonzero.\(i)"] = [Double(weights.reduce(0) { n, w in n + (0..<w.count).reduce(0) { $0 + (w[$1] != 0 ? 1 : 0) } })]
                numbers["seconds.\(i)"] = []
                for _ in 0..<2 { _ = Evaluation.of(t.model, on: t.data.test) }  // warm-up: buffers, caches
            }
            for _ in 0..<repeats {
                for (i, t) in trainers.enumerated() {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = Evaluation.of(t.model, on: t.data.test)
                    numbers["seconds.\(i)"]!.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
            }
            return DerivedValues(numbers: numbers, texts: Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ("label.\($0.offset)", $0.element.label) }))
        }
    }

    /// The measurements of a job's values, in candidate order; nil when it was not measured.
    public static func measurements(_ values: DerivedValues?) -> [Measurement]? {
        guard let values else { return nil }
        var out: [Measurement] = []
        var i = 0
        while let label = values[text: "label.\(i)"] {
            out.append(Measurement(label: label, seconds: values[numbers: "seconds.\(i)"] ?? [],
                                   multiplyAddsPerSample: values[numbers: "macs.\(i)"]?.first ?? .nan,
                                   nonzeroWeights: values[numbers: "nonzero.\(i)"]?.first ?? .nan,
                                   weights: values[numbers: "weights.\(i)"]?.first ?? .nan))
            i += 1
        }
        return out
    }
}
