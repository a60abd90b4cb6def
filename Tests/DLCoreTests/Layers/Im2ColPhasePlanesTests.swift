@testable import DLCore
import XCTest

/// The 1-D im2col and col2im through phase planes (Sources/CKernels/im2col_1d.c) against the
/// per-row loops they replace: the same columns and the same dx, bit for bit, over kernels,
/// strides, paddings and lengths, including ±0, tiny and large values and a short last run.
final class Im2ColPhasePlanesTests: XCTestCase {
    func testSameBitsAsTheRowLoops() {
        var rng = RandomStream(seed: 7, stream: "im2col planes")
        var checked = 0
        for kernel in [1, 2, 3, 5] {
            for stride in [1, 2, 3] {
                for pad in [0, 1, 2] {
                    for length in [1, 4, 10, 19, 40] where length + 2 * pad >= kernel {
                        let window = Window(kernelHeight: 1, kernelWidth: kernel, strideHeight: 1, strideWidth: stride,
                                            padHeight: 0, padWidth: pad)
                        let out = window.outputSize(height: 1, width: length)!.width
                        let map = Im2Col(channels: 3, height: 1, width: length, outHeight: 1, outWidth: out, window: window)
                        XCTAssertTrue(map.isOneDimensional)
                        let samples = 4, ld = samples * out + 5
                        let values: [Float] = [0, -0.0, 1e-30, -3e20, .leastNonzeroMagnitude]
                        let x = (0..<(samples * 3 * length)).map { i in i % 7 == 0 ? values[i % values.count] : rng.normal() }
                        var planes = [Float](repeating: 9, count: 3 * kernel * ld), rows = planes
                        x.withUnsafeBufferPointer { xp in
                            planes.withUnsafeMutableBufferPointer { map.gather(xp.baseAddress!, samples: samples, into: $0.baseAddress!, rowStride: ld) }
                            rows.withUnsafeMutableBufferPointer { map.gatherRuns(xp.baseAddress!, samples: samples, into: $0.baseAddress!, rowStride: ld) }
                        }
                        // The row loops leave padding entries alone (the engine zeroes them once);
                        // the planes write them as zeros.
                        for r in 0..<(3 * kernel) {
                            for col in 0..<(samples * out) {
                                let expected = rows[r * ld + col] == 9 ? 0 : rows[r * ld + col]
                                XCTAssertEqual(planes[r * ld + col].bitPattern, expected.bitPattern,
                                               "gather k\(kernel) s\(stride) p\(pad) L\(length) row \(r) col \(col)")
                            }
                        }
                        var cols = (0..<(3 * kernel * ld)).map { i in i % 5 == 0 ? values[i % values.count] : rng.normal() }
                        // `scatter` writes dx (7s before); the row loops add onto zeros.
                        var dxPlanes = [Float](repeating: 7, count: x.count), dxRows = [Float](repeating: 0, count: x.count)
                        cols.withUnsafeMutableBufferPointer { c in
                            dxPlanes.withUnsafeMutableBufferPointer { map.scatter(c.baseAddress!, samples: samples, rowStride: ld, into: $0.baseAddress!) }
                            dxRows.withUnsafeMutableBufferPointer { map.scatterAddRuns(c.baseAddress!, samples: samples, rowStride: ld, into: $0.baseAddress!) }
                        }
                        XCTAssertEqual(dxPlanes.map(\.bitPattern), dxRows.map(\.bitPattern),
                                       "col2im k\(kernel) s\(stride) p\(pad) L\(length)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }
}
