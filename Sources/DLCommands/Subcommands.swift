import ArgumentParser

extension DLStudyCommand {
    /// Every subcommand, in the order `--help` lists them. Adding a command is one line here.
    static let subcommandTypes: [ParsableCommand.Type] = [
        ListCommand.self,
        RunCommand.self,
        ReportCommand.self,
        PlanCommand.self,
        ExportCommand.self,
        MergeCommand.self,
        PublishCommand.self,
        CheckCommand.self,
        BlessCommand.self,
        TrainCommand.self,
        BenchCommand.self,
        GalleryCommand.self,
        DataCommand.self,
        InitCommand.self,
    ]
}
