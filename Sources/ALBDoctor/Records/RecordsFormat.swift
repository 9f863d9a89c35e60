import ALBAccessLog

/// Output format of `alb-doctor records`.
public enum RecordsFormat: String, Sendable, CaseIterable {
    /// One JSON object per line, keys = AWS field names (see Docs/AccessLogs.md).
    case jsonl
    /// A header row of AWS field names, then one tab-separated row per record.
    case tsv
}

/// Which log type `alb-doctor records` reads (`--log-type`).
public enum RecordsLogType: String, Sendable, CaseIterable {
    /// From the object names, else from the first line's shape (see `ALBLogType.of(_:)`).
    case auto
    /// Access logs.
    case access
    /// Health-check logs.
    case healthCheck = "health-check"
    /// Connection logs.
    case connection

    /// The type to read, `nil` to find out.
    public var logType: ALBLogType? {
        switch self {
        case .auto: nil
        case .access: .access
        case .healthCheck: .healthCheck
        case .connection: .connection
        }
    }
}
