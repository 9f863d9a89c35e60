import ALBAccessLog
import ALBDiagnosis
import ALBReport

/// One statement as it ran on the query engine.
public struct AthenaQueryRun: Sendable, Hashable, Codable {
    /// Which triage statement.
    public var name: TriageQueries.Name
    /// Athena's query execution id (`duckdb` for the test engine).
    public var id: String
    /// `Statistics.DataScannedInBytes`.
    public var dataScannedInBytes: Int64
    /// Final state.
    public var state: String

    /// Creates a record of a run.
    public init(name: TriageQueries.Name, id: String, dataScannedInBytes: Int64, state: String) {
        self.name = name
        self.id = id
        self.dataScannedInBytes = dataScannedInBytes
        self.state = state
    }
}

/// Turns the triage statements' results into the same report `analyze` builds from a local scan.
public enum AthenaTriageReport {
    /// Athena's published price per TB (10^12 bytes) scanned, in US dollars.
    public static let dollarsPerTB = 5.0
    /// Athena bills at least 10 MB per query.
    public static let minimumBilledBytes: Int64 = 10_000_000

    /// The dollars a set of runs cost at the published price (each rounded up to Athena's 10 MB minimum).
    public static func cost(_ runs: [AthenaQueryRun]) -> Double {
        let billed = runs.reduce(Int64(0)) { $0 + max($1.dataScannedInBytes, minimumBilledBytes) }
        return Double(billed) / 1e12 * dollarsPerTB
    }

    /// The report, the diagnosis it was drawn from, and how many lines the table's regex did not match.
    public static func build(
        results: [TriageQueries.Name: QueryResult],
        queries: TriageQueries,
        runs: [AthenaQueryRun],
        inputs: [String],
        since: String?,
        until: String?,
        seed: UInt64 = 502
    ) throws(TriageResultAdapter.Malformed) -> (report: AnalysisReport, diagnosis: Diagnosis) {
        let outcome = try TriageResultAdapter.aggregate(results, seed: seed)
        var stats = ParseStatistics()
        stats.linesParsed = outcome.linesParsed
        stats.linesRead = outcome.linesParsed + outcome.linesUnmatched
        stats.linesSkipped = outcome.linesUnmatched
        if outcome.linesUnmatched > 0 {
            stats.skippedByReason["line does not match the table's regex"] = outcome.linesUnmatched
        }
        stats.bytesRead = runs.reduce(0) { $0 + $1.dataScannedInBytes }
        let diagnosis = Diagnosis(logs: outcome.logs)
        var report = AnalysisReport(
            diagnosis: diagnosis,
            scan: ScanSummary(stats),
            inputs: inputs,
            since: since,
            until: until
        )
        report.notes.insert(scopeNote(queries: queries, runs: runs), at: 0)
        return (report, diagnosis)
    }

    /// `engine: athena, table …, days …, N queries (ids), X scanned, $Y`.
    public static func scopeNote(queries: TriageQueries, runs: [AthenaQueryRun]) -> String {
        let scanned = runs.reduce(Int64(0)) { $0 + $1.dataScannedInBytes }
        let ids = runs.map { "\($0.name.rawValue) \($0.id)" }.joined(separator: ", ")
        let days = queries.days
        return "engine: athena; table \(queries.table.qualifiedName), day partitions \(days.first)..\(days.last); "
            + "\(runs.count) queries (\(ids)); data scanned \(byteText(scanned)); "
            + "cost \(dollarText(cost(runs))) at $\(Int(dollarsPerTB)) per TB (10 MB minimum per query)"
    }

    /// `1.23 GB` (decimal units, as Athena bills).
    public static func byteText(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return "\((value * 100).rounded() / 100) \(units[unit])"
    }

    /// `$0.0012`.
    public static func dollarText(_ dollars: Double) -> String {
        let tenThousandths = Int((dollars * 10_000).rounded())
        let fraction = String(tenThousandths % 10_000)
        return "$\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
