import DLHash
import DLCore
import Foundation

/// A staged run's inputs that are missing or cannot be trusted.
public struct ArtefactError: Error, CustomStringConvertible {
    public let description: String
}

/// The cache serves staged runs the artefacts of the runs they start from, verified against the
/// SHA-256 their record stored, so a replaced file is refused rather than silently used.
extension RunCache: ArtefactSource {
    public func tensors(_ reference: ArtefactReference) throws -> [String: Tensor] {
        guard case .hit(let record) = lookup(reference.run) else {
            throw ArtefactError(description: "run \(reference.run.prefix(12)) is not in the cache at \(root.path); train the stage it belongs to first")
        }
        if record.status == .diverged {
            throw ArtefactError(description: "run \(reference.run.prefix(12)) diverged, so it has no \(reference.snapshot) weights to start from")
        }
        let url: URL, expected: String?
        if reference.snapshot == "final" {
            url = weightsURL(reference.run); expected = record.weightsSHA256
        } else {
            let name = "snapshot-\(reference.snapshot)"
            url = artefactURL(reference.run, name); expected = record.artefactSHA256?[name]
        }
        guard let expected else {
            let fix = reference.snapshot == "final" ? "keep its weights (Experiment(…, keepWeights: true))"
                : "add a snapshots hook that takes '\(reference.snapshot)' to its spec"
            throw ArtefactError(description: "run \(reference.run.prefix(12)) kept no \(reference.snapshot) weights: \(fix)")
        }
        return try read(url, expected: expected)
    }

    public func mask(ofRun key: String) throws -> [String: Tensor]? {
        guard case .hit(let record) = lookup(key) else {
            throw ArtefactError(description: "run \(key.prefix(12)) is not in the cache at \(root.path); train the stage it belongs to first")
        }
        guard let expected = record.artefactSHA256?["mask"] else { return nil }
        return try read(artefactURL(key, "mask"), expected: expected)
    }

    private func read(_ url: URL, expected: String) throws -> [String: Tensor] {
        guard let bytes = try? Data(contentsOf: url) else {
            throw ArtefactError(description: "\(url.path) is missing; retrain the run that made it (dlstudy run … --force)")
        }
        guard SHA256.hash(data: bytes).hexString == expected else {
            throw ArtefactError(description: "\(url.path) does not match its record (changed or replaced); retrain the run that made it")
        }
        return try SafeTensors.decode(bytes, source: url.path).tensors
    }
}
