/// Why a tool call produced no report. It reaches the client as a tool result with `isError: true` whose text is
/// ``message``: for a failure of the engine, exactly the line the CLI prints on standard error.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text the client sees.
    public var message: String

    /// An error with this exact text.
    public init(message: String) {
        self.message = message
    }

    /// The error the CLI reports for `error`: `alb-doctor: error: <description>`.
    public static func engine(_ error: any Error) -> ToolError {
        ToolError(message: "alb-doctor: error: \(error)")
    }

    /// A tool argument that is missing, of the wrong type or out of range.
    public static func argument(_ tool: String, _ text: String) -> ToolError {
        ToolError(message: "\(tool): \(text)")
    }

    public var description: String { message }
}
