import CKernels
@testable import DLCore
import XCTest

/// The C loops of Adam/AdamW and RMSprop (CKernels/optimizer_updates.c) against the same
/// updates written op for op in Swift: the same bits, on the vector-FMA path and the generic one,
/// for every combination of weight decay, centering and momentum.
final class OptimizerKernelTests: XCTestCase {
    /// `start.lerp_(end, weight)` as ATen computes it on CPU: one fused multiply-add.
    func lerp(_ start: Float, _ end: Float, _ weight: Float) -> Float {
        let diff = end - start
        return abs(weight) < 0.5 ? start.addingProduct(weight, diff) : end.addingProduct(weight - 1, diff)
    }

    func values(_ n: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var stream = RandomStream(seed: seed, stream: "optimizer-kernel")
        return (0..<n).map { _ in scale * (Float(stream.nextDouble()) * 2 - 1) }
    }

    func paths() -> [dl_gemm_path] {
        dl_cpu_has_avx2_fma() != 0 ? [DL_GEMM_AVX2, DL_GEMM_PORTABLE] : [DL_GEMM_PORTABLE]
    }

    override func tearDown() { dl_sgemm_set_path(DL_GEMM_AUTO) }

    func testAdamKernelEqualsTheSwiftDefinition() {
        let n = 37  // not a multiple of the vector width: the tail takes the same ops
        for path in paths() {
            dl_sgemm_set_path(path)
            for (coupled, decoupled) in [(false, false), (true, false), (false, true)] {
                var w = values(n, seed: 1), m = values(n, seed: 2, scale: 0.1), v = values(n, seed: 3).map { $0 * $0 }
                let grad = values(n, seed: 4)
                var s = dl_adam_scalars(l2: 0.01, shrink: 0.9999, grad_weight: 0.1, decay: 0.999, square_weight: 0.001,
                                        bc2_sqrt: 0.3, eps: 1e-8, negative_step: -0.02)
                var (ew, em, ev) = (w, m, v)
                for i in 0..<n {
                    if decoupled { ew[i] *= s.shrink }
                    let g = coupled ? grad[i].addingProduct(s.l2, ew[i]) : grad[i]
                    em[i] = lerp(em[i], g, s.grad_weight)
                    ev[i] = (ev[i] * s.decay).addingProduct(s.square_weight * g, g)
                    ew[i] += s.negative_step * em[i] / (ev[i].squareRoot() / s.bc2_sqrt + s.eps)
                }
                dl_adam_update(n, &w, grad, &m, &v, &s, coupled ? 1 : 0, decoupled ? 1 : 0)
                XCTAssertEqual(w.map(\.bitPattern), ew.map(\.bitPattern), "path \(path) coupled \(coupled) decoupled \(decoupled)")
                XCTAssertEqual(m.map(\.bitPattern), em.map(\.bitPattern))
                XCTAssertEqual(v.map(\.bitPattern), ev.map(\.bitPattern))
            }
        }
    }

    func testRMSpropKernelEqualsTheSwiftDefinition() {
        let n = 29
        for path in paths() {
            dl_sgemm_set_path(path)
            for combo in 0..<8 {
                let decays = combo & 1 != 0, centered = combo & 2 != 0, momentum = combo & 4 != 0
                var w = values(n, seed: 5), sq = values(n, seed: 6).map { $0 * $0 + 0.5 }
                var ga = values(n, seed: 7, scale: 0.1), buf = values(n, seed: 8, scale: 0.1)
                let grad = values(n, seed: 9)
                var s = dl_rmsprop_scalars(l2: 0.001, decay: 0.99, new_weight: 0.01, eps: 1e-8, momentum: 0.9, negative_lr: -0.01)
                var (ew, esq, ega, ebuf) = (w, sq, ga, buf)
                for i in 0..<n {
                    let g = decays ? grad[i].addingProduct(s.l2, ew[i]) : grad[i]
                    esq[i] = (esq[i] * s.decay).addingProduct(s.new_weight * g, g)
                    var d: Float
                    if centered {
                        ega[i] = lerp(ega[i], g, s.new_weight)
                        d = esq[i].addingProduct(-ega[i], ega[i]).squareRoot()
                    } else {
                        d = esq[i].squareRoot()
                    }
                    d += s.eps
                    if momentum {
                        ebuf[i] = ebuf[i] * s.momentum + g / d
                        ew[i] = ew[i].addingProduct(s.negative_lr, ebuf[i])
                    } else {
                        ew[i] += s.negative_lr * g / d
                    }
                }
                dl_rmsprop_update(n, &w, grad, &sq, &ga, &buf, &s, decays ? 1 : 0, centered ? 1 : 0, momentum ? 1 : 0)
                let label = "path \(path) decays \(decays) centered \(centered) momentum \(momentum)"
                XCTAssertEqual(w.map(\.bitPattern), ew.map(\.bitPattern), label)
                XCTAssertEqual(sq.map(\.bitPattern), esq.map(\.bitPattern), label)
                XCTAssertEqual(ga.map(\.bitPattern), ega.map(\.bitPattern), label)
                XCTAssertEqual(buf.map(\.bitPattern), ebuf.map(\.bitPattern), label)
            }
        }
    }
}
