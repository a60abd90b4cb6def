/// Works many studies cite — the data set and the statistics every claim rests on — written once.
extension Citation {
    /// MNIST-1D, the data set most studies run on.
    public static let greydanus2020 = Citation("Sam Greydanus", 2020, "Scaling down Deep Learning", "arXiv:2011.14439",
                                               url: "https://arxiv.org/abs/2011.14439")
    /// Holm's step-down adjustment within a family of claims.
    public static let holm1979 = Citation("Sture Holm", 1979, "A Simple Sequentially Rejective Multiple Test Procedure",
                                          "Scandinavian Journal of Statistics 6(2):65–70", url: "https://www.jstor.org/stable/4615733")
    /// Two one-sided tests (TOST), the equivalence claims' test.
    public static let schuirmann1987 = Citation(
        "Donald J. Schuirmann", 1987,
        "A comparison of the two one-sided tests procedure and the power approach for assessing the equivalence of average bioavailability",
        "Journal of Pharmacokinetics and Biopharmaceutics 15(6):657–680", url: "https://doi.org/10.1007/BF01068419")
    /// The linear scaling rule for batch size and learning rate (batchsize, lr).
    public static let goyal2017 = Citation(
        "Priya Goyal, Piotr Dollár, Ross Girshick, Pieter Noordhuis, Lukasz Wesolowski, Aapo Kyrola, Andrew Tulloch, Yangqing Jia, Kaiming He", 2017,
        "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", "arXiv:1706.02677", url: "https://arxiv.org/abs/1706.02677")
    /// Convolution arithmetic: output sizes, strides, padding (conv1x1, kernels).
    public static let dumoulin2016 = Citation(
        "Vincent Dumoulin and Francesco Visin", 2016, "A guide to convolution arithmetic for deep learning", "arXiv preprint",
        url: "https://arxiv.org/abs/1603.07285")
    /// Magnitude pruning with retraining (lottery, compression).
    public static let han2015 = Citation(
        "Song Han, Jeff Pool, John Tran and William J. Dally", 2015, "Learning both Weights and Connections for Efficient Neural Networks",
        "Advances in Neural Information Processing Systems 28 (NeurIPS 2015), 1135–1143", url: "https://arxiv.org/abs/1506.02626")
    /// MNIST-1D's conference version, with its CNN baselines (lottery, compression).
    public static let greydanusKobak2024 = Citation(
        "Sam Greydanus and Dmitry Kobak", 2024, "Scaling Down Deep Learning with MNIST-1D",
        "Proceedings of the 41st International Conference on Machine Learning (ICML), PMLR 235", url: "https://arxiv.org/abs/2011.14439")
}
