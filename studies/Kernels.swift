import DLCore
import DLPlot
import DLStudy

/// Image kernels, the output-size rule, and pooling: the classic hand-made kernels applied with
/// the engine's `Conv2d`; padding, stride and dilation checked against the engine; the notes'
/// 4×4 pooling example; and max pooling, average pooling and strided convolution trained side by
/// side, with their robustness to a one-pixel shift and the filters the first layer learns.
public enum KernelsStudy {
    static let downsampling = ExperimentHandle("downsampling")
    static let maxPool = downsampling.level("max pool 2×2"), avgPool = downsampling.level("average pool 2×2")
    static let strided = downsampling.level("3×3 conv, stride 2")
    static let rate: Float = 0.003, width = 16

    /// How each level halves the resolution after a convolution with `channels` outputs.
    static func halve(_ level: LevelHandle, channels: Int) -> [LayerSpec] {
        switch level {
        case maxPool: return [LayerSpec(.maxPool2d, kernel: 2)]
        case avgPool: return [LayerSpec(.avgPool2d, kernel: 2)]
        default: return [.conv2d(channels, kernel: 3, stride: 2, padding: 1), .relu]
        }
    }

    /// Two 3×3 convolutions (16 and 32 channels, "same" padding, ReLU), each followed by the
    /// level's halving (16×16 → 8×8 → 4×4), then a Linear layer to the classes.
    static func network(_ level: LevelHandle) -> ModelSpec {
        ModelSpec(layers: [.conv2d(width, kernel: 3, padding: 1), .relu] + halve(level, channels: width)
                  + [.conv2d(2 * width, kernel: 3, padding: 1), .relu] + halve(level, channels: 2 * width) + [.flatten, LayerSpec(.linear)])
    }

    static func base(_ profile: Profile) -> RunSpec {
        let data = profile == .quick ? ShapesConfig(trainCount: 600, testCount: 300) : ShapesConfig(trainCount: 2000, testCount: 500)
        return RunSpec(data: DataSpec(.builtin(.shapes(data))), model: network(maxPool), optimizer: .adam(lr: rate),
                       batchSize: 50, budget: .epochs(profile == .quick ? 4 : 10))
    }

    static let accuracy = Quantity.final(.testAccuracy)
    static let parameters = Quantity.custom("parameters") { Double($0.parameterCount) }
    static let multiplyAdds = Quantity.custom("multiply-adds per image") { Double($0.trainingFLOPsPerSample) / 6 }

