import DLCore
import DLFiles
import Foundation

/// Trains the runs a study is missing, in parallel, and stores each record as it finishes.
///
/// Each worker thread trains one run at a time with one BLAS thread, so `--jobs N` uses N
/// cores; a record depends only on its spec, never on N or on what runs beside it.
public final class Runner: @unchecked Sendable {
    public enum Event {
        case cached(RunJob)
        case started(RunJob)
        case epoch(RunJob, epoch: Int, loss: Double?)
        case finished(RunJob, RunRecord)
        case failed(RunJob, String)
        case corrupt(RunJob, String)
        /// Another process holds the run's lock (it is training it); taken up again at the end.
        case elsewhere(RunJob)
        /// A derived job (an interpolation, a model summary…) was computed and stored.
        case derived(DerivedJob)
        case derivedFailed(DerivedJob, String)
    }

    public struct Summary: Sendable {
        public var planned = 0
        public var cached = 0
        public var trained = 0
        public var failures: [(String, String)] = []
        /// Derived jobs planned, found cached, and computed now.
        public var derivedPlanned = 0
        public var derivedCached = 0
        public var derivedComputed = 0
        /// Set when the cache could not be written: what and why. Training stopped there.
        public var cannotStore: String?
        /// Where the time of this execution went (runs trained now; cached runs cost nothing).
        public var timings = Timings()
    }

    /// Wall time of one `execute` and the core-seconds of the runs it trained, split by what
    /// they did. Idle is what the `jobs` cores could have done in the wall time but did not.
    public struct Timings: Sendable {
        public var wallSeconds = 0.0
        public var cores = 1
        /// Each trained run from start to stored record.
        public var runSeconds = 0.0
        /// Of `runSeconds`: optimization steps (training minus evaluation), evaluation passes,
        /// probes; the rest is setup, data and storing.
        public var stepSeconds = 0.0
        public var evaluationSeconds = 0.0
        public var probeSeconds = 0.0
        /// Derived jobs (interpolations, model summaries…), beside the runs.
        public var derivedSeconds = 0.0
        public var otherSeconds: Double { max(0, runSeconds - stepSeconds - evaluationSeconds - probeSeconds) }
        public var idleCoreSeconds: Double { max(0, Double(cores) * wallSeconds - runSeconds - derivedSeconds) }
        /// The matrix-product work of the trained runs' steps and evaluation passes: at the
        /// machine's sgemm peak, the floor of `stepSeconds + evaluationSeconds`.
        public var products = ProductWork()
        /// Core-seconds of the trained runs by level, keyed "experiment/level": where to look
        /// first when a study is slow.
        public var byLevel: [String: Double] = [:]

        /// The `count` levels whose runs took longest, longest first (ties by name).
        public func costliestLevels(_ count: Int) -> [(level: String, seconds: Double)] {
            byLevel.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map { ($0.key, $0.value) }
        }
    }

    public let cache: RunCache
    public let derivedCache: DerivedCache
    public let jobs: Int
    public let force: Bool
    public var onEvent: ((Event) -> Void)?
    private let lock = NSLock()
    private var dataCache: [DataSpec: DataSplits] = [:]

    public init(cache: RunCache, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, force: Bool = false) {
        self.cache = cache
        self.derivedCache = DerivedCache(beside: cache)
        self.jobs = max(1, jobs)
        self.force = force
    }

    /// One unit of work: a run, or a derived job that reads runs.
    enum Node {
        case run(RunJob, waiting: Bool)
        case derived(DerivedJob)
        var key: String { switch self { case .run(let j, _): return j.key; case .derived(let d): return d.key } }
        var dependencies: [String] { switch self { case .run(let j, _): return j.dependencies; case .derived(let d): return d.inputs.map(\.key) } }
    }

