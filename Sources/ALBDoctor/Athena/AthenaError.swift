import ALBDiagnosis

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
    /// A file given with the run could not be read (`--kube-pods`).
    case input(String)
    /// The scan could not be estimated before it ran (`--max-scan-gb` lists the day folders first).
    case estimate(String)
    /// `--max-scan-gb` is below what the scan would read: nothing was started.
    case estimateOverLimit(limitBytes: Int64, estimate: Int64, cost: Double)
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
        case .window(let m), .location(let m), .setup(let m), .malformed(let m), .input(let m), .estimate(let m):
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
        case .estimateOverLimit(let limit, let estimate, let cost):
            return "not started: the scan would read about \(Phrase.bytes(estimate)) (the objects of the window's day "
                + "partitions, \(Phrase.dollars(cost))), more than --max-scan-gb (\(Phrase.bytes(limit))); "
                + "narrow --since/--until or raise --max-scan-gb"
        case .scanLimit(let limit, let spent):
            return "stopped: the query scanned more than --max-scan-gb (\(Phrase.bytes(limit))); \(spent)"
        case .interrupted(let spent):
            return "interrupted: the running Athena query was stopped (StopQueryExecution); \(spent)"
        case .aws(let operation, let message):
            return "\(operation): \(message)"
        }
    }
}
