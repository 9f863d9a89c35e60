/// Why the Athena engine could not produce a report.
public enum AthenaError: Error, Sendable, CustomStringConvertible {
    /// `--since` / `--until` could not be parsed, or the window is unusable.
    case window(String)
    /// The logs URL does not have the access-log folder layout.
    case location(String)
    /// AWS could not be reached (credentials, region, endpoint).
    case setup(String)
    /// The table or database does not exist.
    case missingTable(table: String, reason: String)
    /// The caller may not call an action.
    case accessDenied(action: String, message: String)
    /// A query ended `FAILED` or `CANCELLED`.
    case failed(query: String, id: String, state: String, reason: String)
    /// `--max-scan-gb` was reached: the running query was stopped.
    case scanLimit(limitBytes: Int64, spent: String)
    /// Interrupted (Ctrl-C): the running query was stopped.
    case interrupted(spent: String)
    /// Any other AWS error.
    case aws(operation: String, message: String)
    /// A result row was not what the statement produces.
    case malformed(String)

    public var description: String {
        switch self {
        case .window(let m), .location(let m), .setup(let m), .malformed(let m):
            return m
        case .missingTable(let table, let reason):
            return
                "table \(table) is not there (\(reason)); run `alb-doctor athena setup --logs s3://…/AWSLogs/ACCOUNT/"
                + "elasticloadbalancing/REGION/ --execute` first (with the same --database/--table)"
        case .accessDenied(let action, let message):
            return "access denied: the credentials may not call \(action) (\(message)); "
                + "`alb-doctor iam-policy` prints the actions ALB Doctor needs"
        case .failed(let query, let id, let state, let reason):
            return "Athena query \(query) (\(id)) ended \(state): \(reason)"
        case .scanLimit(let limit, let spent):
            return "stopped: the queries would scan more than --max-scan-gb (\(limit) bytes); \(spent)"
        case .interrupted(let spent):
            return "interrupted: the running Athena query was stopped; \(spent)"
        case .aws(let operation, let message):
            return "\(operation): \(message)"
        }
    }
}
