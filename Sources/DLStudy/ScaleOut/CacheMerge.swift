import DLFiles
import DLHash
import Foundation

/// Gathers the run and derived caches of several output folders (shards run on machines with no
/// shared file system, copied back with rsync or `kubectl cp`) into one, trusting nothing it
/// reads: a record is copied only if `RunCache.lookup` accepts it (whole, its checksum right, in
/// the folder of its own key, its weights matching their SHA-256) and every artefact it names
/// (snapshots, a mask) matches the SHA-256 it stored; a derived value only if `DerivedCache`
/// accepts it. A good record already in the destination is never replaced; a bad one there is.
///
/// Files are written atomically, a record's weights and artefacts before the record itself, under
/// the run's lock, so a merge that is killed leaves nothing half-copied, and rerunning it
/// completes it.
public struct CacheMerge {
    public struct Outcome: Sendable {
        /// Runs copied, and runs the destination already had (good).
        public var copied = 0
        public var present = 0
        public var derivedCopied = 0
        public var derivedPresent = 0
        /// What was refused, one line each: the file and why.
        public var skipped: [String] = []
        public init() {}
    }

    public let destination: URL

    /// `destination` is an output folder (its caches are `.cache/runs` and `.cache/derived`).
    public init(into destination: URL) { self.destination = destination }

    /// The run cache of an output folder, or of a `.cache` folder given directly; nil if neither.
    public static func runCache(in folder: URL) -> RunCache? {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder.appendingPathComponent(".cache/runs").path, isDirectory: &isFolder), isFolder.boolValue {
            return RunCache(output: folder)
        }
        if folder.lastPathComponent == ".cache", fm.fileExists(atPath: folder.appendingPathComponent("runs").path) {
            return RunCache(root: folder.appendingPathComponent("runs", isDirectory: true))
        }
        return nil
    }

    /// Merges `source` (a cache found by `runCache(in:)`) into the destination.
    public func merge(_ source: RunCache, into outcome: inout Outcome) throws {
        let target = RunCache(output: destination)
        let fm = FileManager.default
        let keys = ((try? fm.contentsOfDirectory(atPath: source.root.path)) ?? []).sorted()
        for key in keys {
            let folder = source.folder(key)
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            // A folder with no record is a run that never finished (its lock, a temporary file).
            guard fm.fileExists(atPath: source.recordURL(key).path) else { continue }
            guard Self.isKey(key) else {
                outcome.skipped.append("\(folder.path): not a run folder (its name is not a run key)")
                continue
            }
            let files: [String: Data]
            switch Self.verified(key, in: source) {
            case .failure(let why): outcome.skipped.append(why.description); continue
            case .success(let f): files = f
            }
            if case .success = Self.verified(key, in: target) { outcome.present += 1; continue }
            try FileProblem.createFolder(target.folder(key))
            let lock = try target.lock(key)
            defer { lock.unlock() }
            if case .success = Self.verified(key, in: target) { outcome.present += 1; continue }
            for (name, bytes) in files.sorted(by: { $0.key < $1.key }) where name != "record.json" {
                try AtomicFile.write(bytes, to: target.folder(key).appendingPathComponent(name))
            }
            try AtomicFile.write(files["record.json"]!, to: target.recordURL(key))
            outcome.copied += 1
        }
        try mergeDerived(DerivedCache(beside: source), into: DerivedCache(beside: target), &outcome)
    }

    private func mergeDerived(_ source: DerivedCache, into target: DerivedCache, _ outcome: inout Outcome) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: source.root.path)) ?? []).sorted()
        for name in names where name.hasSuffix(".json") {
            let key = String(name.dropLast(5))
            let url = source.url(key)
            guard Self.isKey(key), source.lookup(key) != nil, let bytes = try? Data(contentsOf: url) else {
                outcome.skipped.append("\(url.path): not a verified derived value (unreadable, or its key or checksum does not match)")
                continue
            }
            if target.lookup(key) != nil { outcome.derivedPresent += 1; continue }
            try FileProblem.createFolder(target.root)
            try AtomicFile.write(bytes, to: target.url(key))
            outcome.derivedCopied += 1
        }
    }

    /// The files of run `key` in `cache` by name (record, weights, artefacts), if the record is
    /// whole and everything it names matches its SHA-256; otherwise why not.
    static func verified(_ key: String, in cache: RunCache) -> Result<[String: Data], MergeRefusal> {
        let recordURL = cache.recordURL(key)
        guard case .hit(let record) = cache.lookup(key) else {
            if case .corrupt(let why) = cache.lookup(key) { return .failure(MergeRefusal(why)) }
            return .failure(MergeRefusal("\(recordURL.path): missing"))
        }
        guard let recordBytes = try? Data(contentsOf: recordURL) else { return .failure(MergeRefusal("\(recordURL.path): unreadable")) }
        var files = ["record.json": recordBytes]
        if record.weightsSHA256 != nil {
            if case .corrupt(let why) = cache.lookup(key, needsWeights: true) { return .failure(MergeRefusal(why)) }
            guard let weights = try? Data(contentsOf: cache.weightsURL(key)) else {
                return .failure(MergeRefusal("\(cache.weightsURL(key).path): missing"))
            }
            // Read once more above and here: check the bytes that will be copied.
            guard SHA256.hash(data: weights).hexString == record.weightsSHA256 else {
                return .failure(MergeRefusal("\(cache.weightsURL(key).path) does not match its record (changed or replaced)"))
            }
            files[cache.weightsURL(key).lastPathComponent] = weights
        }
        for (name, expected) in (record.artefactSHA256 ?? [:]).sorted(by: { $0.key < $1.key }) {
            let url = cache.artefactURL(key, name)
            guard let bytes = try? Data(contentsOf: url) else { return .failure(MergeRefusal("\(url.path): missing (its record names it)")) }
            guard SHA256.hash(data: bytes).hexString == expected else {
                return .failure(MergeRefusal("\(url.path) does not match its record (changed or replaced)"))
            }
            files[url.lastPathComponent] = bytes
        }
        return .success(files)
    }

    /// 64 lower-case hex digits.
    static func isKey(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Why a record was not merged: the file and the problem.
public struct MergeRefusal: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
