import Foundation

/// The files of a new study package (`dlstudy init`): a Swift package whose executable is the
/// whole dlstudy command line over its own studies, with one study to start from.
struct PackageTemplate {
    /// The package and executable name (letters, digits, - and _).
    let name: String
    /// How the package depends on dlstudy.
    enum Dependency { case path(String), url(String, branch: String) }
    let dependency: Dependency

    /// The dependency's package identity (what `.product(name:package:)` names): its folder or
    /// repository name, lower-cased.
    var identity: String {
        let location: String
        switch dependency { case .path(let p): location = p; case .url(let u, _): location = u }
        var last = URL(fileURLWithPath: location).lastPathComponent
        if case .url = dependency { last = location.split(separator: "/").last.map(String.init) ?? location }
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.lowercased()
    }

    var module: String { name.replacingOccurrences(of: "-", with: "_") }

    /// Every file, by path relative to the package folder.
    var files: [(path: String, text: String)] {
        [("Package.swift", manifest), ("Sources/\(name)/main.swift", main), ("Sources/\(name)/FirstStudy.swift", study),
         ("README.md", readme), (".gitignore", ".build/\n.swiftpm/\noutput/\nPackage.resolved\n")]
    }

    var manifest: String {
        let dep: String
        switch dependency {
        case .path(let p): dep = ".package(path: \(literal(p)))"
        // A branch (not a version) because dlstudy's engine builds with -Ounchecked, which
        // SwiftPM allows in dependencies pinned to a branch or revision only.
        case .url(let u, let b): dep = ".package(url: \(literal(u)), branch: \(literal(b)))"
        }
        return """
            // swift-tools-version:6.0
            // A study package made by `dlstudy init`: its executable is the whole dlstudy command line
            // over the studies listed in Sources/\(name)/main.swift.
            import PackageDescription

            let package = Package(
                name: \(literal(name)),
                platforms: [.macOS(.v13)],
                dependencies: [
                    \(dep),
                ],
                targets: [
                    .executableTarget(
                        name: \(literal(name)),
                        dependencies: [
                            .product(name: "DLCommands", package: \(literal(identity))),
                            .product(name: "DLStudy", package: \(literal(identity))),
                            .product(name: "DLCore", package: \(literal(identity))),
                        ]),
                ],
                swiftLanguageModes: [.v5]
            )

            """
    }

    var main: String {
        """
        import DLCommands

        // The whole dlstudy command line (list, run, report, check, bless, plan, export, merge,
        // publish, train, …) over this package's studies. Add a study: a file like FirstStudy.swift
        // and its name in this list. `includingBuiltIn: true` adds dlstudy's own studies.
        //
        //   swift run -c release \(name) list
        //   swift run -c release \(name) run first --profile quick
        DLStudyCommand.main(studies: [FirstStudy.study], includingBuiltIn: false)

        """
    }

    var study: String {
        """
        import DLCore
        import DLStudy

        /// A first study to edit: two learning rates on the two-moons toy set, a figure, a table, a
        /// claim, and prose computed from the results in Swift (the custom analysis a study file
        /// cannot express). The study DSL: dlstudy's studies/*.swift and docs/studies.md.
        enum FirstStudy {
            static let main = ExperimentHandle("main")
            static let rates = Sweep(main, \\.optimizer.lr, [Float(0.03), 0.3], name: "learning rate")

            static let study = Study("first", title: "A larger learning rate trains further in a fixed budget",
                                     question: "On two moons with a fixed budget, does SGD at lr 0.3 end lower than at lr 0.03?") { profile in
                let base = RunSpec(
                    data: DataSpec(.builtin(.moons(MoonsConfig()))),
                    model: .mlp(hidden: [32, 32]),
                    optimizer: .sgd(lr: 0.1),
                    batchSize: 32,
                    budget: .epochs(profile == .quick ? 5 : 30))
                let (slow, fast) = (rates.first, rates.last)
                Prose("The same MLP, initial weights and batch order at each seed; only the learning rate differs.")
                Experiment(main, base: base, vary: rates.factor, seeds: Seeds(profile == .quick ? 2 : 5))
                FigureBlock.curves("loss", caption: "Training and test loss per epoch (mean over seeds, band: ±1 sd).",
                                   experiment: main, metrics: [.trainLoss, .testLoss], logY: true)
                TableBlock("final", caption: "Final metrics.", experiment: main, [.final(.trainLoss), .final(.testAccuracy)])
                Claim("The larger rate ends with a lower training loss", .final(.trainLoss), fast, lessThan: slow)
                Prose { r in
                    // Any Swift over the results: here the ratio of the two final losses.
                    let ratio = r.mean(slow, .final(.trainLoss)) / r.mean(fast, .final(.trainLoss))
                    return "At lr \\(fast) the final training loss is \\(ratio: ratio) lower than at lr \\(slow)."
                }
                DoesNotShow("Tuned rates: two rates chosen before running.", "Larger models or real data: a small MLP on a toy set.")
            }
        }

        """
    }

    var readme: String {
        """
        # \(name)

        Studies run by dlstudy over this package's own list
        (Sources/\(name)/main.swift). Build once, then use the usual commands:

        ```sh
        swift build -c release
        .build/release/\(name) list
        .build/release/\(name) run first --profile quick    # → output/first/index.html
        .build/release/\(name) bless first --profile quick  # baseline in studies/baselines/
        .build/release/\(name) check first --profile quick
        ```

        Study files (`.build/release/\(name) run path/to/study.yaml`) work here too.

        """
    }

    private func literal(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
