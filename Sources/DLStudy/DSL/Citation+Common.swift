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
}
