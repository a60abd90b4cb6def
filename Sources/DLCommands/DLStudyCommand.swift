import ArgumentParser
import DLCore
import DLStudy
import Studies

/// `dlstudy`: run controlled deep-learning experiments and publish them as notebooks.
public struct DLStudyCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "dlstudy",
        abstract: "Run controlled deep-learning experiments on a CPU engine and publish them as reports.",
        version: version,
        subcommands: DLStudyCommand.subcommandTypes
    )

    public init() {}

    /// The whole command line over `studies` (and the built-in ones when `includingBuiltIn`):
    /// what the `main.swift` of a package made by `dlstudy init` calls. Exits with the
    /// command's code.
    public static func main(studies: [Study], includingBuiltIn: Bool = false) -> Never {
        StudyCatalog.use((includingBuiltIn ? StudyRegistry.all : []) + studies)
        mainWithExitCodes()
    }
}
