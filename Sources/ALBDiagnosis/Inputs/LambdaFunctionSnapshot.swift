/// A Lambda function behind a `lambda` target group, as `GetFunctionConfiguration` describes it.
public struct LambdaFunctionSnapshot: Sendable, Codable, Hashable {
    /// Function name.
    public var name: String
    /// Timeout in seconds.
    public var timeoutSeconds: Int?
    /// Memory in MB.
    public var memoryMB: Int?
    /// `Active`, `Pending`, `Inactive`, `Failed`.
    public var state: String?

    /// Creates a snapshot.
    public init(name: String, timeoutSeconds: Int?, memoryMB: Int? = nil, state: String? = nil) {
        self.name = name
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case name, state
        case timeoutSeconds = "timeout_seconds"
        case memoryMB = "memory_mb"
    }
}