    /// Trains every job whose record is not cached (all of them with `force`), each after the
    /// runs it starts from, then or meanwhile computes the derived jobs whose inputs are there.
    ///
    /// The plan is a DAG: a node is ready when the runs it needs are stored; ready nodes go
    /// longest chain first. Each run is trained under its lock in the cache, so several
    /// processes can work through one study on one output folder (or on a shared file system):
    /// a run another process is training is put aside, and taken up last by waiting for that
    /// lock; by then its record is usually there and counts as cached. A run fails alone (and
    /// the runs that start from it with it); a cache that cannot be written (a full disk, no
    /// permission) stops the whole execution at once, since no run could be kept.
    public func execute(_ planned: [RunJob], derived: [DerivedJob] = []) -> Summary {
        BLAS.setThreads(1)
        cache.removeLeftovers()
        var summary = Summary()
        summary.planned = planned.count
        summary.derivedPlanned = derived.count
        var available = Set<String>()
        var todo: [Node] = []
        for job in planned {
            if !force {
                switch cache.lookup(job.key, needsWeights: job.keepWeights) {
                case .hit: summary.cached += 1; available.insert(job.key); emit(.cached(job)); continue
                case .corrupt(let why): emit(.corrupt(job, why))
                case .miss: break
                }
            }
            todo.append(.run(job, waiting: false))
        }
        // Inputs that are not in this plan (another shard's, an earlier invocation's) must be cached.
        let plannedKeys = Set(planned.map(\.key))
        for key in Set(planned.flatMap(\.dependencies) + derived.flatMap { $0.inputs.map(\.key) }) where !plannedKeys.contains(key) {
            if case .hit = cache.lookup(key) { available.insert(key) }
        }
        for job in derived {
            if !force, derivedCache.lookup(job.key) != nil { summary.derivedCached += 1; continue }
            todo.append(.derived(job))
        }
        todo = longestChainFirst(todo)

        let condition = NSCondition()
        var inFlight = Set<String>()
        var failed: [String: String] = [:]
        var trained = 0, cachedElsewhere = 0, computed = 0
        var failures: [(String, String)] = []
        var fatal: String?
        var timings = Timings()
        timings.cores = jobs
        let phase = Stopwatch()

        func fail(_ node: Node, _ why: String) {
            failed[node.key] = why
            switch node {
            case .run(let job, _): failures.append((job.readableName, why)); emit(.failed(job, why))
            case .derived(let job): failures.append((job.name, why)); emit(.derivedFailed(job, why))
            }
        }
        /// The next node to work on, or nil when nothing is left for this worker; `condition` is held.
        func next() -> Node? {
            while true {
                if fatal != nil { return nil }
                var i = 0
                while i < todo.count {
                    let node = todo[i]
                    if let bad = node.dependencies.first(where: { failed[$0] != nil }) {
                        todo.remove(at: i)
                        fail(node, "the run it starts from failed (\(failed[bad]!))")
                        continue
                    }
                    if node.dependencies.allSatisfy(available.contains) { return todo.remove(at: i) }
                    i += 1
                }
                if todo.isEmpty && inFlight.isEmpty { return nil }
                if inFlight.isEmpty {
                    // Nothing runs and nothing is ready: what is left needs runs no one will make.
                    let pending = Set(todo.map(\.key))
                    for node in todo {
                        let missing = node.dependencies.first { !available.contains($0) && !pending.contains($0) } ?? node.dependencies[0]
                        fail(node, "it needs run \(missing.prefix(12)), which is neither cached nor planned here (train its stage first, or run every shard)")
                    }
                    todo.removeAll()
                    return nil
                }
                condition.wait()
            }
        }

        let workers = min(jobs, max(todo.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                condition.lock()
                guard let node = next() else { condition.broadcast(); condition.unlock(); return }
                inFlight.insert(node.key)
                condition.unlock()
                var ok = true, why = ""
                switch node {
                case .run(let job, let wait):
                    do {
                        let held: FileLock
                        if wait {
                            held = try cache.lock(job.key)
                        } else if let l = try cache.tryLock(job.key) {
                            held = l
                        } else {
                            emit(.elsewhere(job))
                            condition.lock()
                            inFlight.remove(node.key)
                            todo.append(.run(job, waiting: true))
                            condition.broadcast()
                            condition.unlock()
                            continue
                        }
                        defer { held.unlock() }
                        // Another process may have finished it since the plan was read.
                        if case .hit = cache.lookup(job.key, needsWeights: job.keepWeights), !(force && !wait) {
                            condition.lock(); cachedElsewhere += 1; condition.unlock()
                            emit(.cached(job))
                        } else {
                            let clock = Stopwatch()
                            let (record, work) = try train(job)
                            let seconds = clock.seconds
                            condition.lock()
                            trained += 1
                            timings.runSeconds += seconds
                            timings.evaluationSeconds += record.evaluationSeconds ?? 0
                            timings.stepSeconds += record.wallSeconds - (record.evaluationSeconds ?? 0)
                            timings.probeSeconds += record.probeSeconds ?? 0
                            timings.products += work
                            timings.byLevel["\(job.experiment)/\(job.cellLabel)", default: 0] += seconds
                            condition.unlock()
                        }
                    } catch let problem as FileProblem {
                        condition.lock(); if fatal == nil { fatal = "\(problem)" }; condition.unlock()
                        ok = false; why = "\(problem)"
                    } catch {
                        ok = false; why = "\(error)"
                    }
                case .derived(let job):
                    let clock = Stopwatch()
                    do {
                        try compute(job)
                        condition.lock(); computed += 1; timings.derivedSeconds += clock.seconds; condition.unlock()
                    } catch let problem as FileProblem {
                        condition.lock(); if fatal == nil { fatal = "\(problem)" }; condition.unlock()
                        ok = false; why = "\(problem)"
                    } catch {
                        ok = false; why = "\(error)"
                    }
                }
                condition.lock()
                inFlight.remove(node.key)
                if ok { available.insert(node.key) } else if fatal == nil { fail(node, why) } else { failed[node.key] = why }
                condition.broadcast()
                condition.unlock()
            }
        }
        summary.trained = trained
        summary.cached += cachedElsewhere
        summary.derivedComputed = computed
        summary.failures = failures
        summary.cannotStore = fatal
        timings.wallSeconds = phase.seconds
        summary.timings = timings
        return summary
    }

