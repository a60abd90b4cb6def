import Foundation

extension SafeTensors {
    /// The file's bytes, laid out as the reference writer lays them out (see the type's
    /// documentation); `source` names the destination in errors.
    ///
    /// Throws `invalidName` for an empty name or `__metadata__`, and `valueNotRepresentable`
    /// when a tensor stored as I64 or I32 holds a fraction, a non-finite value or one out of range.
    public func encoded(source: String? = nil) throws -> [UInt8] {
        var header = "{"
        var separator = ""
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { HeaderJSON.quoted($0) + ":" + HeaderJSON.quoted(metadata[$0]!) }
            header += "\"__metadata__\":{" + fields.joined(separator: ",") + "}"
            separator = ","
        }
        var data: [UInt8] = []
        for name in orderedNames {
            guard !name.isEmpty, name != "__metadata__" else {
                throw CheckpointError(.invalidName, file: source, problem: "a tensor cannot be named '\(name)' in a safetensors file",
                                      fix: "rename it")
            }
            let tensor = tensors[name]!, dtype = dtype(for: name)
            let begin = data.count
            if let bad = dtype.encode(UnsafeBufferPointer(tensor.buffer), appendingTo: &data) {
                throw CheckpointError(.valueNotRepresentable, file: source,
                                      problem: "tensor '\(name)' is to be stored as \(dtype.rawValue) but element \(bad) is "
                                          + "\(tensor[bad]), not a whole number in range",
                                      fix: "store it as F32 (dtypes[\"\(name)\"] = .F32) or round it first")
            }
            let dims = tensor.shape.dims.map(String.init).joined(separator: ",")
            header += separator + HeaderJSON.quoted(name)
                + ":{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(dims)],\"data_offsets\":[\(begin),\(data.count)]}"
            separator = ","
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        headerBytes += Array(repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)

        var file: [UInt8] = []
        file.reserveCapacity(8 + headerBytes.count + data.count)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { file.append(contentsOf: $0) }
        file += headerBytes
        file += data
        return file
    }
}
