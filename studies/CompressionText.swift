import DLCore
import DLStudy
import Foundation

/// The compression study's page: what was done, the Pareto figure, the table of every method,
/// the claims and what they say, references and limits.
enum CompressionText {
    typealias S = CompressionStudy

    /// Non-inferiority margins, stated before the runs (fractions: 0.005 = half a point).
    static let int8Margin = 0.005, lowRankMargin = 0.01, kMeansMargin = 0.01
    static let claimEnergy = 0.95, claimSparsity = 0.9, claimBits = 4

    @StudyBuilder
    static func introduction(_ profile: Profile) -> [StudyBlock] {
        Prose("""
            The notes list the ways to make a trained network cheaper to store and to run: prune weights, \
            share them (Han et al. 2016), quantize them (Jacob et al. 2018), approximate weight matrices by \
            low-rank factors (Denton et al. 2014), or train with binary or ternary weights from the start \
            (Courbariaux et al. 2015; Li et al. 2016). This study puts them side by side on one model, \
            **from the same trained weights at each seed**, and asks what each costs in test accuracy for \
            the bytes it saves.

            The model: the MNIST-1D paper's MLP (40 inputs, two hidden layers of \(S.hidden[0]) ReLU units, \
            \(count: S.weights) weights and \(count: S.biases) biases), trained with Adam at lr \
            \(constant: Double(S.learningRate)), batch \(S.batchSize), for \(S.epochs(profile)) epochs; the last \
            \(S.validationSamples) of the 4,000 training samples are a validation set, and each run keeps the \
            weights of its epoch with the lowest validation loss (early stopping; the test set is read once, \
            at that point). \(Format.spelled(S.seeds(profile)).capitalizedFirst) seeds. Then, from each \
            seed's trained weights, every weight matrix (biases stay float32) is:

            - **pruned** by magnitude, each layer losing \(list: S.sparsities.map { Format.percent($0) }) of its \
            weights, stored sparse (a bitmap of 1 bit per weight plus the nonzero values in float32); once \
            without retraining, once fine-tuned for \(S.fineTuneEpochs) epochs under the mask;
            - **quantized** after training to int8 or int4, symmetric or affine, with one scale per tensor or \
            per output channel: the scale and zero-point of PyTorch's MinMax observers, evaluated in \
            *fake-quant* (quantize, dequantize, infer in float; `torch.fake_quantize_per_tensor_affine` \
            semantics, which the engine's tests check bit for bit); stored as packed integers plus a float32 \
            scale (and an int32 zero-point when affine) per group;
            - **low rank**: replaced by its truncated SVD at the smallest rank that keeps \
            \(list: S.energies.map { Format.plain($0) }) of the squared singular values (a deterministic \
            one-sided Jacobi SVD), stored as two float32 factors, or dense when the factors would be larger;
            - **shared** by k-means (Han et al.: centroids initialized evenly over [min, max], Lloyd \
            iterations), 2^b centroids per layer for b = \(list: S.clusterBits.map(String.init)) bits, stored as \
            b-bit indices plus the float32 codebook.

            Besides, the same MLP is **trained with binary or ternary weights** from the same initialization \
            and data order (the straight-through estimator: the network computes with \
            α·sign(w) — or with 0 below TWN's threshold 0.7·mean|w| — and the gradient updates the float w \
            unchanged; α per layer), stored at 1 or 2 bits per weight plus α. The float32 model \
            (\(count: 4 * (S.weights + S.biases)) bytes) is the reference. Each compressed \
            model is a staged run that starts from its seed's trained weights, so compression happens in the \
            run phase and is cached with its inputs; the report only reads the records.
            """)
    }