    /// The nodes ordered by the work of the longest chain that starts with them (a run's work
    /// bound plus that of the runs that start from it, and so on), longest first and stable
    /// among equals: long runs and the heads of long chains start at once, short ones fill the
    /// cores at the end. Order never changes a record: each run depends only on its spec.
    /// `DLSTUDY_SCHEDULE=page` keeps page order (for before/after measurements).
    func longestChainFirst(_ nodes: [Node]) -> [Node] {
        guard nodes.count > 1, ProcessInfo.processInfo.environment["DLSTUDY_SCHEDULE"] != "page" else { return nodes }
        let work = nodes.map { node -> Double in
            guard case .run(let job, _) = node, let data = try? splits(for: job.spec.data) else { return 0 }
            return job.spec.workBound(data: data) ?? 0
        }
        var children: [String: [Int]] = [:]
        for (i, node) in nodes.enumerated() { for d in node.dependencies { children[d, default: []].append(i) } }
        var chain = [Double?](repeating: nil, count: nodes.count)
        func chainWork(_ i: Int) -> Double {
            if let c = chain[i] { return c }
            let c = work[i] + ((children[nodes[i].key] ?? []).map(chainWork).max() ?? 0)
            chain[i] = c
            return c
        }
        let totals = nodes.indices.map(chainWork)
        return nodes.indices.sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }.map { nodes[$0] }
    }

    /// Runs alone (no chains), longest first: what `longestChainFirst` does to a flat plan.
    func longestFirst(_ jobs: [RunJob]) -> [RunJob] {
        longestChainFirst(jobs.map { .run($0, waiting: false) }).compactMap { if case .run(let j, _) = $0 { return j } else { return nil } }
    }

    /// Computes one derived job from its inputs and stores the values.
    func compute(_ job: DerivedJob) throws {
        let context = DerivedContext(cache: cache, splits: { try self.splits(for: $0) })
        let clock = Stopwatch()
        var values = try job.compute(context)
        values.seconds = clock.seconds
        try derivedCache.store(values, key: job.key)
        emit(.derived(job))
    }

    /// Trains one job and stores its record (with probes and, when needed, weights); returns
    /// the record and the product work its steps and evaluation did.
    @discardableResult
    func train(_ job: RunJob) throws -> (record: RunRecord, work: ProductWork) {
        emit(.started(job))
        let data = try splits(for: job.spec.data)
        let trainer = try Trainer(spec: job.spec, data: data, artefacts: cache)
        trainer.onEpoch = { [weak self] p in self?.emit(.epoch(job, epoch: p.epoch, loss: p.loss)) }
        var atInitialization: [String: [Double]] = [:]
        var probeClock = Stopwatch()
        for probe in job.probes where probe.timing == .initialization {
            atInitialization.merge(probe.measure(model: trainer.model, data: trainer.data, seed: job.seed)) { $1 }
        }
        probeClock.pause()
        var record = trainer.run()
        record.probes.merge(atInitialization) { $1 }
        probeClock.resume()
        if record.status != .diverged {
            for probe in job.probes where probe.timing == .final {
                record.probes.merge(probe.measure(model: trainer.model, data: trainer.data, seed: job.seed)) { $1 }
            }
        }
        record.probeSeconds = job.probes.isEmpty ? nil : probeClock.seconds
        let weights = job.keepWeights && record.status != .diverged
            ? SafeTensors(tensors: trainer.model.stateDict(), metadata: ["run": job.readableName, "format": "pt"]) : nil
        var artefacts: [String: SafeTensors] = [:]
        if record.status != .diverged {
            for (name, tensors) in trainer.snapshots { artefacts["snapshot-\(name)"] = SafeTensors(tensors: tensors, metadata: ["run": job.readableName, "format": "pt"]) }
            if let mask = trainer.mask { artefacts["mask"] = SafeTensors(tensors: mask.tensors, metadata: ["run": job.readableName, "format": "pt"]) }
        }
        try cache.store(record, key: job.key, weights: weights, artefacts: artefacts)
        emit(.finished(job, record))
        return (record, ProductWork(record: record, model: trainer.model, data: trainer.data))
    }

    /// Data sets are generated once per process and shared by the runs that use them.
    func splits(for spec: DataSpec) throws -> DataSplits {
        lock.lock()
        if let d = dataCache[spec] { lock.unlock(); return d }
        lock.unlock()
        let d = try spec.load()
        lock.lock(); dataCache[spec] = d; lock.unlock()
        return d
    }

    private func emit(_ e: Event) {
        guard let onEvent else { return }
        lock.lock(); defer { lock.unlock() }
        onEvent(e)
    }
}

