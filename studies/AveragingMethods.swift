import DLCore
import DLStudy

/// The averaging study's prediction methods: which runs (and snapshots) each one evaluates at a
/// replicate seed, its candidates (chosen on validation), and what it costs.
enum AveragingMethods {
    typealias S = AveragingStudy

    static let sgdFinal = "SGD, final weights", sgdBest = "SGD, best validation epoch"
    static let swa = "SWA", ema = "EMA", snapshots = "snapshot ensemble (SGDR)"
    static let ensemble = "ensemble of \(S.ensembleSize), same architecture"
    static let stacked = "ridge stacking of the \(S.ensembleSize)"
    static let sameSmall = "ensemble of \(S.smallEnsemble), same architecture"
    static let mixed = "ensemble of \(S.smallEnsemble), three architectures"
    static let mixedStacked = "ridge stacking of the \(S.smallEnsemble) architectures"

    /// The SWA levels in candidate order (start × rate).
    static func swaLevels(_ profile: Profile) -> [String] {
        S.swaStarts(profile).flatMap { [S.swaLabel($0, cyclic: false), S.swaLabel($0, cyclic: true)] }
    }

    static func emaLevels() -> [String] { S.emaDecays.map(S.emaLabel) }

    /// One model: a level of the single experiment, final weights.
    static func one(_ runs: PlannedRuns, _ level: String, _ seed: UInt64) -> DerivedJob? {
        runs.job(S.single.id, level: level, seed: seed).map {
            EnsembleEvaluation.job(name: "averaging/\(level)/seed-\(seed)", members: [.init($0)])
        }
    }

    /// The snapshot ensemble of an SGDR level: its k cycle-end snapshots, the last first (so a
    /// prefix of m members is Huang et al.'s ensemble of the last m snapshots).
    static func snapshotEnsemble(_ runs: PlannedRuns, _ profile: Profile, cycles k: Int, _ seed: UInt64) -> DerivedJob? {
        let e = S.epochs(profile)
        return runs.job(S.single.id, level: S.sgdrLabel(k), seed: seed).map { run in
            EnsembleEvaluation.job(name: "averaging/\(S.sgdrLabel(k))/seed-\(seed)",
                                   members: (1...k).reversed().map { .init(run, snapshot: "epoch-\($0 * e / k)") })
        }
    }

    /// The SGD runs of replicate `seed`: its own (from the single experiment) and the extra members.
    static func sameArchitecture(_ runs: PlannedRuns, _ seed: UInt64, count: Int) -> [RunJob]? {
        let own = runs.job(S.single.id, level: sgdFinal, seed: seed)
        let extra = (0..<(count - 1)).map { runs.job(S.members.id, level: sgdFinal, seed: S.memberSeed(seed, $0)) }
        let all = [own] + extra
        return all.contains { $0 == nil } ? nil : all.map { $0! }
    }

    static func mixedArchitectures(_ runs: PlannedRuns, _ seed: UInt64) -> [RunJob]? {
        let all = [runs.job(S.single.id, level: sgdFinal, seed: seed),
                   runs.job(S.wide.id, level: "MLP 40-256-10", seed: S.memberSeed(seed, 0)),
                   runs.job(S.deep.id, level: "MLP 40-64-64-64-10", seed: S.memberSeed(seed, 1))]
        return all.contains { $0 == nil } ? nil : all.map { $0! }
    }

    static func ensembleJob(_ name: String, _ runs: [RunJob]?, seed: UInt64) -> [DerivedJob] {
        guard let runs else { return [] }
        return [EnsembleEvaluation.job(name: "averaging/\(name)/seed-\(seed)", members: runs.map { .init($0) }, stackingGrid: S.stackingGrid)]
    }

    static func methods(_ profile: Profile) -> PredictionMethods {
        let e = S.epochs(profile)
        let singles: [(String, [String])] = [(sgdFinal, [sgdFinal]), (sgdBest, [sgdBest]), (swa, swaLevels(profile)), (ema, emaLevels())]
        var list = singles.map { label, levels in
            PredictionMethod(label, models: 1, trainingEpochs: e) { runs, seed in levels.compactMap { one(runs, $0, seed) } }
        }
        list.append(PredictionMethod(snapshots, models: S.cycles(profile).max()!, trainingEpochs: e) { runs, seed in
            S.cycles(profile).compactMap { snapshotEnsemble(runs, profile, cycles: $0, seed) }
        })
        list.append(PredictionMethod(sameSmall, models: S.smallEnsemble, trainingEpochs: S.smallEnsemble * e) { runs, seed in
            ensembleJob("same-\(S.smallEnsemble)", sameArchitecture(runs, seed, count: S.smallEnsemble), seed: seed)
        })
        list.append(PredictionMethod(mixed, models: S.smallEnsemble, trainingEpochs: S.smallEnsemble * e) { runs, seed in
            ensembleJob("mixed-\(S.smallEnsemble)", mixedArchitectures(runs, seed), seed: seed)
        })
        list.append(PredictionMethod(mixedStacked, models: S.smallEnsemble, trainingEpochs: S.smallEnsemble * e, stacked: true) { runs, seed in
            ensembleJob("mixed-\(S.smallEnsemble)", mixedArchitectures(runs, seed), seed: seed)
        })
        list.append(PredictionMethod(ensemble, models: S.ensembleSize, trainingEpochs: S.ensembleSize * e) { runs, seed in
            ensembleJob("same-\(S.ensembleSize)", sameArchitecture(runs, seed, count: S.ensembleSize), seed: seed)
        })
        list.append(PredictionMethod(stacked, models: S.ensembleSize, trainingEpochs: S.ensembleSize * e, stacked: true) { runs, seed in
            ensembleJob("same-\(S.ensembleSize)", sameArchitecture(runs, seed, count: S.ensembleSize), seed: seed)
        })
        return PredictionMethods(list, seeds: S.seeds(profile), experiment: S.single.id)
    }

    /// The level of the single experiment a one-model method chose at `seed` (for its λ₁).
    static func chosenLevel(_ r: StudyResults, _ method: PredictionMethod, _ profile: Profile, seed: UInt64) -> String? {
        guard let (i, _) = method.chosen(r, seed: seed) else { return nil }
        switch method.label {
        case swa: return swaLevels(profile)[i]
        case ema: return emaLevels()[i]
        case sgdFinal, sgdBest: return method.label
        default: return nil
        }
    }

    /// λ₁ of the chosen one-model candidate per seed, by method label.
    static func hessianTop(_ methods: PredictionMethods, _ profile: Profile) -> SeedValues {
        SeedValues(levels: [sgdFinal, sgdBest, swa, ema]) { r, label in
            guard let m = methods[label], let cells = r[S.single] else { return nil }
            var out: [UInt64: Double] = [:]
            for seed in methods.seeds {
                if let level = chosenLevel(r, m, profile, seed: seed), let record = cells[level]?.runs[seed],
                   let v = Quantity.hessianTop.value(record), v.isFinite { out[seed] = v }
            }
            return out
        }
    }
}