    static var references: References {
        References(
            Citation("Song Han, Huizi Mao and William J. Dally", 2016,
                     "Deep Compression: Compressing Deep Neural Networks with Pruning, Trained Quantization and Huffman Coding",
                     "International Conference on Learning Representations (ICLR 2016)", url: "https://arxiv.org/abs/1510.00149"),
            Citation("Benoit Jacob, Skirmantas Kligys, Bo Chen, Menglong Zhu, Matthew Tang, Andrew Howard, Hartwig Adam and Dmitry Kalenichenko", 2018,
                     "Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference",
                     "IEEE Conference on Computer Vision and Pattern Recognition (CVPR 2018), 2704–2713", url: "https://arxiv.org/abs/1712.05877"),
            Citation("Matthieu Courbariaux, Yoshua Bengio and Jean-Pierre David", 2015,
                     "BinaryConnect: Training Deep Neural Networks with binary weights during propagations",
                     "Advances in Neural Information Processing Systems 28 (NeurIPS 2015), 3123–3131", url: "https://arxiv.org/abs/1511.00363"),
            Citation("Fengfu Li, Bo Zhang and Bin Liu", 2016, "Ternary Weight Networks",
                     "arXiv preprint", url: "https://arxiv.org/abs/1605.04711"),
            Citation("Mohammad Rastegari, Vicente Ordonez, Joseph Redmon and Ali Farhadi", 2016,
                     "XNOR-Net: ImageNet Classification Using Binary Convolutional Neural Networks",
                     "European Conference on Computer Vision (ECCV 2016), 525–542", url: "https://arxiv.org/abs/1603.05279"),
            Citation("Andrew Lavin and Scott Gray", 2016, "Fast Algorithms for Convolutional Neural Networks",
                     "IEEE Conference on Computer Vision and Pattern Recognition (CVPR 2016), 4013–4021", url: "https://arxiv.org/abs/1509.09308"),
            Citation("Emily Denton, Wojciech Zaremba, Joan Bruna, Yann LeCun and Rob Fergus", 2014,
                     "Exploiting Linear Structure Within Convolutional Networks for Efficient Evaluation",
                     "Advances in Neural Information Processing Systems 27 (NeurIPS 2014), 1269–1277", url: "https://arxiv.org/abs/1404.0736"),
            .han2015,
            .greydanusKobak2024)
    }

    static func doesNotShow(_ profile: Profile) -> DoesNotShow {
        DoesNotShow(
            "Integer inference: quantization is evaluated in fake-quant (weights quantized and dequantized, activations and arithmetic in float32). Real int8 kernels also quantize activations and accumulate in int32; their accuracy can differ, and only they can be faster.",
            "Any speed-up from compression on this engine: every compressed model runs as the same dense float32 network (pruned zeros are multiplied, low-rank factors are multiplied back into one matrix), so the measured times only confirm that storage savings are not time savings here.",
            "Larger models or harder data: one small MLP on one small synthetic data set, \(S.seeds(profile)) seeds. Han et al. and Jacob et al. report on ImageNet-scale convolutional networks, where layers are far more redundant.",
            "Quantization-aware training, Han et al.'s full pipeline (pruning, then k-means with centroid fine-tuning, then Huffman coding) or iterative pruning: each method here is applied once, on its own, after training (the binary and ternary networks excepted).",
            "A convolutional network: the compression methods are applied to the MLP only; Winograd's transform is measured on one random convolution layer, for its arithmetic and its error, not in a trained CNN.",
            "Compressed sizes with an entropy coder: sizes count packed fixed-width codes, not Huffman-coded ones.")
    }

    // MARK: Results

    static var claimSchemes: (int8: LevelHandle, int4Channel: LevelHandle, int4Tensor: LevelHandle, int4Affine: LevelHandle) {
        (S.quantized(QuantizationScheme(bits: 8, symmetric: true, perChannel: true)),
         S.quantized(QuantizationScheme(bits: 4, symmetric: true, perChannel: true)),
         S.quantized(QuantizationScheme(bits: 4, symmetric: true, perChannel: false)),
         S.quantized(QuantizationScheme(bits: 4, symmetric: false, perChannel: false)))
    }