extension Study {
    /// Reads every record of the plan from the cache. Missing runs are listed, not fatal:
    /// the report says what is missing.
    public func collect(profile: Profile, cache: RunCache) -> (results: StudyResults, missing: [RunJob]) {
        var missing: [RunJob] = []
        var experimentsByID: [String: ExperimentResults] = [:]
        let jobs = plan(profile: profile)
        for exp in experiments(for: profile) {
            let cells = exp.cells.enumerated().map { i, cell -> CellResults in
                var runs: [UInt64: RunRecord] = [:]
                for job in jobs where job.experiment == exp.id && job.cellIndex == i {
                    if case .hit(let r) = cache.lookup(job.key, needsWeights: job.keepWeights) { runs[job.seed] = r } else { missing.append(job) }
                }
                return CellResults(cell: cell, runs: runs)
            }
            experimentsByID[exp.id] = ExperimentResults(experiment: exp, cells: cells)
        }
        let results = StudyResults(study: self, profile: profile, experiments: experimentsByID)
        results.cache = cache
        results.jobs = jobs
        let derivedCache = DerivedCache(beside: cache)
        for job in derivedPlan(profile: profile, runs: jobs) {
            if let values = derivedCache.lookup(job.key) { results.derived[job.key] = values } else { results.missingDerived.append(job) }
        }
        return (results, missing)
    }
}

extension Runner {
    /// Everything `study` needs at `profile` — its runs, in stage order, and the derived jobs
    /// its report reads — or one shard of it.
    public func execute(_ study: Study, profile: Profile, shard: Shard? = nil) throws -> Summary {
        var runs = try study.stagedPlan(profile: profile)
        var derived = study.derivedPlan(profile: profile, runs: runs)
        if let shard { (runs, derived) = shard.select(runs, derived: derived) }
        return execute(runs, derived: derived)
    }
}
