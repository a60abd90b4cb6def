extension DoesNotShow {
    /// The caveat of a validation choice whose test figures come from the seeds that made it:
    /// the validation and test sets are disjoint, but the training runs are shared, so a seed's
    /// luck that helps on both favours what was chosen (a mild winner's curse). `chosen` names
    /// what was chosen ("the rate tuned per batch size").
    public static func choiceReadOnItsOwnSeeds(_ seeds: Int, chosen: String) -> String {
        "An unbiased test accuracy of \(chosen): the choice is made on the validation scores of the same \(seeds) seeds whose test accuracy is then reported, so a seed's luck that helps on both sets favours what was chosen (the validation and test sets are disjoint, the training runs are not). Fresh seeds at the chosen settings would remove this; they are not run."
    }
}
