import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The lottery study's plan: every round is a stage of the one before, and each variant starts
/// where Frankle & Carbin's procedure (and its controls) says.
final class LotteryStudyTests: XCTestCase {
    typealias S = LotteryStudy

    func testEachVariantStartsWhereTheProcedureSays() throws {
        let jobs = try S.study.stagedPlan(profile: .quick)
        let seeds = UInt64(S.seeds(.quick))
        XCTAssertEqual(jobs.count, Int(seeds) * (1 + 4 * S.rounds + S.widths.count + 1 + 3 * LotteryCNN.rounds))
        func job(_ e: String, _ level: String, _ seed: UInt64) -> RunJob {
            jobs.first { $0.experiment == e && $0.cellLabel == level && $0.seed == seed }!
        }
        for seed in 0..<seeds {
            let dense = job("dense", "dense", seed)
            XCTAssertNil(dense.spec.start)
            for k in 1...S.rounds {
                let e = S.round(k).id, previous = k == 1 ? "dense" : S.round(k - 1).id
                func up(_ level: String) -> String { k == 1 ? dense.key : job(previous, level, seed).key }
                let ticket = job(e, S.ticket, seed), rewound = job(e, S.rewound, seed)
                let reinit = job(e, S.reinitialized, seed), random = job(e, S.randomMask, seed)
                // The ticket rewinds to the dense run's initialization; its mask comes from its own chain.
                XCTAssertEqual(ticket.spec.start?.weights, ArtefactReference(run: dense.key, snapshot: "init"))
                XCTAssertEqual(ticket.spec.start?.mask?.weights.run, up(S.ticket))
                XCTAssertEqual(rewound.spec.start?.weights, ArtefactReference(run: dense.key, snapshot: "step-\(S.rewindStep)"))
                XCTAssertEqual(rewound.spec.start?.mask?.weights.run, up(S.rewound))
                // Control 1: the ticket's mask (same upstream, same recipe), no weights, drawn anew.
                XCTAssertNil(reinit.spec.start?.weights)
                XCTAssertEqual(reinit.spec.start?.reinitialize, true)
                XCTAssertEqual(reinit.spec.start?.mask, ticket.spec.start?.mask)
                // Control 2: a random mask in its own chain, from the original initialization.
                XCTAssertEqual(random.spec.start?.mask?.random, true)
                XCTAssertEqual(random.spec.start?.mask?.weights.run, up(S.randomMask))
                XCTAssertEqual(random.spec.start?.weights, ArtefactReference(run: dense.key, snapshot: "init"))
                for j in [ticket, rewound, reinit, random] {
                    XCTAssertEqual(j.spec.start?.mask?.amount, 0.2)
                    XCTAssertEqual(j.spec.data.validationSamples, S.validationSamples)
                }
            }
        }
        // The CNN's chain: the same variants but the rewound one, 36% per round.
        for seed in 0..<seeds {
            let dense = job(LotteryCNN.dense.id, "dense", seed)
            for k in 1...LotteryCNN.rounds {
                let e = LotteryCNN.round(k).id
                let ticket = job(e, S.ticket, seed), reinit = job(e, S.reinitialized, seed), random = job(e, S.randomMask, seed)
                XCTAssertEqual(ticket.spec.start?.weights, ArtefactReference(run: dense.key, snapshot: "init"))
                XCTAssertEqual(ticket.spec.start?.mask?.weights.run, k == 1 ? dense.key : job(LotteryCNN.round(k - 1).id, S.ticket, seed).key)
                XCTAssertEqual(reinit.spec.start?.mask, ticket.spec.start?.mask)
                XCTAssertEqual(reinit.spec.start?.reinitialize, true)
                XCTAssertEqual(random.spec.start?.mask?.weights.run, k == 1 ? dense.key : job(LotteryCNN.round(k - 1).id, S.randomMask, seed).key)
                XCTAssertEqual(ticket.spec.start?.mask?.amount, 0.36)
                XCTAssertEqual(ticket.spec.model, .mnist1dCNN)
            }
        }
        XCTAssertEqual(LotteryCNN.fraction(LotteryCNN.rounds), S.nominalFraction(S.rounds), accuracy: 1e-12)
        // The dense run keeps the snapshots the rounds rewind to.
        XCTAssertEqual(job("dense", "dense", 0).spec.hooks, [.snapshots(initial: true, steps: [S.rewindStep], epochs: [])])
    }

    func testWeightCountsAndFractions() {
        XCTAssertEqual(S.weightCount([100, 100]), 40 * 100 + 100 * 100 + 100 * 10)
        XCTAssertEqual(S.weightCount([21, 21]), 40 * 21 + 21 * 21 + 21 * 10)
        XCTAssertLessThanOrEqual(S.nominalFraction(S.rounds), 0.05)
        XCTAssertGreaterThan(S.nominalFraction(S.rounds - 1), 0.05, "the last round is the first at or below 5%")
    }
}