    @StudyBuilder
    static func results(_ profile: Profile) -> [StudyBlock] {
        let q = claimSchemes
        let int8 = Claim.notWorse("int8 symmetric per-channel quantization costs less than \(Format.points(int8Margin, digits: 1)) of test accuracy",
                                  S.accuracy, q.int8, than: S.float32, by: int8Margin, higherIsBetter: true).family("compression")
        let perChannel = Claim("At int4, per-channel scales beat a per-tensor scale (symmetric)", S.accuracy, q.int4Channel, greaterThan: q.int4Tensor).family("compression")
        let kMeans = Claim.equivalent("k-means at \(claimBits) bits matches int4 affine per-tensor quantization within \(Format.points(kMeansMargin, digits: 1))",
                                      S.accuracy, S.clustered(claimBits), to: q.int4Affine, within: kMeansMargin).family("compression")
        let lowRank = Claim.notWorse("Low rank keeping \(Format.percent(claimEnergy)) of the energy costs less than \(Format.points(lowRankMargin, digits: 1)) of test accuracy",
                                     S.accuracy, S.rank(claimEnergy), than: S.float32, by: lowRankMargin, higherIsBetter: true).family("compression")
        let fineTune = Claim("At \(Format.percent(claimSparsity)) pruned, \(S.fineTuneEpochs) epochs of fine-tuning recover accuracy",
                             S.accuracy, S.prunedFineTuned(claimSparsity), greaterThan: S.pruned(claimSparsity)).family("compression")
        let ternary = Claim("Ternary weights are more accurate than binary weights", S.accuracy, S.lowBitLevel(.ternary), greaterThan: S.lowBitLevel(.binary)).family("compression")
        Heading("Accuracy against bytes")
        FigureBlock.pareto("pareto", caption: "Test accuracy against the model's size in bytes (log axis) for every compression of the same trained MLP: mean over seeds with bars ±1 sd, faint dots are seeds; colours are the families, and the settings on the Pareto front (dashed: no other setting is both smaller and more accurate) are labelled — the table below names every point.",
                           experiments: S.families, metric: Measure(S.accuracy, label: "test accuracy (%)"),
                           cost: Measure(S.bytes, label: "model size (bytes)", log: true), labels: .front, bars: .sd)
        Prose { r in table(r) }
        Prose { r in frontText(r) }
        Heading("Claims")
        Prose("""
            Six claims, stated before the runs, form one family; their p-values are adjusted together with \
            Holm's step-down procedure. Two are non-inferiority claims (a − float32 > −margin, one-sided \
            test on the paired per-seed differences), one is an equivalence claim (two one-sided tests, \
            margin ±\(Format.points(kMeansMargin, digits: 1))), three are directional.
            """)
        int8
        perChannel
        kMeans
        lowRank
        fineTune
        ternary
        Prose { r in
            let d = { (a: LevelHandle, b: LevelHandle) in r.mean(a, S.accuracy) - r.mean(b, S.accuracy) }
            return r.reading(int8,
                             supported: "int8 per channel is within half a point of float32 (mean difference \(points: d(q.int8, S.float32))) at a quarter of the bytes.",
                             contradicted: "int8 per channel costs more than half a point here (mean difference \(points: d(q.int8, S.float32))).",
                             inconclusive: "Whether int8 per channel stays within half a point of float32 the seeds do not settle (mean difference \(points: d(q.int8, S.float32))).")
                + " " + r.reading(perChannel,
                                  supported: "At int4 the per-channel scales pay: \(points: d(q.int4Channel, q.int4Tensor)) over one scale per tensor.",
                                  contradicted: "At int4 one scale per tensor does better than per-channel scales (\(points: -d(q.int4Channel, q.int4Tensor))).",
                                  inconclusive: "At int4, per-channel against per-tensor scales: \(points: d(q.int4Channel, q.int4Tensor)) on average, not settled by the seeds.")
                + " " + r.reading(kMeans,
                                  supported: "k-means with \(spelled: 1 << claimBits) centroids and int4 affine (16 evenly spaced levels) are equivalent within the margin: placing the levels where the weights are buys nothing measurable here.",
                                  contradicted: "k-means at \(claimBits) bits and int4 affine differ by more than the margin (\(points: d(S.clustered(claimBits), q.int4Affine))).",
                                  inconclusive: "Equivalence of k-means at \(claimBits) bits and int4 affine is not shown: k-means is \(points: d(S.clustered(claimBits), q.int4Affine)) \(d(S.clustered(claimBits), q.int4Affine) >= 0 ? "ahead" : "behind") on average, and the interval of the difference is not inside the ±\(Format.points(kMeansMargin, digits: 1)) margin.")
                + " " + r.reading(lowRank,
                                  supported: "Keeping \(percent: claimEnergy) of the energy costs less than a point.",
                                  contradicted: "Keeping \(percent: claimEnergy) of the energy costs more than a point (\(points: d(S.rank(claimEnergy), S.float32))).",
                                  inconclusive: "Whether keeping \(percent: claimEnergy) of the energy costs less than a point is not settled (\(points: d(S.rank(claimEnergy), S.float32))).")
                + " " + r.reading(fineTune,
                                  supported: "Fine-tuning the \(percent: claimSparsity)-pruned network recovers \(points: d(S.prunedFineTuned(claimSparsity), S.pruned(claimSparsity))).",
                                  contradicted: "Fine-tuning the \(percent: claimSparsity)-pruned network made it worse.",
                                  inconclusive: "Fine-tuning the \(percent: claimSparsity)-pruned network changes its accuracy by \(points: d(S.prunedFineTuned(claimSparsity), S.pruned(claimSparsity))), not settled by the seeds.")
                + " " + r.reading(ternary,
                                  supported: "Ternary weights beat binary ones by \(points: d(S.lowBitLevel(.ternary), S.lowBitLevel(.binary))).",
                                  contradicted: "Binary weights beat ternary ones by \(points: -d(S.lowBitLevel(.ternary), S.lowBitLevel(.binary))).",
                                  inconclusive: "Ternary against binary weights: \(points: d(S.lowBitLevel(.ternary), S.lowBitLevel(.binary))), not settled by the seeds.")
        }
    }

