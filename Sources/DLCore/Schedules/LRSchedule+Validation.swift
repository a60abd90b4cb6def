/// A schedule setting that cannot work, named by its field, with the fix in the message.
public struct LRScheduleError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The field, as spelled in JSON (`tMax`, `then.stepSize`).
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "schedule.\(field): \(message)" }
}
