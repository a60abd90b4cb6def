import DLCore
import DLStudy
import Foundation

// The batch-size study's framing: the introduction, the references and what it does not show.

extension BatchSizeStudy {
    @StudyBuilder
    static func introduction(_ profile: Profile) -> [StudyBlock] {
        let n = seeds(profile).values.count
        Prose("""
            Keskar et al. (2017) observed that networks trained with large minibatches converge to *sharp* minima \
            of the training loss — points where the loss rises quickly in some directions — and generalize worse \
            than those trained with small batches, which find *flat* minima. But at one learning rate η a larger \
            batch B also means a smaller step per example, η/B, and less gradient noise: Goyal et al. (2017) scale \
            η with B, and Smith & Le (2018) and Smith et al. (2018) argue that the noise scale, proportional to \
            η/B, not B itself, sets what SGD finds. This page separates the two on MNIST-1D (Greydanus 2020) with \
            one \(width)-\(width) ReLU MLP, the same initial weights and data order at each of \(n) seeds (common \
            random numbers), and three experiments: one fixed rate (η/B falls as B grows), the linear scaling \
            rule (η/B held fixed), and the rate tuned per batch size on a validation split.

            The first two train until the loss on the whole training set falls below \
            \(number: base(profile).budget.targetTrainLoss!), so all runs end equally well fitted and a large \
            batch is not judged on fewer updates. At the final weights we measure sharpness two ways: the \
            largest eigenvalue λ₁ of the Hessian of the training loss (\(powerIterations) power iterations on \
            Hessian-vector products), and Keskar's ε-sharpness, the largest relative rise of the training loss \
            within a box of relative size ε = \(constant: epsilon) around the weights w, \
            100 × (max over ‖δ‖ ≤ ε(|w| + 1) of L(w + δ) − L(w)) / (1 + L(w)), maximized by \(ascentSteps) steps \
            of projected sign-gradient ascent. Training to a low loss overfits, so test accuracy is reported \
            twice: at the end, and at the epoch of lowest validation loss (\(count: base(profile).data.validationSamples!) \
            training signals held out), the epoch early stopping would pick. The test set is never used to choose anything.
            """)

    }

    static var references: References {
        References(
            Citation("Nitish Shirish Keskar, Dheevatsa Mudigere, Jorge Nocedal, Mikhail Smelyanskiy, Ping Tak Peter Tang", 2017,
                     "On Large-Batch Training for Deep Learning: Generalization Gap and Sharp Minima",
                     "International Conference on Learning Representations (ICLR 2017); arXiv:1609.04836", url: "https://arxiv.org/abs/1609.04836"),
            .goyal2017,
            Citation("Samuel L. Smith, Quoc V. Le", 2018, "A Bayesian Perspective on Generalization and Stochastic Gradient Descent",
                     "International Conference on Learning Representations (ICLR 2018); arXiv:1710.06451", url: "https://arxiv.org/abs/1710.06451"),
            Citation("Samuel L. Smith, Pieter-Jan Kindermans, Chris Ying, Quoc V. Le", 2018, "Don't Decay the Learning Rate, Increase the Batch Size",
                     "International Conference on Learning Representations (ICLR 2018); arXiv:1711.00489", url: "https://arxiv.org/abs/1711.00489"),
            Citation("Laurent Dinh, Razvan Pascanu, Samy Bengio, Yoshua Bengio", 2017, "Sharp Minima Can Generalize For Deep Nets",
                     "Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR 70:1019–1028; arXiv:1703.04933", url: "https://arxiv.org/abs/1703.04933"),
            Citation("Jeremy M. Cohen, Simran Kaur, Yuanzhi Li, J. Zico Kolter, Ameet Talwalkar", 2021,
                     "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability",
                     "International Conference on Learning Representations (ICLR 2021); arXiv:2103.00065", url: "https://arxiv.org/abs/2103.00065"),
            .greydanus2020,
            .holm1979,
            .schuirmann1987
        )
    }

    @StudyBuilder
    static func doesNotShow(_ profile: Profile) -> [StudyBlock] {
        let n = seeds(profile).values.count
        DoesNotShow(
            "That sharpness causes worse generalization: sharpness and accuracy move together here, but no experiment changes one without the other. Dinh et al. (2017) show that sharpness is not invariant to reparametrization — a ReLU network can be rescaled layer by layer into an arbitrarily sharp minimum computing the same function — so λ₁ and ε-sharpness describe these weights, not the function.",
            "The edge of stability: Cohen et al. (2021) find full-batch gradient descent drives λ₁ up to about 2/η. λ₁ is measured once, at the end, not along training, so whether a run sat at the edge earlier is not shown; at the end every setting is below it (see above).",
            "Anything at scale: one \(width)-\(width) MLP on MNIST-1D (a 1-D toy task, \(Format.count(base(profile).data.trainSamples!)) training signals), plain SGD without momentum or weight decay, \(n) seeds, batch sizes \(Format.list(sizes(profile).map(String.init))). Keskar et al. and Goyal et al. report ImageNet-scale networks, where the linear rule breaks down beyond some batch size.",
            "Smith et al. (2018)'s schedule — increasing the batch instead of decaying the rate — is not run: every run here has a constant rate after warm-up.",
            "A tuned rate with its own stopping for the sharpness comparison: the tuned runs stop at different training losses and carry no sharpness probes; sharpness is compared only between runs trained to the same loss.",
            "Other tuning budgets: \(multiples(profile).count) rates per batch size a factor 2 apart, and the equivalence margins (\(Format.points(accuracyMargin)), \(Format.number(sharpnessMargin)) in log₁₀ λ₁) chosen before the runs; a finer grid or other margins can change those verdicts.",
            DoesNotShow.choiceReadOnItsOwnSeeds(n, chosen: "the rate tuned per batch size")
        )
    }
}
