import DLHash
import DLCore
import DLFiles
import Foundation

/// The content-addressed store of run records: `<root>/<key>/record.json` (and
/// `weights.safetensors` when the final weights are kept). The key hashes the run spec, the
/// engine version, the contents of every file the spec names and the probes asked for, so any
/// change that can alter a run's numbers makes a new key and the old record is simply not found.
///
/// Records are verified when read: each carries its key and a SHA-256 of its own content (and of
/// its weights file), so a record edited by hand, copied into another run's folder or left
/// half-written is not served; the runner retrains it. Writes are atomic (`AtomicFile`), and a
/// run is trained under a lock (`<key>/.lock`), so processes sharing an output folder never
/// train one run twice.
public struct RunCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The cache under an output folder: `<output>/.cache/runs`.
    public init(output: URL) { self.init(root: output.appendingPathComponent(".cache/runs")) }

    public static func key(spec: RunSpec, probes: [ProbeSpec], baseDirectory: URL? = nil) -> String {
        var h = SHA256()
        h.update(data: Data(spec.hash.utf8))
        for (path, digest) in spec.fileDigests(baseDirectory: baseDirectory) {
            h.update(data: Data("\(path)=\(digest);".utf8))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        h.update(data: (try? encoder.encode(probes)) ?? Data())
        return h.finalize().hexString
    }

    public func folder(_ key: String) -> URL { root.appendingPathComponent(key, isDirectory: true) }
    public func recordURL(_ key: String) -> URL { folder(key).appendingPathComponent("record.json") }
    public func weightsURL(_ key: String) -> URL { folder(key).appendingPathComponent("weights.safetensors") }
    public func lockURL(_ key: String) -> URL { folder(key).appendingPathComponent(".lock") }
    /// A kept artefact other than the final weights: `snapshot-init`, `snapshot-step-100`, `mask`.
    public func artefactURL(_ key: String, _ name: String) -> URL { folder(key).appendingPathComponent("\(name).safetensors") }

    public enum Lookup {
        case hit(RunRecord)
        case miss
        /// A record that is there but cannot be trusted; the reason says why. Treated as a miss.
        case corrupt(String)
    }

    /// The record under `key`, if a whole, verified one is there (and its weights, when
    /// `needsWeights`).
    public func lookup(_ key: String, needsWeights: Bool = false) -> Lookup {
        let url = recordURL(key)
        guard let data = try? Data(contentsOf: url) else { return .miss }
        let record: RunRecord
        do { record = try Self.decoder.decode(RunRecord.self, from: data) } catch {
            return .corrupt("\(url.path) is not a readable record (\(error.localizedDescription))")
        }
        guard let checksum = record.checksum else {
            return .corrupt("\(url.path) has no checksum (written by an older dlstudy)")
        }
        guard checksum == Self.checksum(of: record) else {
            return .corrupt("\(url.path) was changed after it was written (its checksum does not match)")
        }
        guard record.cacheKey == key else {
            return .corrupt("\(url.path) belongs to run \(record.cacheKey.map { String($0.prefix(12)) } ?? "?"), not to this one (copied or moved)")
        }
        if needsWeights && record.status != .diverged {
            guard let weights = try? Data(contentsOf: weightsURL(key)) else {
                return .corrupt("\(url.path): the final weights are missing")
            }
            guard record.weightsSHA256 == SHA256.hash(data: weights).hexString else {
                return .corrupt("\(weightsURL(key).path) does not match its record (changed or replaced)")
            }
        }
        return .hit(record)
    }

    /// Stores a record (and weights) atomically, stamped with its key and checksums.
    ///
    /// `artefacts` are what staged runs start from (snapshots, the mask), by name; each is
    /// written before the record, so a record never names an artefact that is not there.
    public func store(_ record: RunRecord, key: String, weights: SafeTensors? = nil, artefacts: [String: SafeTensors] = [:]) throws {
        var record = record
        record.cacheKey = key
        record.weightsSHA256 = nil
        if let weights {
            let bytes = Data(try weights.encoded())
            try AtomicFile.write(bytes, to: weightsURL(key))
            record.weightsSHA256 = SHA256.hash(data: bytes).hexString
        }
        record.artefactSHA256 = nil
        for (name, tensors) in artefacts.sorted(by: { $0.key < $1.key }) {
            let bytes = Data(try tensors.encoded())
            try AtomicFile.write(bytes, to: artefactURL(key, name))
            record.artefactSHA256 = (record.artefactSHA256 ?? [:]).merging([name: SHA256.hash(data: bytes).hexString]) { $1 }
        }
        record.checksum = Self.checksum(of: record)
        try AtomicFile.write(Self.encoder.encode(record), to: recordURL(key))
    }

    /// SHA-256 of the record's JSON without its checksum. Decoding and re-encoding gives the same
    /// bytes (sorted keys; doubles round-trip exactly), so a stored record can be re-checked.
    static func checksum(of record: RunRecord) -> String {
        var bare = record
        bare.checksum = nil
        return SHA256.hash(data: (try? encoder.encode(bare)) ?? Data()).hexString
    }

    /// Takes the run's lock if no other process (or worker) has it; nil when one has.
    public func tryLock(_ key: String) throws -> FileLock? { try FileLock.tryLock(lockURL(key)) }

    /// Waits for the run's lock.
    public func lock(_ key: String) throws -> FileLock { try FileLock.lock(lockURL(key)) }

    /// Deletes temporary files that killed processes left behind.
    @discardableResult
    public func removeLeftovers() -> Int { AtomicFile.removeLeftovers(in: root) }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }()
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex digits.
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
