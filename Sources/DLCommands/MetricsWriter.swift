import DLFiles
import DLCore
import Foundation

/// Writes a run's per-epoch metrics as `metrics.csv` and `metrics.json`.
enum MetricsWriter {
    static func csv(_ record: RunRecord) -> String {
        ([MetricsColumns.header] + record.epochs.map(MetricsColumns.row)).joined(separator: "\n") + "\n"
    }

    static func write(_ record: RunRecord, to folder: URL) throws {
        try AtomicFile.write(csv(record), to: folder.appendingPathComponent("metrics.csv"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try AtomicFile.write(encoder.encode(record), to: folder.appendingPathComponent("metrics.json"))
    }
}
