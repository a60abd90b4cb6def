import DLFiles
import Foundation

/// A set of named tensors in the safetensors format, the checkpoint format of PyTorch and
/// Hugging Face (https://github.com/huggingface/safetensors).
///
/// A file is an 8-byte little-endian length `N`, `N` bytes of UTF-8 JSON
/// (`{"__metadata__": {…}, "0.weight": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 48]}, …}`),
/// then the tensors' bytes, row-major and little-endian, with offsets relative to the start of
/// that buffer.
///
/// Writing follows the reference writer byte for byte: tensors sorted by dtype alignment
/// (8-byte types first) and then by name (byte order), laid out back to back from offset 0; the
/// header is compact JSON with `__metadata__` first (its keys sorted, omitted when empty), each
/// entry's fields in the order dtype, shape, data_offsets, padded with spaces to a multiple of 8
/// bytes so the data starts aligned.
///
/// Reading validates everything before trusting it (see `decode(_:source:)`) and converts every
/// dtype to `Float`, remembering the stored dtype in `dtypes`.
public struct SafeTensors {
    /// The tensors by name, all held as `Float`.
    public var tensors: [String: Tensor]
    /// The dtype each tensor is (or will be) stored as in the file. `read` fills it; a tensor
    /// without an entry is written as `defaultDType(for:)`.
    public var dtypes: [String: DType]
    /// The header's `__metadata__`: free-form text, e.g. `["format": "pt"]`.
    public var metadata: [String: String]

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:], dtypes: [String: DType] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.dtypes = dtypes
    }

    /// The largest header the reader accepts, as in the reference implementation (100 MB).
    public static let maxHeaderSize = 100_000_000

    /// The dtype a tensor is written as unless `dtypes` says otherwise: I64 for batch norm's
    /// `num_batches_tracked` (an int64 buffer in PyTorch, so a strict `load_state_dict` accepts
    /// it), F32 for everything else.
    public static func defaultDType(for name: String) -> DType {
        name == "num_batches_tracked" || name.hasSuffix(".num_batches_tracked") ? .I64 : .F32
    }

    /// The dtype `name` is written as.
    public func dtype(for name: String) -> DType { dtypes[name] ?? Self.defaultDType(for: name) }

    /// The names in the order `write` lays the tensors out: by dtype alignment descending, then
    /// by name in byte order, as the reference writer does.
    public var orderedNames: [String] {
        tensors.keys.sorted { a, b in
            let ra = dtype(for: a).referenceOrder, rb = dtype(for: b).referenceOrder
            if ra != rb { return ra > rb }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }

    /// Reads and validates a safetensors file. Errors name the file, the problem and the fix.
    public static func read(from url: URL) throws -> SafeTensors {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CheckpointError(.fileNotFound, file: path, problem: "no such file",
                                  fix: "check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
        }
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw CheckpointError(.unreadable, file: path, problem: "cannot read the file (\(error.localizedDescription))",
                                  fix: "check its permissions, and that it is a file and not a folder")
        }
        return try decode(data, source: path)
    }

    /// Writes the tensors to `url` atomically: to a temporary file in the same folder, then
    /// renamed over `url`, so a crash never leaves a half-written checkpoint behind.
    public func write(to url: URL) throws {
        let bytes = try encoded(source: url.path)
        do { try AtomicFile.write(Data(bytes), to: url) } catch let e as FileProblem {
            throw CheckpointError(.writeFailed, file: url.path, problem: "cannot write: \(e.problem)", fix: e.fix)
        }
    }
}
