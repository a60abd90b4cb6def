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
    }

    public struct Summary: Sendable {
        public var planned = 0
        public var cached = 0
        public var trained = 0
        public var failures: [(String, String)] = []
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
        public var otherSeconds: Double { max(0, runSeconds - stepSeconds - evaluationSeconds - probeSeconds) }
        public var idleCoreSeconds: Double { max(0, Double(cores) * wallSeconds - runSeconds) }
    }

    public let cache: RunCache
    public let jobs: Int
    public let force: Bool
    public var onEvent: ((Event) -> Void)?
    private let lock = NSLock()
    private var dataCache: [DataSpec: DataSplits] = [:]

    public init(cache: RunCache, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, force: Bool = false) {
        self.cache = cache
        self.jobs = max(1, jobs)
        self.force = force
    }

    /// Trains every job whose record is not cached (all of them with `force`).
    ///
    /// Each run is trained under its lock in the cache, so several processes can work through
    /// one study on one output folder (or on a shared file system): a run another process is
    /// training is put aside, and taken up last by waiting for that lock; by then its record is
    /// usually there and counts as cached. A run fails alone; a cache that cannot be written
    /// (a full disk, no permission) stops the whole execution at once, since no run could be kept.
    public func execute(_ planned: [RunJob]) -> Summary {
        BLAS.setThreads(1)
        cache.removeLeftovers()
        var summary = Summary()
        summary.planned = planned.count
        var todo: [RunJob] = []
        for job in planned {
            if !force {
                switch cache.lookup(job.key, needsWeights: job.keepWeights) {
                case .hit: summary.cached += 1; emit(.cached(job)); continue
                case .corrupt(let why): emit(.corrupt(job, why))
                case .miss: break
                }
            }
            todo.append(job)
        }
        todo = longestFirst(todo)
        var next = 0
        var busy: [RunJob] = []
        var nextBusy = 0
        var trained = 0
        var cachedElsewhere = 0
        var failures: [(String, String)] = []
        var fatal: String?
        var timings = Timings()
        timings.cores = jobs
        let phase = Stopwatch()
        let workers = min(jobs, max(todo.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                lock.lock()
                if fatal != nil { lock.unlock(); return }
                let job: RunJob
                let wait: Bool
                if next < todo.count {
                    job = todo[next]; next += 1; wait = false
                } else if nextBusy < busy.count {
                    job = busy[nextBusy]; nextBusy += 1; wait = true
                } else { lock.unlock(); return }
                lock.unlock()
                do {
                    let held: FileLock
                    if wait {
                        held = try cache.lock(job.key)
                    } else if let l = try cache.tryLock(job.key) {
                        held = l
                    } else {
                        lock.lock(); busy.append(job); lock.unlock()
                        emit(.elsewhere(job))
                        continue
                    }
                    defer { held.unlock() }
                    // Another process may have finished it since the plan was read.
                    if case .hit = cache.lookup(job.key, needsWeights: job.keepWeights), !(force && !wait) {
                        lock.lock(); cachedElsewhere += 1; lock.unlock()
                        emit(.cached(job))
                        continue
                    }
                    let clock = Stopwatch()
                    let record = try train(job)
                    let seconds = clock.seconds
                    lock.lock()
                    trained += 1
                    timings.runSeconds += seconds
                    timings.evaluationSeconds += record.evaluationSeconds ?? 0
                    timings.stepSeconds += record.wallSeconds - (record.evaluationSeconds ?? 0)
                    timings.probeSeconds += record.probeSeconds ?? 0
                    lock.unlock()
                } catch let problem as FileProblem {
                    lock.lock(); if fatal == nil { fatal = "\(problem)" }; lock.unlock()
                } catch {
                    let message = "\(error)"
                    lock.lock(); failures.append((job.readableName, message)); lock.unlock()
                    emit(.failed(job, message))
                }
            }
        }
        summary.trained = trained
        summary.cached += cachedElsewhere
        summary.failures = failures
        summary.cannotStore = fatal
        timings.wallSeconds = phase.seconds
        summary.timings = timings
        return summary
    }

    /// The jobs ordered by their work bound, longest first (stable among equals), so the long
    /// runs start at once and the short ones fill the cores at the end instead of one long run
    /// finishing alone. Order never changes a record: each run depends only on its spec.
    /// `DLSTUDY_SCHEDULE=page` keeps page order (for before/after measurements).
    func longestFirst(_ jobs: [RunJob]) -> [RunJob] {
        guard jobs.count > 1, ProcessInfo.processInfo.environment["DLSTUDY_SCHEDULE"] != "page" else { return jobs }
        let work = jobs.map { job -> Double in
            guard let data = try? splits(for: job.spec.data) else { return 0 }
            return job.spec.workBound(data: data) ?? 0
        }
        return jobs.indices.sorted { work[$0] != work[$1] ? work[$0] > work[$1] : $0 < $1 }.map { jobs[$0] }
    }

    /// Trains one job and stores its record (with probes and, when needed, weights).
    @discardableResult
    func train(_ job: RunJob) throws -> RunRecord {
        emit(.started(job))
        let data = try splits(for: job.spec.data)
        let trainer = try Trainer(spec: job.spec, data: data)
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
        try cache.store(record, key: job.key, weights: weights)
        emit(.finished(job, record))
        return record
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
        return (results, missing)
    }
}
