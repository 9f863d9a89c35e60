import ALBDiagnosis

/// One statement as it ran on the query engine.
public struct AthenaQueryRun: Sendable, Hashable, Codable {
    /// Which triage statement.
    public var name: TriageQueries.Name
    /// Athena's query execution id (`duckdb` for the test engine).
    public var id: String
    /// `Statistics.DataScannedInBytes`.
    public var dataScannedInBytes: Int64
    /// `Statistics.EngineExecutionTimeInMillis`.
    public var engineMilliseconds: Int64
    /// Final state.
    public var state: String

    /// Creates a record of a run.
    public init(
        name: TriageQueries.Name,
        id: String,
        dataScannedInBytes: Int64,
        engineMilliseconds: Int64 = 0,
        state: String
    ) {
        self.name = name
        self.id = id
        self.dataScannedInBytes = dataScannedInBytes
        self.engineMilliseconds = engineMilliseconds
        self.state = state
    }

    /// The dollars a set of runs cost at the published price (``AthenaCost``).
    public static func cost(_ runs: [AthenaQueryRun]) -> Double {
        AthenaCost.dollars(runs.map(\.dataScannedInBytes))
    }

    /// `1 query (triage q-1), 12.06 MB scanned, $0.0001`.
    public static func spentText(_ runs: [AthenaQueryRun]) -> String {
        let scanned = runs.reduce(Int64(0)) { $0 + $1.dataScannedInBytes }
        let ids = runs.map { "\($0.name.rawValue) \($0.id)" }.joined(separator: ", ")
        return "\(runs.count) quer\(runs.count == 1 ? "y" : "ies") (\(ids)), "
            + "\(Phrase.bytes(scanned)) scanned, \(Phrase.dollars(cost(runs)))"
    }
}
