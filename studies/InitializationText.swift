import DLCore
import DLStudy
import Foundation

// The init study's framing: the introduction, the references and what it does not show.

extension InitializationStudy {
    @StudyBuilder
    static var introduction: [StudyBlock] {
        Prose("""
            If every weight of a layer starts at the same value, every hidden unit of that layer computes the \
            same function, receives the same gradient and takes the same step: the units stay identical \
            forever, and the layer is as good as one unit wide. With zeros and ReLU it is worse: every hidden \
            activation is 0, so no weight gradient reaches the hidden layers at all. Random weights break the \
            tie (LeCun et al. 1998). Their *scale* is a second question, which a shallow network cannot answer: \
            Glorot & Bengio (2010) chose the variance 2/(fan-in + fan-out) to keep the signal's variance \
            through the layers of a tanh network, and He et al. (2015) the variance 2/fan-in for ReLU, which \
            zeroes half of its input. PyTorch's default for `Linear` draws uniformly with variance \
            1/(3·fan-in) (`kaiming_uniform_` with a = √5).

            The page has two parts: symmetry in a \(hidden.map(String.init).joined(separator: "-")) ReLU MLP, where the answers \
            are facts about the arithmetic that every seed reproduces exactly; then a \(depth)-layer plain network \
            (no normalization, no skip connections), where the three random schemes are compared on the \
            scale of the activations at initialization and on how well the network trains, each at a \
            learning rate chosen for it on a validation split. Claims come in three families (symmetry, \
            scale, trainability); within each, p-values are adjusted with Holm's (1979) step-down procedure.
            """)

    }

    static var references: References {
        References(
            Citation("Xavier Glorot, Yoshua Bengio", 2010, "Understanding the difficulty of training deep feedforward neural networks",
                     "Proceedings of the 13th International Conference on Artificial Intelligence and Statistics (AISTATS), PMLR 9:249–256",
                     url: "https://proceedings.mlr.press/v9/glorot10a.html"),
            Citation("Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun", 2015, "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification",
                     "Proceedings of the IEEE International Conference on Computer Vision (ICCV), 1026–1034; arXiv:1502.01852", url: "https://arxiv.org/abs/1502.01852"),
            Citation("Yann LeCun, Léon Bottou, Genevieve B. Orr, Klaus-Robert Müller", 1998, "Efficient BackProp",
                     "Neural Networks: Tricks of the Trade, Lecture Notes in Computer Science 1524, Springer, 9–50", url: "https://doi.org/10.1007/3-540-49430-8_2"),
            Citation("Andrew M. Saxe, James L. McClelland, Surya Ganguli", 2014, "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks",
                     "International Conference on Learning Representations (ICLR 2014); arXiv:1312.6120", url: "https://arxiv.org/abs/1312.6120"),
            Citation("Dmytro Mishkin, Jiří Matas", 2016, "All you need is a good init",
                     "International Conference on Learning Representations (ICLR 2016); arXiv:1511.06422", url: "https://arxiv.org/abs/1511.06422"),
            .greydanus2020,
            .holm1979
        )
    }

    @StudyBuilder
    static func doesNotShow(_ profile: Profile) -> [StudyBlock] {
        DoesNotShow(
            "Anything beyond MNIST-1D (a 1-D toy task; Greydanus 2020) and these two architectures: a \(hidden.map(String.init).joined(separator: "-")) MLP and a \(depth)-layer, \(width)-unit plain network.",
            "Deeper networks, or networks with normalization or skip connections, where the schemes may differ more (or less): \(depth) layers is one depth, and the activations' scale is measured only at initialization, not during training.",
            "Tuned shallow networks: the symmetry part trains at one rate (\(Format.plain(Double(rate)))); its facts (weights that stay exactly 0, rows that stay exactly equal) do not depend on the rate, its accuracies do.",
            "Other optimizers: plain SGD only; momentum or Adam rescale the steps and can change which scheme trains best. The tuning grid has \(rates(profile).count) rates and \(epochs(profile)) epochs per run; a rate chosen at an end of the grid means the best rate may lie outside it.",
            "Orthogonal initialization (Saxe et al. 2014), LSUV (Mishkin & Matas 2016) and Xavier with tanh's recommended gain 5/3: not run.",
            "The reasons behind a difference in accuracy: the claims compare outcomes; gradients per layer are not measured.",
            DoesNotShow.choiceReadOnItsOwnSeeds(seeds(profile).values.count, chosen: "each scheme at its tuned rate")
        )
    }
}
