import DLStudy
import Studies

/// The studies the command line knows by name: the built-in registry for `dlstudy`, or a
/// package's own list (`DLStudyCommand.main(studies:includingBuiltIn:)`, which `dlstudy init`
/// writes into a new package's main.swift).
public enum StudyCatalog {
    nonisolated(unsafe) public private(set) static var studies: [Study] = StudyRegistry.all

    /// Sets the studies every command works on; call before parsing the command line.
    public static func use(_ studies: [Study]) { self.studies = studies }

    public static func named(_ name: String) -> Study? { studies.first { $0.name == name } }
}
