import DLCore
import DLStudy
import Foundation

extension InitializationStudy {
    /// The 16-layer plain net at initialization: the spread of the activations through depth.
    @StudyBuilder
    static func signalScale(_ profile: Profile) -> [StudyBlock] {
        Heading("A deep plain network: the scale of the signal")
        Prose("""
            \(depth) hidden layers of \(width) units, each a `Linear` followed by ReLU or by tanh, then a `Linear` to the \
            10 classes; no batch normalization. Three random schemes: Xavier/Glorot normal (gain 1, biases 0), \
            He/Kaiming normal (fan-in, gain √2, biases 0) and PyTorch's default (weights and biases uniform). \
            Before any training, the spread of every hidden layer's activations is measured on 1000 \
            training samples: each unit's standard deviation across the samples, as a root mean square over \
            the layer's units — the part of the activations that carries the input (a bias that makes units \
            differ from one another but not from sample to sample does not count). For a ReLU layer He's variance keeps the mean square of the activations from \
            layer to layer; Xavier's halves it at every layer (its variance is half of He's here, where \
            fan-in = fan-out), and PyTorch's default divides it by six. With tanh (whose slope is at most 1) \
            Xavier's gain 1 lets the signal decay slowly, while He's gain √2 pushes the units toward \
            saturation at ±1. The same seeds give the same initial weights as the training runs below.
            """)
        let scaleLevel = { (act: String, scheme: String) in scale.level("\(act), \(scheme)") }
        Experiment(scale, base: { var s = deepBase(profile, .relu); s.budget = .epochs(1); s.earlyStopping = nil; return s }(),
                   vary: Vary("activation", activations.map { name, act in Level(name) { $0.model = deepModel(act) } }),
                   Vary("initialization", random3.map { name, scheme in Level(name) { $0.initialization = scheme } }, changesInitOrData: true),
                   seeds: seeds(profile), probes: [.activationStatistics])
        FigureBlock.layerProfile(
            "scale", caption: "Spread of each hidden layer's activations at initialization: each unit's standard deviation across 1000 training samples, root mean square over the layer's units (log axis; geometric mean over seeds, band: the seeds' range). Left: ReLU; right: tanh.",
            panels: activations.map { act, _ in (scale, act, random3.map { scaleLevel(act, $0.0) }) }, probe: spreadKey,
            yLabel: "activations' std across samples")
        TableBlock("scale", caption: "Activations' spread at initialization (each unit's std across samples, root mean square over units), hidden layers 1, \(depth / 2) and \(depth), and the log₂ ratio of the last to the first (0: the scale is kept; −1: halved).",
                   experiment: scale.id, [activationStd(1), activationStd(depth / 2), activationStd(depth), depthLogRatio])
        let heKeeps = Claim("With ReLU, He keeps the activations' scale through \(depth) layers (the std at layer \(depth) is within a factor of 2 of layer 1's)",
                            depthLogRatioSize, scaleLevel("ReLU", "He"), lessThan: 1).family("scale")
        let xavierShrinks = Claim("With ReLU, Xavier shrinks the activations with depth more than He (log₂ ratio of the std at layer \(depth) to layer 1)",
                                  depthLogRatio, scaleLevel("ReLU", "Xavier"), lessThan: scaleLevel("ReLU", "He")).family("scale")
        let pytorchShrinks = Claim("With ReLU, PyTorch's default shrinks them more than Xavier",
                                   depthLogRatio, scaleLevel("ReLU", "PyTorch default"), lessThan: scaleLevel("ReLU", "Xavier")).family("scale")
        let tanhSaturates = Claim("With tanh, He's activations at layer \(depth) are larger (nearer saturation at ±1) than Xavier's",
                                  activationStd(depth), scaleLevel("tanh", "He"), greaterThan: scaleLevel("tanh", "Xavier")).family("scale")
        let tanhDecays = Claim("With tanh, Xavier's activations shrink with depth (std at layer \(depth) below layer 1's)",
                               depthLogRatio, scaleLevel("tanh", "Xavier"), lessThan: 0).family("scale")
        heKeeps
        xavierShrinks
        pytorchShrinks
        tanhSaturates
        tanhDecays
        Prose { r in
            let ratio = { (a: String, s: String) in exp2(r.mean(scaleLevel(a, s), depthLogRatio)) }
            let std = { (a: String, s: String, k: Int) in r.mean(scaleLevel(a, s), activationStd(k)) }
            return "With ReLU, from hidden layer 1 to hidden layer \(depth) the activations' std changes by a factor of \(number: ratio("ReLU", "He")) under He, \(number: ratio("ReLU", "Xavier")) under Xavier and \(number: ratio("ReLU", "PyTorch default")) under PyTorch's default (geometric means of the per-seed ratios). "
                + r.reading(heKeeps, supported: "He keeps the scale within a factor of 2, as its derivation predicts; ",
                            contradicted: "He does not keep it within a factor of 2 here; ",
                            inconclusive: "Whether He keeps it within a factor of 2 is not settled by the seeds; ")
                + r.reading(xavierShrinks, supported: "Xavier shrinks it, ", contradicted: "Xavier does not shrink it more than He, ", inconclusive: "whether Xavier shrinks it more than He is not settled, ")
                + r.reading(pytorchShrinks, supported: "and PyTorch's default shrinks it most. ", contradicted: "and PyTorch's default shrinks it less than Xavier. ", inconclusive: "and PyTorch's default against Xavier is not settled. ")
                + "With tanh, the std at layer \(depth) is \(number: std("tanh", "He", depth)) under He, \(number: std("tanh", "Xavier", depth)) under Xavier and \(number: std("tanh", "PyTorch default", depth)) under PyTorch's default (layer 1: \(number: std("tanh", "He", 1)), \(number: std("tanh", "Xavier", 1)), \(number: std("tanh", "PyTorch default", 1))). "
                + r.reading(tanhSaturates, supported: "He drives the tanh units further toward saturation than Xavier.",
                            contradicted: "Against the claim, He's tanh activations are smaller than Xavier's at depth.",
                            inconclusive: "The seeds do not settle whether He's tanh activations are larger than Xavier's at depth.")
        }

    }
}
