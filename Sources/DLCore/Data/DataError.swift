/// A problem with a data set or a data file, told as: which file, what is wrong, how to fix it.
///
/// `kind` lets code (and tests) tell problems apart; `description` is the sentence a user sees:
/// `data/x.npy: unsupported dtype '>f8' — supported: <f4, <f8, … ; re-save with
/// x.astype('<f4')`.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable {
        case fileNotFound, unreadable, badMagic, truncated, badHeader, unsupportedDType
        case fortranOrder, labelOutOfRange, shapeMismatch, missingKey, badCSV, invalidConfig
        case writeFailed
        /// A NaN or an infinity among the inputs.
        case nonFinite
        /// A declared size (shape, count, length) too large to address or to hold in memory.
        case tooLarge
    }

    public var kind: Kind
    /// The file concerned, when there is one.
    public var file: String?
    /// What is wrong, in one sentence.
    public var problem: String
    /// What to do about it.
    public var fix: String

    public init(_ kind: Kind, file: String? = nil, problem: String, fix: String) {
        self.kind = kind
        self.file = file
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        (file.map { "\($0): " } ?? "") + problem + (fix.isEmpty ? "" : " — " + fix)
    }
}
