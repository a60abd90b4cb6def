/// JSON form: an object with a `kind` and the case's fields under their Swift names, e.g.
/// `{"kind": "cosine", "tMax": 50, "etaMin": 0}` or
/// `{"kind": "warmup", "epochs": 5, "startFactor": 0.1, "then": {"kind": "constant"}}`.
/// Encoding writes every field (so a spec hashes the same however it was written); decoding
/// fills in the defaults for missing ones. Kinds: constant, step, multiStep, exponential,
/// cosine, cosineWarmRestarts, cyclic, oneCycle, rangeTest, warmup, reduceOnPlateau.
extension LRSchedule: Codable {
    private enum Key: String, CodingKey {
        case kind, stepSize, gamma, milestones, tMax, etaMin, t0, tMult
        case baseLR, maxLR, stepSizeUp, stepSizeDown, mode, totalSteps, pctStart, anneal
        case divFactor, finalDivFactor, threePhase, steps, epochs, startFactor, then
        case factor, patience, threshold, thresholdMode, cooldown, minLR, eps, monitor
        case startLR, endLR
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func get<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        func need<T: Decodable>(_ key: Key) throws -> T { try c.decode(T.self, forKey: key) }
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "constant": self = .constant
        case "step": self = .step(stepSize: try need(.stepSize), gamma: try get(.gamma, 0.1))
        case "multiStep":
            self = .multiStep(milestones: try need(.milestones), gamma: try get(.gamma, 0.1))
        case "exponential": self = .exponential(gamma: try need(.gamma))
        case "cosine": self = .cosine(tMax: try need(.tMax), etaMin: try get(.etaMin, 0))
        case "cosineWarmRestarts":
            self = .cosineWarmRestarts(
                t0: try need(.t0), tMult: try get(.tMult, 1), etaMin: try get(.etaMin, 0))
        case "cyclic":
            self = .cyclic(
                baseLR: try need(.baseLR), maxLR: try need(.maxLR),
                stepSizeUp: try get(.stepSizeUp, 2000),
                stepSizeDown: try c.decodeIfPresent(Int.self, forKey: .stepSizeDown),
                mode: try get(.mode, CyclicMode.triangular), gamma: try get(.gamma, 1))
        case "oneCycle":
            self = .oneCycle(
                maxLR: try need(.maxLR), totalSteps: try need(.totalSteps),
                pctStart: try get(.pctStart, 0.3), anneal: try get(.anneal, AnnealStrategy.cos),
                divFactor: try get(.divFactor, 25), finalDivFactor: try get(.finalDivFactor, 1e4),
                threePhase: try get(.threePhase, false))
        case "rangeTest":
            self = .rangeTest(
                startLR: try need(.startLR), endLR: try need(.endLR), steps: try need(.steps))
        case "warmup":
            let length: WarmupLength
            if let steps = try c.decodeIfPresent(Int.self, forKey: .steps) {
                length = .steps(steps)
            } else if let epochs = try c.decodeIfPresent(Double.self, forKey: .epochs) {
                length = .epochs(epochs)
            } else {
                throw DecodingError.keyNotFound(Key.steps, DecodingError.Context(
                    codingPath: c.codingPath,
                    debugDescription: "A warmup needs \"steps\" or \"epochs\"."))
            }
            self = .warmup(
                length, startFactor: try get(.startFactor, 1.0 / 3.0),
                then: try get(.then, LRSchedule.constant))
        case "reduceOnPlateau":
            self = .reduceOnPlateau(
                mode: try get(.mode, MetricMode.min), factor: try get(.factor, 0.1),
                patience: try get(.patience, 10), threshold: try get(.threshold, 1e-4),
                thresholdMode: try get(.thresholdMode, ThresholdMode.rel),
                cooldown: try get(.cooldown, 0), minLR: try get(.minLR, 0),
                eps: try get(.eps, 1e-8), monitor: try get(.monitor, "val_loss"))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "Unknown schedule kind \"\(kind)\"; use one of constant, step, "
                    + "multiStep, exponential, cosine, cosineWarmRestarts, cyclic, oneCycle, "
                    + "rangeTest, warmup, reduceOnPlateau.")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .constant:
            try c.encode("constant", forKey: .kind)
        case let .step(stepSize, gamma):
            try c.encode("step", forKey: .kind)
            try c.encode(stepSize, forKey: .stepSize)
            try c.encode(gamma, forKey: .gamma)
        case let .multiStep(milestones, gamma):
            try c.encode("multiStep", forKey: .kind)
            try c.encode(milestones, forKey: .milestones)
            try c.encode(gamma, forKey: .gamma)
        case let .exponential(gamma):
            try c.encode("exponential", forKey: .kind)
            try c.encode(gamma, forKey: .gamma)
        case let .cosine(tMax, etaMin):
            try c.encode("cosine", forKey: .kind)
            try c.encode(tMax, forKey: .tMax)
            try c.encode(etaMin, forKey: .etaMin)
        case let .cosineWarmRestarts(t0, tMult, etaMin):
            try c.encode("cosineWarmRestarts", forKey: .kind)
            try c.encode(t0, forKey: .t0)
            try c.encode(tMult, forKey: .tMult)
            try c.encode(etaMin, forKey: .etaMin)
        case let .cyclic(baseLR, maxLR, up, down, mode, gamma):
            try c.encode("cyclic", forKey: .kind)
            try c.encode(baseLR, forKey: .baseLR)
            try c.encode(maxLR, forKey: .maxLR)
            try c.encode(up, forKey: .stepSizeUp)
            try c.encodeIfPresent(down, forKey: .stepSizeDown)
            try c.encode(mode, forKey: .mode)
            try c.encode(gamma, forKey: .gamma)
        case let .oneCycle(maxLR, totalSteps, pctStart, anneal, divFactor, finalDiv, threePhase):
            try c.encode("oneCycle", forKey: .kind)
            try c.encode(maxLR, forKey: .maxLR)
            try c.encode(totalSteps, forKey: .totalSteps)
            try c.encode(pctStart, forKey: .pctStart)
            try c.encode(anneal, forKey: .anneal)
            try c.encode(divFactor, forKey: .divFactor)
            try c.encode(finalDiv, forKey: .finalDivFactor)
            try c.encode(threePhase, forKey: .threePhase)
        case let .rangeTest(startLR, endLR, steps):
            try c.encode("rangeTest", forKey: .kind)
            try c.encode(startLR, forKey: .startLR)
            try c.encode(endLR, forKey: .endLR)
            try c.encode(steps, forKey: .steps)
        case let .warmup(length, startFactor, inner):
            try c.encode("warmup", forKey: .kind)
            switch length {
            case .steps(let n): try c.encode(n, forKey: .steps)
            case .epochs(let e): try c.encode(e, forKey: .epochs)
            }
            try c.encode(startFactor, forKey: .startFactor)
            try c.encode(inner, forKey: .then)
        case let .reduceOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown,
            minLR, eps, monitor):
            try c.encode("reduceOnPlateau", forKey: .kind)
            try c.encode(mode, forKey: .mode)
            try c.encode(factor, forKey: .factor)
            try c.encode(patience, forKey: .patience)
            try c.encode(threshold, forKey: .threshold)
            try c.encode(thresholdMode, forKey: .thresholdMode)
            try c.encode(cooldown, forKey: .cooldown)
            try c.encode(minLR, forKey: .minLR)
            try c.encode(eps, forKey: .eps)
            try c.encode(monitor, forKey: .monitor)
        }
    }
}
