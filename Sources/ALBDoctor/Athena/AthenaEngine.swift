import ALBAthena

/// Where and how `--engine athena` runs its queries (shared by `analyze` and `diagnose`).
public struct AthenaEngine: Sendable, Hashable {
    /// The access-log table.
    public var table: AccessLogTable
    public var workGroup: String?
    public var outputLocation: String?
    /// Stop once the queries together scanned more (bytes).
    public var maxScanBytes: Int64?
    /// Pause between `GetQueryExecution` calls (seconds).
    public var pollInterval: Double

    /// Creates engine settings.
    public init(
        table: AccessLogTable = AccessLogTable(),
        workGroup: String? = nil,
        outputLocation: String? = nil,
        maxScanBytes: Int64? = nil,
        pollInterval: Double = 1
    ) {
        self.table = table
        self.workGroup = workGroup
        self.outputLocation = outputLocation
        self.maxScanBytes = maxScanBytes
        self.pollInterval = pollInterval
    }
}
