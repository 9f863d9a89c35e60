import ALBDiagnosis

/// Where the triage ran when it did not run on this machine (`analyze --engine athena`): the table and the day
/// partitions read, the passes over them, each query with the bytes it scanned and its time, and the cost
/// (JSON `engine`; absent from a local analysis).
public struct EngineRun: Sendable, Codable, Hashable {
    /// One query as the engine ran it.
    public struct Query: Sendable, Codable, Hashable {
        /// The statement (`triage`).
        public var name: String
        /// The engine's query execution id.
        public var id: String
        /// Its final state (`SUCCEEDED`).
        public var state: String
        /// Bytes scanned (Athena's `DataScannedInBytes`).
        public var bytes: Int64
        /// Engine time (Athena's `EngineExecutionTimeInMillis`).
        public var milliseconds: Int64
        /// What it cost, in US dollars.
        public var costUSD: Double

        /// Creates a query record.
        public init(name: String, id: String, state: String, bytes: Int64, milliseconds: Int64, costUSD: Double) {
            self.name = name
            self.id = id
            self.state = state
            self.bytes = bytes
            self.milliseconds = milliseconds
            self.costUSD = costUSD
        }

        enum CodingKeys: String, CodingKey {
            case name, id, state, bytes, milliseconds
            case costUSD = "cost_usd"
        }
    }

    /// `athena`.
    public var name: String
    /// The table queried (`"default"."alb_access_logs"`).
    public var table: String
    /// The first and last `day` partition read (`yyyy/MM/dd`).
    public var firstDay: String
    public var lastDay: String
    /// Passes over those partitions (table scans per triage).
    public var scans: Int
    /// Every query, in the order they ran.
    public var queries: [Query]
    /// The bytes the queries scanned together.
    public var bytesScanned: Int64
    /// What they cost together, in US dollars.
    public var costUSD: Double
    /// The price the cost is computed at: US dollars per TB (10^12 bytes) scanned.
    public var dollarsPerTB: Double
    /// The bytes each query is billed at least.
    public var minimumBytesPerQuery: Int64
    /// The size of the objects in the partitions read, when it was listed first (`--max-scan-gb`).
    public var estimatedBytes: Int64?

    /// Creates the record of a run.
    public init(
        name: String,
        table: String,
        firstDay: String,
        lastDay: String,
        scans: Int,
        queries: [Query],
        costUSD: Double,
        dollarsPerTB: Double,
        minimumBytesPerQuery: Int64,
        estimatedBytes: Int64? = nil
    ) {
        self.name = name
        self.table = table
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.scans = scans
        self.queries = queries
        self.bytesScanned = queries.reduce(0) { $0 + $1.bytes }
        self.costUSD = costUSD
        self.dollarsPerTB = dollarsPerTB
        self.minimumBytesPerQuery = minimumBytesPerQuery
        self.estimatedBytes = estimatedBytes
    }

    enum CodingKeys: String, CodingKey {
        case name, table
        case firstDay = "first_day"
        case lastDay = "last_day"
        case scans, queries
        case bytesScanned = "bytes_scanned"
        case costUSD = "cost_usd"
        case dollarsPerTB = "dollars_per_tb"
        case minimumBytesPerQuery = "minimum_bytes_per_query"
        case estimatedBytes = "estimated_bytes"
    }

    /// The scope lines of the text report.
    var keyValues: [ReportKeyValue] {
        let queryText = queries.map {
            "\($0.name) \($0.id): \(Phrase.bytes($0.bytes)), \(Phrase.seconds(Double($0.milliseconds) / 1000)) s, "
                + Phrase.dollars($0.costUSD)
        }
        var scanned =
            "\(Phrase.bytes(bytesScanned)) in \(queries.count) quer\(queries.count == 1 ? "y" : "ies") "
            + "(\(queryText.joined(separator: "; ")))"
        if let estimatedBytes { scanned += "; estimated beforehand \(Phrase.bytes(estimatedBytes))" }
        return [
            ReportKeyValue(
                "Engine",
                "\(name): table \(table), day partitions \(firstDay)..\(lastDay), "
                    + "\(scans) scan\(scans == 1 ? "" : "s") of them"
            ),
            ReportKeyValue("Data scanned", scanned),
            ReportKeyValue(
                "Cost",
                "\(Phrase.dollars(costUSD)) at $\(Phrase.seconds(dollarsPerTB)) per TB "
                    + "(\(Phrase.bytes(minimumBytesPerQuery)) minimum per query)"
            ),
        ]
    }
}