    public static let study = Study(
        "kernels", title: "Image kernels, padding and stride, and pooling",
        question: "What do the classic kernels do to an image, what size is a convolution's output, and does max pooling beat average pooling and strided convolution — on accuracy and on a one-pixel shift?",
        thumbnail: "kernels"
    ) { profile in
        let b = base(profile)
        Prose("""
            A convolution slides a small grid of weights — a *kernel* — over the image and writes, at each \
            position, the sum of the pixels under it weighted by the kernel. Hand-made kernels were image \
            processing's tools long before networks learned theirs: the identity [0 0 0; 0 1 0; 0 0 0] copies \
            the image, the Gaussian blur 1/16·[1 2 1; 2 4 2; 1 2 1] averages a neighbourhood, sharpen \
            [0 −1 0; −1 5 −1; 0 −1 0] adds the difference from the neighbours, and the edge kernel \
            [−1 −1 −1; −1 8 −1; −1 −1 −1] keeps only that difference, so flat regions go to zero. Below, each \
            is applied with the engine's `Conv2d` (3×3, padding 1, no bias) to images of the shapes set.
            """)
        FigureBlock("kernels", caption: "The classic kernels applied with Conv2d to three shapes images (rows). Each panel is scaled from its own minimum (black) to its maximum (white). Blur smooths the pixel noise away; sharpen and edge amplify it along with the figure's outline. The kernels themselves are in the first row of the filters figure below.",
                    experiment: downsampling.id, needs: { _ in [KernelsFacts.job] }) { r in KernelsFacts.kernelFigure(r) }

        Heading("Output size: padding, stride and dilation")
        Prose("""
            Along each dimension a convolution or pooling layer with kernel k, padding p on both sides, \
            stride s and dilation d turns n inputs into ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 outputs (Dumoulin & \
            Visin 2016; PyTorch's formula). The table applies the rule to common settings and puts beside it \
            the size the engine's `Conv2d` and `MaxPool2d` actually produce (the engine has dilation 1; the \
            unit tests also check dilated sizes against PyTorch's).
            """)
        Prose { r in KernelsFacts.sizeTable(r) }

        Heading("Pooling the notes' 4×4 example")
        Prose { r in KernelsFacts.poolingText(r) }

        Heading("Max pooling, average pooling or a strided convolution?")
        Prose("""
            The same network — two 3×3 convolutions with ReLU (\(width) and \(2 * width) channels), each followed \
            by a halving of the resolution, then a Linear layer — halves with 2×2 max pooling, 2×2 average \
            pooling, or a learned 3×3 convolution with stride 2 (and ReLU; Springenberg et al. 2015). \
            \(b.data.sizes!.train) training and \(b.data.sizes!.test) test images of the grey shapes, Adam at lr \
            \(constant: Double(rate)), batch \(b.batchSize), \(b.budget.epochs!) epochs, the same batch order at \
            each seed. Robustness: every test image moved one pixel to the right (zeros enter on the left), \
            and the accuracy measured again on the trained network.
            """)
        Experiment(downsampling, base: b, vary: Vary("halving", [maxPool, avgPool, strided].map { level in Level(level) { $0.model = network(level) } },
                                                      changesInitOrData: true),
                   seeds: Seeds(profile == .quick ? 2 : 5), keepWeights: true)
        Derive { runs in KernelsFacts.shiftJobs(runs) }
        FigureBlock.curves("downsampling", caption: "Training and test accuracy per epoch by halving (mean over seeds, band ±1 sd).",
                           experiment: downsampling.id, metrics: [.trainAccuracy, .testAccuracy])
        TableBlock("downsampling", caption: "Parameters, multiply-adds and accuracy by halving (mean over seeds).", experiment: downsampling,
                   [parameters, multiplyAdds, .final(.trainAccuracy), accuracy])
        let maxBeatsAverage = Claim("Max pooling is more accurate than average pooling", accuracy, maxPool, greaterThan: avgPool)
        let maxBeatsStrided = Claim("Max pooling is more accurate than a strided convolution", accuracy, maxPool, greaterThan: strided)
        maxBeatsAverage
        maxBeatsStrided
        Prose { r in KernelsFacts.shiftText(r, maxBeatsAverage: maxBeatsAverage, maxBeatsStrided: maxBeatsStrided) }

        Heading("What the first layer learns")
        FigureBlock("filters", caption: "Top row: the classic kernels. Below: the \(width) 3×3 filters of the first convolution after training (seed 0), two rows per halving. Each filter is shown with zero at mid-grey and ± its largest weight at white and black. At seed 0 the three networks start from the same first-layer weights.",
                    experiment: downsampling.id, needs: { runs in [KernelsFacts.job] + KernelsFacts.filterJobs(runs) }) { r in KernelsFacts.filterFigure(r) }
        Prose("""
            Learned first-layer filters are small and noisy after a short training on 16×16 images; many \
            resemble oriented edge or blob detectors, the family the edge and sharpen kernels belong to, but \
            the figure is an illustration, not a measurement.
            """)

        DoesNotShow(
            "That max pooling wins in general: one small network on synthetic 16×16 shapes, \(b.budget.epochs!) epochs, one untuned learning rate shared by every level (chosen beforehand, not on validation or test data).",
            "Shift invariance of larger shifts, rotations or real images: the robustness test moves the test images by exactly one pixel; a network trained with shifted images (augmentation) would behave differently.",
            "That the learned filters are the classic kernels: the comparison is visual.",
            "Dilated convolutions in training: the engine has dilation 1; the output-size rule with dilation is checked against PyTorch's numbers in the unit tests.")
        References(
            .dumoulin2016,
            Citation("Jost Tobias Springenberg, Alexey Dosovitskiy, Thomas Brox and Martin Riedmiller", 2015, "Striving for simplicity: the all convolutional net",
                     "International Conference on Learning Representations (ICLR), workshop track", url: "https://arxiv.org/abs/1412.6806"),
            Citation("Richard Zhang", 2019, "Making convolutional networks shift-invariant again", "Proceedings of the 36th International Conference on Machine Learning (ICML), PMLR 97, 7324–7334", url: "https://arxiv.org/abs/1904.11486"))
    }
}
