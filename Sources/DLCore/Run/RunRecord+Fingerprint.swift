/// The bits of a run's numbers, in short: what `dlstudy check` compares on the platform a
/// baseline was made on, where the same spec must give the same bits.
///
/// `digest` covers every number the run produced (each epoch's metrics, the step losses, the
/// final metrics, the probes, the status and the step it diverged at) but not the times.
/// `epochs[i]` covers row i of `epochs` and the step losses recorded since the row before, so
/// the first differing entry says in which epoch two runs part. Hashes are 64-bit FNV-1a over the
/// values' IEEE bit patterns (`digest`: 16 hex digits; `epochs`: 8 each).
public struct RunFingerprint: Codable, Equatable, Sendable {
    public var digest: String
    public var epochs: [String]

    public init(digest: String, epochs: [String]) { self.digest = digest; self.epochs = epochs }

    public init(_ record: RunRecord) {
        var whole = FNV1a()
        var rows: [String] = []
        var stepIndex = 0
        for row in record.epochs {
            var h = FNV1a()
            h.add(row)
            while stepIndex < record.steps.count && record.steps[stepIndex].step <= row.step {
                h.add(record.steps[stepIndex])
                stepIndex += 1
            }
            rows.append(h.hex(digits: 8))
            whole.add(h.value)
        }
        for step in record.steps[stepIndex...] { whole.add(step) }
        whole.add(record.status.rawValue)
        whole.add(Double(record.divergedAtStep ?? -1))
        whole.add(Double(record.bestEpoch ?? -1))
        if let final = record.final { whole.add(final) }
        for key in record.probes.keys.sorted() {
            whole.add(key)
            for v in record.probes[key]! { whole.add(v) }
        }
        // What hooks and masks did, only when there is something (older digests stay as they were).
        if let f = record.maskFractionRemaining { whole.add("maskFractionRemaining"); whole.add(f) }
        if let c = record.clippedSteps { whole.add("clippedSteps"); whole.add(Double(c)) }
        if let a = record.averagedWeights {
            whole.add("averagedWeights"); whole.add(a.method); whole.add(Double(a.updates)); whole.add(a.batchNormRecomputed ? 1.0 : 0.0)
        }
        if let names = record.snapshots { whole.add("snapshots"); for n in names { whole.add(n) } }
        digest = whole.hex(digits: 16)
        epochs = rows
    }
}

extension RunRecord {
    public var fingerprint: RunFingerprint { RunFingerprint(self) }
}

/// 64-bit FNV-1a over bytes.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bits: UInt64) {
        var b = bits
        for _ in 0..<8 {
            value = (value ^ (b & 0xff)) &* 0x100_0000_01b3
            b >>= 8
        }
    }

    mutating func add(_ x: Double) { add(x.bitPattern) }

    /// A missing value hashes apart from every number.
    mutating func add(_ x: Double?) {
        if let x { add(UInt64(1)); add(x) } else { add(UInt64(0)) }
    }

    mutating func add(_ s: String) {
        add(UInt64(s.utf8.count) as UInt64)
        for byte in s.utf8 { add(UInt64(byte) as UInt64) }
    }

    mutating func add(_ row: EpochMetrics) {
        add(UInt64(row.epoch)); add(UInt64(row.step)); add(UInt64(row.samplesSeen)); add(row.learningRate)
        for v in [row.runningLoss, row.trainLoss, row.trainAccuracy, row.validationLoss, row.validationAccuracy,
                  row.testLoss, row.testAccuracy] { add(v) }
    }

    mutating func add(_ step: StepMetrics) {
        add(UInt64(step.step)); add(step.learningRate); add(step.loss)
        if let g = step.gradientNorm { add(g) }
    }

    func hex(digits: Int) -> String {
        let v = digits >= 16 ? value : (value >> 32) ^ (value & 0xffff_ffff)
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
