/// What one tool call runs with besides its arguments: the directories it may read and where progress goes.
struct ToolCallContext: Sendable {
    /// The path policy of this call (server flags plus the client's roots at the time of the call).
    var paths: PathPolicy
    /// Progress notifications to the client, when it asked for them.
    var progress: ProgressRelay?
}
