import Foundation

/// Measures training throughput the way `../shared/reference/pytorch-bench.md` measured PyTorch:
/// one epoch is every sample of a 4000 × 40 set (the last partial batch included) in a fresh
/// random order; each step is forward + cross-entropy + backward + SGD(lr 0.01, momentum 0.9);
/// the figure is the median of `epochs` timed epochs after one warm-up epoch.
public struct ThroughputBenchmark {
    public struct Workload {
        public let name: String
        public let make: () -> Sequential
        public let sampleShape: Shape
        /// PyTorch's samples/s at the same batch sizes (1 thread) in benchmarks/README.md's
        /// reference measurement, taken on another machine: shown for orientation, never divided by.
        public let pytorch: [Int: Double]
        public init(
            name: String, sampleShape: Shape, pytorch: [Int: Double],
            make: @escaping () -> Sequential
        ) {
            self.name = name
            self.make = make
            self.sampleShape = sampleShape
            self.pytorch = pytorch
        }
    }

    public struct Result: Codable {
        public let model: String
        public let parameters: Int
        public let batchSize: Int
        /// Samples per second of wall-clock time (what PyTorch's figure measures).
        public let samplesPerSecond: Double
        public let microsecondsPerStep: Double
        public let gflops: Double
        /// The fastest timed epoch's GFLOP/s as a percentage of the fastest of the 1024³ OpenBLAS
        /// products timed between the epochs (one before each): best against best, since a busy
        /// machine slows some epochs and some products down but never speeds one up, and both
        /// are taken over the same stretch of time. (`gflops` is the median epoch's.)
        public let percentOfPeak: Double
        /// The fastest timed epoch's GFLOP/s (the numerator of `percentOfPeak`).
        public let bestGFLOPS: Double
        /// The fastest of the products timed between the epochs, GFLOP/s.
        public let nearbyPeak: Double
        public let pytorchSamplesPerSecond: Double?
        /// `samplesPerSecond` / `pytorchSamplesPerSecond`.
        public let ratioToPyTorch: Double?
        /// Samples per second of the training thread's CPU time: what the engine does when it has
        /// a core to itself, whatever else the machine is running.
        public let cpuSamplesPerSecond: Double
        /// `cpuSamplesPerSecond` / `pytorchSamplesPerSecond`.
        public let cpuRatioToPyTorch: Double?
        /// The thread's CPU time over the wall-clock time of the median epoch: below 1 when other
        /// processes took the core, which lowers `samplesPerSecond` but not `cpuSamplesPerSecond`.
        public let onCPU: Double

        /// This result beside PyTorch's samples/s measured in the same run.
        public func comparing(toPyTorch rate: Double) -> Result {
            Result(model: model, parameters: parameters, batchSize: batchSize, samplesPerSecond: samplesPerSecond,
                   microsecondsPerStep: microsecondsPerStep, gflops: gflops, percentOfPeak: percentOfPeak,
                   bestGFLOPS: bestGFLOPS, nearbyPeak: nearbyPeak, pytorchSamplesPerSecond: rate, ratioToPyTorch: samplesPerSecond / rate,
                   cpuSamplesPerSecond: cpuSamplesPerSecond, cpuRatioToPyTorch: cpuSamplesPerSecond / rate, onCPU: onCPU)
        }
    }

    public var samples = 4000
    public var epochs = 5
    /// Samples per forward/backward pass (`ClassifierStep.chunkSize`); nil keeps the engine's.
    public var chunkSize: Int?
    public init() {}

