import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The compression study's plan: every compressed model starts from its own seed's trained
/// weights and only evaluates them (pruning's fine-tuned variant excepted); the low-bit networks
/// train from the trained run's initialization; the sizes the study quotes are the engine's.
final class CompressionStudyTests: XCTestCase {
    typealias S = CompressionStudy

    func testEveryCompressedModelStartsFromItsSeedsTrainedWeights() throws {
        let jobs = try S.study.stagedPlan(profile: .quick)
        let seeds = UInt64(S.seeds(.quick))
        let perSeed = 1 + 1 + S.schemes.count + S.energies.count + S.clusterBits.count + 2 * S.sparsities.count + LowBitWeights.allCases.count
        XCTAssertEqual(jobs.count, Int(seeds) * perSeed)
        XCTAssertEqual(S.schemes.count, 8)
        XCTAssertEqual(Set(S.schemes).count, 8)
        for seed in 0..<seeds {
            let trained = try XCTUnwrap(jobs.first { $0.experiment == S.trained.id && $0.seed == seed })
            XCTAssertNil(trained.spec.start)
            XCTAssertEqual(trained.spec.earlyStopping?.restoreBestWeights, true)
            for job in jobs where job.seed == seed && job.experiment != S.trained.id {
                if job.experiment == S.lowBit.id {
                    // Trained from scratch like the dense run: same spec but the hook.
                    var spec = job.spec
                    spec.hooks = []
                    XCTAssertEqual(spec, trained.spec, job.readableName)
                    continue
                }
                XCTAssertEqual(job.spec.start?.weights, ArtefactReference(run: trained.key), job.readableName)
                XCTAssertEqual(job.spec.hooks.count, 1)
                guard let method = (job.spec.hooks[0].settings as? CompressHook)?.compression else { return XCTFail("\(job.readableName): \(job.spec.hooks)") }
                if job.experiment == S.pruning.id || job.experiment == S.fineTuned.id {
                    XCTAssertEqual(method, .sparse)
                    XCTAssertEqual(job.spec.start?.mask?.weights, ArtefactReference(run: trained.key))
                    XCTAssertEqual(job.spec.budget.epochs, job.experiment == S.fineTuned.id ? S.fineTuneEpochs : 0)
                } else {
                    XCTAssertNil(job.spec.start?.mask)
                    XCTAssertEqual(job.spec.budget.epochs, 0, job.readableName)
                }
            }
        }
    }

    /// The levels name what their runs do: the quantization labels and schemes agree.
    func testLabelsAndSchemesAgree() throws {
        let jobs = try S.study.stagedPlan(profile: .quick)
        for s in S.schemes {
            let job = try XCTUnwrap(jobs.first { $0.experiment == S.quantization.id && $0.cellLabel == S.quantized(s).label })
            XCTAssertEqual(job.spec.hooks, [.compress(.quantize(s))])
        }
        XCTAssertEqual(S.quantized(QuantizationScheme(bits: 4, symmetric: false, perChannel: true)).label, "int4 affine/channel")
        XCTAssertEqual(S.weights, LotteryStudy.weightCount(S.hidden))
    }
}