    /// Every compressed model: bytes, ratio to float32, accuracy, and the paired difference to float32.
    static func table(_ r: StudyResults) -> String {
        let reference = r.summary(S.float32, S.bytes)?.mean ?? .nan
        let floatValues = r[S.float32]?.values(S.accuracy) ?? [:]
        var rows = ["Every compressed model, from the same trained weights per seed: size (mean over seeds; low rank's depends on the ranks chosen), compression against float32, test accuracy (mean ± sd), and the paired difference to the float32 model (mean over seeds).", "",
                    "| method | setting | bytes | smaller by | test accuracy | − float32 |", "|---|---|---|---|---|---|"]
        for e in S.families {
            guard let exp = r[e] else { continue }
            for level in exp.levels {
                guard let cell = r[level], let b = cell.summary(S.bytes), let a = cell.summary(S.accuracy) else { continue }
                let mine = cell.values(S.accuracy)
                let diffs = mine.keys.sorted().compactMap { s in floatValues[s].map { mine[s]! - $0 } }
                let diff = diffs.isEmpty ? "–" : Format.points(diffs.reduce(0, +) / Double(diffs.count))
                rows.append("| \(e.id) | \(level.label) | \(Format.count(Int(b.mean.rounded()))) | \(Format.ratio(reference / b.mean)) | \(Format.percent(a.mean)) ± \(Format.number(100 * a.sd, digits: 2)) | \(diff) |")
            }
        }
        return rows.joined(separator: "\n")
    }

    /// ", and at 50% pruned fine-tuning ends above the float32 model" when it does (means).
    static func fineTunedAbove(_ r: StudyResults) -> String {
        let above = S.sparsities.filter { r.mean(S.prunedFineTuned($0), S.accuracy) > r.mean(S.float32, S.accuracy) }
        return above.isEmpty ? "" : " (at \(Format.list(above.map { Format.percent($0) })) pruned, fine-tuning ends above the float32 model on average)"
    }

    /// Which settings are on the Pareto front of the means (a description, not a tested claim).
    static func frontText(_ r: StudyResults) -> String {
        var points: [(level: LevelHandle, cost: Double, metric: Double)] = []
        for e in S.families {
            for level in r[e]?.levels ?? [] {
                let b = r.mean(level, S.bytes), a = r.mean(level, S.accuracy)
                if b.isFinite && a.isFinite { points.append((level, b, a)) }
            }
        }
        let front = FigureBlock.paretoFront(points.map { ($0.cost, $0.metric) }, lowerIsBetter: false)
        let names = front.compactMap { f in points.first { $0.cost == f.cost && $0.metric == f.metric }.map { "\($0.level.label) (\(Format.count(Int($0.cost.rounded()))) bytes, \(Format.percent($0.metric)))" } }
        return "On the means, the Pareto front — the settings no other setting beats on both size and accuracy — runs, from the smallest: \(Format.list(names)). A description of the means, not a tested claim; the claims below test the comparisons stated in advance. The fine-tuned pruned models trained \(S.fineTuneEpochs) epochs more than every other model here, which alone can move accuracy\(fineTunedAbove(r))."
    }
}