    /// Runs one workload at one batch size: one measurement; `pytorch` is PyTorch's samples/s
    /// measured beside it in the same run (the ratios are nil without it: a figure from another
    /// machine is no yardstick). The sgemm peak is measured next to every timed epoch
    /// (`Result.percentOfPeak`).
    public func run(_ workload: Workload, batchSize: Int, pytorch: Double? = nil) -> Result {
        let model = workload.make()
        let sgd = SGD(parameters: model.parameters, learningRate: 0.01, momentum: 0.9)
        let step = ClassifierStep(model: model, optimizer: sgd)
        if let c = chunkSize { step.chunkSize = c }
        let features = workload.sampleShape.count
        var rng = RandomStream(seed: 1, stream: "bench-data")
        let x = (0..<(samples * features)).map { _ in rng.normal() }
        let y = (0..<samples).map { _ in Int32(rng.nextInt(below: 10)) }
        let batch = Tensor(shape: workload.sampleShape.batched(batchSize))
        var labels = [Int32](repeating: 0, count: batchSize)
        var order = Array(0..<samples)

        func epoch() {
            rng.shuffle(&order)
            var start = 0
            while start < samples {
                let n = min(batchSize, samples - start)
                batch.resize(to: workload.sampleShape.batched(n))
                x.withUnsafeBufferPointer { src in
                    for r in 0..<n {
                        (batch.pointer + r * features).update(
                            from: src.baseAddress! + order[start + r] * features, count: features)
                        labels[r] = y[order[start + r]]
                    }
                }
                labels.withUnsafeBufferPointer {
                    _ = step.step(inputs: batch, labels: $0.baseAddress!)
                }
                start += n
            }
        }
        epoch()  // warm-up: allocates every buffer once
        var wall: [Double] = []
        var cpu: [Double] = []
        var peaks: [Double] = []
        let peakProduct = PeakProduct()
        for _ in 0..<epochs {
            peaks.append(peakProduct.gflops())
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c0 = Self.threadCPUTime()
            epoch()
            cpu.append(Self.threadCPUTime() - c0)
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let seconds = wall.sorted()[wall.count / 2]
        let cpuSeconds = cpu.sorted()[cpu.count / 2]
        let steps = (samples + batchSize - 1) / batchSize
        let flops = Double(6 * model.forwardMACs(for: workload.sampleShape) * samples)
        let gflops = flops / seconds / 1e9
        let bestGFLOPS = flops / wall.min()! / 1e9, nearbyPeak = peaks.max()!
        let reference = pytorch
        let rate = Double(samples) / seconds
        let cpuRate = Double(samples) / cpuSeconds
        return Result(
            model: workload.name, parameters: model.parameterCount, batchSize: batchSize,
            samplesPerSecond: rate, microsecondsPerStep: seconds / Double(steps) * 1e6,
            gflops: gflops, percentOfPeak: 100 * bestGFLOPS / nearbyPeak,
            bestGFLOPS: bestGFLOPS, nearbyPeak: nearbyPeak, pytorchSamplesPerSecond: reference,
            ratioToPyTorch: reference.map { rate / $0 }, cpuSamplesPerSecond: cpuRate,
            cpuRatioToPyTorch: reference.map { cpuRate / $0 }, onCPU: min(1, cpuSeconds / seconds))
    }

    /// Where one training step's time goes: per layer forward and backward, the loss (forward
    /// and gradient) and the optimizer, in microseconds per step, the median over `steps` steps
    /// on random batches of `batchSize` after a warm-up step.
    public func breakdown(_ workload: Workload, batchSize: Int, steps: Int = 200)
        -> [(part: String, forward: Double, backward: Double)]
    {
        let model = workload.make()
        let sgd = SGD(parameters: model.parameters, learningRate: 0.01, momentum: 0.9)
        let loss = CrossEntropyLoss()
        var rng = RandomStream(seed: 1, stream: "bench-data")
        let batch = Tensor(shape: workload.sampleShape.batched(batchSize))
        for i in 0..<batch.count { batch[i] = rng.normal() }
        let labels = (0..<batchSize).map { _ in Int32(rng.nextInt(below: 10)) }
        let layers = model.layers
        model.isTraining = true
        // [layer forward…, loss forward, optimizer] and [layer backward…, loss backward, -]
        var fw = [[Double]](repeating: [], count: layers.count + 2)
        var bw = [[Double]](repeating: [], count: layers.count + 2)
        labels.withUnsafeBufferPointer { y in
            for s in 0...steps {
                var t = DispatchTime.now().uptimeNanoseconds
                func lap(_ into: inout [Double]) {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if s > 0 { into.append(Double(now - t) / 1e3) }
                    t = now
                }
                var h = batch
                for (i, l) in layers.enumerated() {
                    h = l.forward(h)
                    lap(&fw[i])
                }
                _ = loss.forwardCounting(h, labels: y.baseAddress!)
                lap(&fw[layers.count])
                var g = loss.backward()
                lap(&bw[layers.count])
                for i in layers.indices.reversed() {
                    g = layers[i].backward(g)
                    lap(&bw[i])
                }
                sgd.step()
                lap(&fw[layers.count + 1])
            }
        }
        func median(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.sorted()[v.count / 2] }
        var parts = layers.enumerated().map { "\($0.offset): \($0.element.description)" }
        parts += ["CrossEntropyLoss", "SGD(momentum=0.9)"]
        return parts.indices.map { (parts[$0], median(fw[$0]), median(bw[$0])) }
    }

    /// CPU time of the calling thread, in seconds. OpenBLAS runs on the caller with one thread.
    static func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The best of a few single-threaded 1024³ products, in GFLOP/s: OpenBLAS's `cblas_sgemm`
    /// (the machine's yardstick) or, with `openBLAS: false`, the engine's own kernel.
    /// Best of several, as a busy machine slows some calls down but never speeds one up.
    public static func sgemmPeak(n: Int = 1024, repeats: Int = 10, openBLAS: Bool = true) -> Double {
        let product = PeakProduct(n: n, openBLAS: openBLAS)
        return (0..<repeats).map { _ in product.gflops() }.max()!
    }

    /// One n³ single-precision product, timed: OpenBLAS's `cblas_sgemm` (the machine's
    /// yardstick) or the engine's own kernel.
    struct PeakProduct {
        let n: Int, openBLAS: Bool
        let a: Tensor, b: Tensor, c: Tensor
        init(n: Int = 1024, openBLAS: Bool = true) {
            self.n = n
            self.openBLAS = openBLAS
            a = Tensor(shape: [n, n], repeating: 0.5)
            b = Tensor(shape: [n, n], repeating: 0.25)
            c = Tensor(shape: [n, n])
        }
        /// GFLOP/s of one product.
        func gflops() -> Double {
            let t0 = DispatchTime.now().uptimeNanoseconds
            if openBLAS {
                BLAS.sgemm(transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: a.pointer, lda: n,
                           b: b.pointer, ldb: n, beta: 0, c: c.pointer, ldc: n)
            } else {
                MatrixMultiply.gemm(m: n, n: n, k: n, a: a.pointer, b: b.pointer, c: c.pointer)
            }
            return 2 * Double(n * n * n) / (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9) / 1e9
        }
    }

    /// The workloads of the reference PyTorch measurement.
    public static let referenceWorkloads: [Workload] = [
        Workload(
            name: "mlp-40-100-100-10", sampleShape: [40],
            pytorch: [16: 42_222, 64: 137_247, 256: 329_737, 1024: 497_012]
        ) {
            ModelZoo.mlp(inputs: 40, hidden: [100, 100], outputs: 10)
        },
        Workload(
            name: "mnist1d-cnn", sampleShape: [1, 40],
            pytorch: [16: 14_391, 64: 44_245, 256: 89_354, 1024: 115_714]
        ) {
            // The built-in spec cannot fail on [1, 40] with 10 classes.
            try! ModelSpec.mnist1dCNN.build(sampleShape: [1, 40], classes: 10)
        },
    ]
}
