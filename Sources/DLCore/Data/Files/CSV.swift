import Foundation

/// Which column of a CSV file holds the class label.
public enum CSVColumn: Codable, Hashable, Sendable, CustomStringConvertible {
    case first, last
    /// 0-based column index; a negative one counts from the end (−1 is the last column).
    case index(Int)
    /// Column name from the header row.
    case name(String)

    public var description: String {
        switch self {
        case .first: return "first column"
        case .last: return "last column"
        case .index(let i): return "column \(i)"
        case .name(let n): return "column '\(n)'"
        }
    }
}

/// Reading a numeric CSV file as a data set: one sample per row, one column holds the integer
/// class label, every other column is a feature (sample shape `[features]`, or `sampleShape`).
public enum CSV {
    /// - Parameters:
    ///   - labelColumn: where the label is.
    ///   - header: whether the first row names the columns; `nil` detects it (a first row with a
    ///     non-numeric field is a header).
    ///   - classes: the number of classes; `nil` takes the largest label + 1.
    ///   - sampleShape: a shape for the features (e.g. `[1, 28, 28]`); `nil` means `[features]`.
    public static func read(
        _ url: URL, labelColumn: CSVColumn = .first, header: Bool? = nil,
        delimiter: Character = ",",
        classes: Int? = nil, sampleShape: Shape? = nil
    ) throws -> Dataset {
        let data = try NPY.readFile(url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError(
                .badCSV, file: url.path, problem: "not UTF-8 text", fix: "save the CSV as UTF-8")
        }
        return try parse(
            text, source: url.path, labelColumn: labelColumn, header: header, delimiter: delimiter,
            classes: classes, sampleShape: sampleShape)
    }

    public static func parse(
        _ text: String, source: String, labelColumn: CSVColumn = .first, header: Bool? = nil,
        delimiter: Character = ",", classes: Int? = nil, sampleShape: Shape? = nil
    ) throws -> Dataset {
        func fields(_ line: Substring) -> [String] {
            line.split(separator: delimiter, omittingEmptySubsequences: false).map {
                var f = $0.trimmingCharacters(in: .whitespaces)
                if f.count >= 2 && f.first == "\"" && f.last == "\"" {
                    f = String(f.dropFirst().dropLast())
                }
                return f
            }
        }
        var rows: [(line: Int, fields: [String])] = []
        for (i, line) in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).enumerated() {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            rows.append((i + 1, fields(l)))
        }
        guard let firstRow = rows.first else {
            throw DataError(
                .badCSV, file: source, problem: "the file has no rows",
                fix: "write one sample per line")
        }
        let hasHeader = header ?? firstRow.fields.contains { Double($0) == nil }
        let names = hasHeader ? firstRow.fields : nil
        if hasHeader { rows.removeFirst() }
        let width = firstRow.fields.count
        guard width >= 2 else {
            throw DataError(
                .badCSV, file: source,
                problem: "rows have \(width) column; need a label and at least one feature",
                fix: "check the delimiter (now '\(delimiter)')")
        }
        let label: Int
        switch labelColumn {
        case .first: label = 0
        case .last: label = width - 1
        case .index(let i):
            guard i >= -width && i < width else {
                throw DataError(
                    .badCSV, file: source,
                    problem: "label column \(i) does not exist (rows have \(width) columns)",
                    fix: "choose a column in 0…\(width - 1) (or −1 … −\(width), counting from the last)")
            }
            label = i < 0 ? width + i : i
        case .name(let n):
            guard let names else {
                throw DataError(
                    .badCSV, file: source,
                    problem: "label column '\(n)' named but the file has no header row",
                    fix: "add a header row or choose the label column by index")
            }
            guard let i = names.firstIndex(of: n) else {
                throw DataError(
                    .badCSV, file: source,
                    problem: "no column '\(n)' (columns: \(names.joined(separator: ", ")))",
                    fix: "choose one of the columns present")
            }
            label = i
        }
        var inputs: [Float] = []
        inputs.reserveCapacity(rows.count * (width - 1))
        var labels: [Int64] = []
        labels.reserveCapacity(rows.count)
        var lines: [Int] = []
        lines.reserveCapacity(rows.count)
        for (line, f) in rows {
            lines.append(line)
            guard f.count == width else {
                throw DataError(
                    .badCSV, file: source,
                    problem: "line \(line) has \(f.count) fields, expected \(width)",
                    fix: "every row needs the same columns")
            }
            for (j, s) in f.enumerated() {
                if j == label {
                    guard let v = Double(s), v.rounded() == v, abs(v) < 1e15 else {
                        throw DataError(
                            .badCSV, file: source,
                            problem: "line \(line): label '\(s)' is not an integer",
                            fix:
                                "labels must be class indices 0, 1, …; is the label in the \(labelColumn)?"
                        )
                    }
                    labels.append(Int64(v))
                } else {
                    guard let v = Float(s) else {
                        throw DataError(
                            .badCSV, file: source,
                            problem: "line \(line), column \(j): '\(s)' is not a number",
                            fix: "features must be numeric")
                    }
                    inputs.append(v)
                }
            }
        }
        guard !labels.isEmpty else {
            throw DataError(
                .badCSV, file: source, problem: "the file has a header but no data rows",
                fix: "add samples")
        }
        let features = width - 1
        return try FileData.dataset(
            inputs: inputs, labels: labels, perSample: [features], sampleShape: sampleShape,
            classes: classes, source: source,
            inputPlace: { i in
                let f = i % features
                return "line \(lines[i / features]), column \(f < label ? f : f + 1)"
            },
            labelPlace: { "line \(lines[$0])" })
    }
}
