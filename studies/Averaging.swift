import DLCore
import DLStudy

/// Weight averaging and ensembles on MNIST-1D: SWA (Izmailov et al. 2018) against the final and
/// the best-validation SGD weights, EMA, snapshot ensembles (Huang et al. 2017), independent
/// ensembles of one architecture and of several (Lakshminarayanan et al. 2017), and ridge
/// stacking (Wolpert 1992); accuracy, NLL, calibration (Guo et al. 2017) and flatness. Every
/// choice (SWA's start and rate, EMA's decay, the number of snapshot cycles, the stacking λ)
/// is made on a validation split.
public enum AveragingStudy {
    public static let study = make()

    /// The single-model runs (every level shares the seed's initial weights and batch order).
    static let single = ExperimentHandle("single")
    /// More SGD runs of the same architecture, other seeds: the independent ensemble's members.
    static let members = ExperimentHandle("members")
    /// Other architectures for the mixed ensemble, at the seeds of members 2 and 3.
    static let wide = ExperimentHandle("wide"), deep = ExperimentHandle("deep")

    static let learningRate: Float = 0.05, momentum: Float = 0.9, weightDecay: Float = 5e-4
    static let batchSize = 100, validationSamples = 500
    static let hidden = [100, 100], wideHidden = [256], deepHidden = [64, 64, 64]
    /// Members of the same-architecture ensemble; the mixed ensemble and its same-architecture
    /// counterpart have `smallEnsemble`.
    static let ensembleSize = 5, smallEnsemble = 3
    static let swaConstantRate: Float = 0.02, swaCycleHigh: Float = 0.05, swaCycleLow: Float = 0.005
    static let emaDecays = [0.99, 0.998]
    static let stackingGrid = [1e-3, 1e-2, 1e-1, 1, 10]
    /// The non-inferiority margin and the equivalence margin, stated before the runs: one point.
    static let margin = 0.01

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 20 : 40 }
    static func replicates(_ profile: Profile) -> Int { profile == .quick ? 2 : 10 }
    static func seeds(_ profile: Profile) -> [UInt64] { (0..<UInt64(replicates(profile))).map { $0 } }
    /// SWA's start epochs: half-way and three quarters of the way.
    static func swaStarts(_ profile: Profile) -> [Int] { [epochs(profile) / 2, 3 * epochs(profile) / 4] }
    /// SGDR cycles (each `epochs / k` long, one snapshot at the end of each).
    static func cycles(_ profile: Profile) -> [Int] { profile == .quick ? [2, 4] : [4, 8] }
    static func hessianIterations(_ profile: Profile) -> Int { profile == .quick ? 8 : 20 }

    /// The seed of extra member `j` (from 0) of replicate `r`'s ensemble: far from the replicate seeds.
    static func memberSeed(_ r: UInt64, _ j: Int) -> UInt64 { 1000 + r * UInt64(ensembleSize - 1) + UInt64(j) }
    static func memberSeeds(_ profile: Profile, member j: Int? = nil) -> [UInt64] {
        seeds(profile).flatMap { r in (0..<(ensembleSize - 1)).filter { j == nil || $0 == j }.map { memberSeed(r, $0) } }
    }

    static let sgdFinal = "SGD, final weights", sgdBest = "SGD, best validation epoch"
    static func swaLabel(_ start: Int, cyclic: Bool) -> String { "SWA from epoch \(start), \(cyclic ? "cyclic" : "constant") rate" }
    static func emaLabel(_ decay: Double) -> String { "EMA, decay \(Format.plain(decay))" }
    static func sgdrLabel(_ k: Int) -> String { "SGDR, \(k) cycles" }

    /// SGD with momentum and weight decay, the rate annealed to 0 by a cosine over the run;
    /// weights kept (the ensembles and the interpolation read them).
    static func base(_ profile: Profile, hidden: [Int] = hidden) -> RunSpec {
        var spec = RunSpec(
            data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), validationSamples: validationSamples),
            model: .mlp(hidden: hidden),
            optimizer: .sgd(lr: learningRate, momentum: momentum, weightDecay: weightDecay),
            batchSize: batchSize,
            budget: .epochs(epochs(profile)))
        spec.schedule = .cosine(tMax: epochs(profile))
        return spec
    }

    /// The single-model levels: SGD's final and best-validation weights, SWA (two starts × two
    /// rates), EMA (two decays), SGDR with a snapshot at the end of each cycle (two cycle counts).
    static func singleFactor(_ profile: Profile) -> Factor {
        let e = epochs(profile)
        var levels = [
            Level(single.level(sgdFinal)) { _ in },
            Level(single.level(sgdBest)) { $0.earlyStopping = EarlyStoppingConfig(patience: e, restoreBestWeights: true) },
        ]
        for start in swaStarts(profile) {
            levels.append(Level(single.level(swaLabel(start, cyclic: false))) {
                $0.hooks = [.swa(startEpoch: start, lr: swaConstantRate, recomputeBatchNorm: true)]
            })
            levels.append(Level(single.level(swaLabel(start, cyclic: true))) {
                $0.hooks = [.swaCyclic(startEpoch: start, maxLR: swaCycleHigh, minLR: swaCycleLow, recomputeBatchNorm: true)]
            })
        }
        for decay in emaDecays {
            levels.append(Level(single.level(emaLabel(decay))) { $0.hooks = [.ema(decay: decay, averageBuffers: false)] })
        }
        for k in cycles(profile) {
            levels.append(Level(single.level(sgdrLabel(k))) {
                $0.schedule = .cosineWarmRestarts(t0: e / k)
                $0.hooks = [.snapshots(initial: false, steps: [], epochs: (1...k).map { $0 * e / k })]
            })
        }
        return Vary("method", levels)
    }

    static func make() -> Study {
        Study("averaging", title: "Weight averaging and ensembles on MNIST-1D: SWA, EMA, snapshot ensembles, deep ensembles, stacking",
              question: "Does SWA give one model that beats snapshot ensembles and approaches independent ensembles, do ensembles of different architectures gain more than ensembles of one, and does ridge stacking beat plain averaging?") { profile in
            let methods = AveragingMethods.methods(profile)
            AveragingText.introduction(profile)
            Experiment(single, base: base(profile), vary: singleFactor(profile), seeds: Seeds(seeds(profile)),
                       probes: [.hessianTopEigenvalue(iterations: hessianIterations(profile))], keepWeights: true)
            // The same setup as the single experiment's first level, at other seeds: no table of its own.
            Experiment(members, base: base(profile), vary: Vary("network", [Level(members.level(sgdFinal)) { _ in }]),
                       seeds: Seeds(memberSeeds(profile)), keepWeights: true).withoutSetupTable()
            Experiment(wide, base: base(profile, hidden: wideHidden),
                       vary: Vary("network", [Level(wide.level("MLP 40-256-10")) { _ in }], changesInitOrData: true),
                       seeds: Seeds(memberSeeds(profile, member: 0)), keepWeights: true)
            Experiment(deep, base: base(profile, hidden: deepHidden),
                       vary: Vary("network", [Level(deep.level("MLP 40-64-64-64-10")) { _ in }], changesInitOrData: true),
                       seeds: Seeds(memberSeeds(profile, member: 1)), keepWeights: true)
            methods.derive
            AveragingText.results(profile, methods)
            AveragingText.claims(profile, methods)
            AveragingText.flatness(profile, methods)
            AveragingText.references
            AveragingText.doesNotShow(profile)
        }
    }
}
