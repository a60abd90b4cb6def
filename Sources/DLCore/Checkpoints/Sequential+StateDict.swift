import Foundation

extension Sequential {
    /// Every parameter and buffer under its PyTorch name (`0.weight`, `2.running_mean`,
    /// `2.num_batches_tracked`), like `nn.Module.state_dict()`.
    ///
    /// As in PyTorch, the tensors are the model's own: they change as it trains. `copy()` them
    /// for a snapshot (or use `stateDictCopy()`).
    public func stateDict() -> [String: Tensor] {
        var dict: [String: Tensor] = [:]
        for (name, p) in namedParameters { dict[name] = p.value }
        for b in buffers { dict[b.name] = b.value }
        return dict
    }

    /// A snapshot of `stateDict()`: independent copies that later training leaves alone.
    public func stateDictCopy() -> [String: Tensor] { stateDict().mapValues { $0.copy() } }

    /// Copies a state dict's values into the model's parameters and buffers, like PyTorch's
    /// `load_state_dict`.
    ///
    /// Every name and shape is checked before anything is copied; on any problem nothing
    /// changes and one `stateDictMismatch` error lists them all: missing keys and unexpected
    /// keys (only when `strict`, as in PyTorch) and shape mismatches (always). `source` (a file
    /// name) goes into the error.
    public func load(stateDict: [String: Tensor], strict: Bool = true, source: String? = nil) throws {
        let own = self.stateDict()
        let byteOrder: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let missing = own.keys.filter { stateDict[$0] == nil }.sorted(by: byteOrder)
        let unexpected = stateDict.keys.filter { own[$0] == nil }.sorted(by: byteOrder)
        let mismatched = own.keys.sorted(by: byteOrder).compactMap { name -> String? in
            guard let theirs = stateDict[name], let mine = own[name], theirs.shape != mine.shape else { return nil }
            return "size mismatch for \(name): the checkpoint has shape \(theirs.shape), the model \(mine.shape)"
        }
        var problems: [String] = []
        func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }
        if strict && !missing.isEmpty { problems.append("missing key(s) in state_dict: \(quoted(missing))") }
        if strict && !unexpected.isEmpty { problems.append("unexpected key(s) in state_dict: \(quoted(unexpected))") }
        problems += mismatched
        guard problems.isEmpty else {
            throw CheckpointError(
                .stateDictMismatch, file: source,
                problem: "error(s) loading state_dict into the model:\n\t" + problems.joined(separator: "\n\t") + "\n",
                fix: "the model must have the architecture of the one that saved the checkpoint: the same layers in the same order with the same sizes "
                    + "(in a run spec, `model` together with the data's sample shape and number of classes decides them); "
                    + "the checkpoint holds \(Self.listing(stateDict.mapValues(\.shape))), the model \(Self.listing(own.mapValues(\.shape)))")
        }
        for (name, tensor) in stateDict { own[name]?.assign(tensor) }
    }

    /// `0.weight [100, 40], 0.bias [100], …`: names in PyTorch's order (by layer, then name), at most `limit`.
    static func listing(_ shapes: [String: Shape], limit: Int = 8) -> String {
        guard !shapes.isEmpty else { return "no tensors" }
        let within = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
        func key(_ name: String) -> (Int, Int, String) {
            let layer = Int(name.prefix { $0 != "." }) ?? Int.max
            let rest = String(name.drop { $0 != "." }.dropFirst())
            return (layer, within.firstIndex(of: rest) ?? within.count, name)
        }
        func order(_ a: String, _ b: String) -> Bool {
            let (ka, kb) = (key(a), key(b))
            if (ka.0, ka.1) != (kb.0, kb.1) { return (ka.0, ka.1) < (kb.0, kb.1) }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        let names = shapes.keys.sorted(by: order)
        let shown = names.prefix(limit).map { "\($0) \(shapes[$0]!.dims)" }
        return shown.joined(separator: ", ") + (names.count > limit ? ", … (\(names.count) tensors)" : "")
    }

    /// Writes `stateDict()` as a safetensors file (atomically) that PyTorch loads with
    /// `model.load_state_dict(safetensors.torch.load_file(path))` into the matching
    /// `nn.Sequential`. Weights are F32, `num_batches_tracked` I64.
    public func saveSafeTensors(to url: URL, metadata: [String: String] = ["format": "pt"]) throws {
        try SafeTensors(tensors: stateDict(), metadata: metadata).write(to: url)
    }

    /// Reads a safetensors file (one a PyTorch user saved with
    /// `safetensors.torch.save_file(model.state_dict(), path)`, for instance) and loads it.
    /// Returns the file's metadata.
    @discardableResult
    public func loadSafeTensors(from url: URL, strict: Bool = true) throws -> [String: String] {
        let file = try SafeTensors.read(from: url)
        try load(stateDict: file.tensors, strict: strict, source: url.path)
        return file.metadata
    }
}
