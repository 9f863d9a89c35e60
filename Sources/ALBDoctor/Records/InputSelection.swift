import ALBAccessLog

/// The log inputs a command reads: paths (files, `.gz`, directories, `-` for stdin) and an optional time
/// window given as text (`--since` / `--until`).
public struct InputSelection: Sendable, Hashable {
    public var paths: [String]
    public var since: String?
    public var until: String?

    public init(paths: [String], since: String? = nil, until: String? = nil) {
        self.paths = paths
        self.since = since
        self.until = until
    }

    /// The sources to scan, in argument order.
    public var sources: [LogSource] { paths.map(LogSource.path) }

    /// The time window, with relative times (`2h`) resolved against `now`; `nil` without `--since/--until`.
    public func window(now: LogTimestamp = .now()) throws(TimeWindowError) -> TimeWindow? {
        guard since != nil || until != nil else { return nil }
        return try TimeWindow(since: since, until: until, now: now)
    }
}
