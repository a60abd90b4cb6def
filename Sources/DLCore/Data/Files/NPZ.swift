import Foundation
import ZIPFoundation

/// Reading and writing NumPy's `.npz` archives (a zip of `.npy` members, stored or deflated, as
/// `numpy.savez` and `numpy.savez_compressed` write them).
public enum NPZ {
    /// Every array in the archive, by name (the member name without `.npy`).
    public static func read(_ url: URL) throws -> [String: NDArray] {
        let archive = try open(url)
        var out: [String: NDArray] = [:]
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            out[String(entry.path.dropLast(4))] = try NPY.decode(
                try extract(entry, from: archive, url: url),
                source: "\(url.path)[\(entry.path)]")
        }
        return out
    }

    /// The array names in the archive, sorted.
    public static func keys(_ url: URL) throws -> [String] {
        try open(url).filter { $0.type == .file && $0.path.hasSuffix(".npy") }.map {
            String($0.path.dropLast(4))
        }.sorted()
    }

    /// The arrays named `keys`; a missing one is an error that lists the keys present.
    public static func read(_ url: URL, keys wanted: [String]) throws -> [String: NDArray] {
        let archive = try open(url)
        var out: [String: NDArray] = [:]
        for key in wanted {
            guard let entry = archive[key + ".npy"] else {
                let present = archive.filter { $0.path.hasSuffix(".npy") }.map {
                    String($0.path.dropLast(4))
                }.sorted()
                throw DataError(
                    .missingKey, file: url.path,
                    problem:
                        "no array '\(key)' in the archive (it has: \(present.isEmpty ? "no arrays" : present.joined(separator: ", ")))",
                    fix:
                        "save it under that name, e.g. numpy.savez(path, \(wanted.map { "\($0)=…" }.joined(separator: ", ")))"
                )
            }
            out[key] = try NPY.decode(
                try extract(entry, from: archive, url: url), source: "\(url.path)[\(entry.path)]")
        }
        return out
    }

    /// Writes the arrays (in the order given) as an `.npz`; `compressed` deflates the members
    /// like `numpy.savez_compressed`. The bytes depend only on the arrays (fixed timestamps).
    public static func write(
        _ arrays: [(name: String, array: NDArray)], to url: URL, compressed: Bool = false
    ) throws {
        let archive: Archive
        do { archive = try Archive(data: Data(), accessMode: .create) } catch {
            throw DataError(
                .writeFailed, file: url.path, problem: "cannot create a zip archive: \(error)",
                fix: "")
        }
        let epoch = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, the zip epoch
        for (name, array) in arrays {
            let data = NPY.encode(array)
            do {
                try archive.addEntry(
                    with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: epoch,
                    compressionMethod: compressed ? .deflate : .none,
                    provider: { position, size in
                        data.subdata(in: Int(position)..<(Int(position) + size))
                    })
            } catch {
                throw DataError(
                    .writeFailed, file: url.path,
                    problem: "cannot add '\(name)' to the archive: \(error)", fix: "")
            }
        }
        guard let bytes = archive.data else {
            throw DataError(
                .writeFailed, file: url.path, problem: "the zip archive came out empty", fix: "")
        }
        try NPY.writeFile(bytes, to: url)
    }

    /// Opens the archive from its file. (Not from its bytes in memory: ZIPFoundation's in-memory
    /// reader traps on a damaged archive that points past its end, which the file reader reports
    /// as an error; found by fuzz/FuzzNPZ.)
    static func open(_ url: URL) throws -> Archive {
        let data = try NPY.readFile(url, prefix: 6)
        if data.count >= 4 && data.prefix(4) != Data([0x50, 0x4B, 0x03, 0x04])
            && data.prefix(4) != Data([0x50, 0x4B, 0x05, 0x06])
        {
            let isNPY = data.prefix(6) == Data(NPY.magic)
            throw DataError(
                .badMagic, file: url.path,
                problem: "not a .npz (zip) archive" + (isNPY ? "; it is a single .npy array" : ""),
                fix: isNPY
                    ? "load it as .npy, or save with numpy.savez(path, name=array)"
                    : "save arrays with numpy.savez(path, name=array)")
        }
        do { return try Archive(url: url, accessMode: .read) } catch {
            throw DataError(
                .truncated, file: url.path,
                problem: "unreadable zip archive (truncated or corrupt: \(error))",
                fix: "copy or save the file again")
        }
    }

    static func extract(_ entry: Entry, from archive: Archive, url: URL) throws -> Data {
        var data = Data()
        do { _ = try archive.extract(entry, consumer: { data.append($0) }) } catch {
            throw DataError(
                .truncated, file: url.path,
                problem: "cannot extract '\(entry.path)' (truncated or corrupt: \(error))",
                fix: "copy or save the file again")
        }
        return data
    }
}
