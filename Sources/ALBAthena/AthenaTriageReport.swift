import ALBAccessLog
import ALBDiagnosis
import ALBReport

/// Turns the triage statement's result into the same report `analyze` builds from a local scan.
public enum AthenaTriageReport {
    /// The report, the diagnosis it was drawn from, and what the rows added up to.
    public struct Built: Sendable {
        public var report: AnalysisReport
        public var diagnosis: Diagnosis
        public var outcome: TriageResultAdapter.Outcome
    }

    /// Builds the report: the rows folded into the aggregate, the status selection resolved against it
    /// (`--status`, automatic by default) and the engine's queries, bytes and cost (JSON `engine`).
    public static func build(
        result: QueryResult,
        queries: TriageQueries,
        runs: [AthenaQueryRun],
        inputs: [String],
        since: String?,
        until: String?,
        status: StatusSelection = .automatic,
        estimatedBytes: Int64? = nil,
        seed: UInt64 = 502
    ) throws(TriageResultAdapter.Malformed) -> Built {
        let outcome = try TriageResultAdapter.aggregate(result, seed: seed)
        let assembled = AnalysisReport.assemble(
            logs: outcome.logs,
            scan: scanSummary(outcome, runs: runs),
            inputs: inputs,
            since: since,
            until: until,
            status: status
        )
        var report = assembled.report
        report.engine = engineRun(queries: queries, runs: runs, estimatedBytes: estimatedBytes)
        if outcome.exampleLines < outcome.errorLines {
            report.notes.append(
                "Example lines were chosen from \(outcome.exampleLines) of the \(outcome.errorLines) error lines in "
                    + "the window (spread over it, and at least 3 per signature and 2 per target and path), "
                    + "not from all of them as a local scan does."
            )
        }
        return Built(report: report, diagnosis: assembled.diagnosis, outcome: outcome)
    }

    /// What the scan amounted to: lines in the window, lines the table's regex did not match, bytes scanned.
    public static func scanSummary(_ outcome: TriageResultAdapter.Outcome, runs: [AthenaQueryRun]) -> ScanSummary {
        var stats = ParseStatistics()
        stats.linesParsed = outcome.linesParsed
        stats.linesRead = outcome.linesParsed + outcome.linesUnmatched
        stats.linesSkipped = outcome.linesUnmatched
        if outcome.linesUnmatched > 0 {
            stats.skippedByReason["line does not match the table's regex"] = outcome.linesUnmatched
        }
        stats.bytesRead = runs.reduce(0) { $0 + $1.dataScannedInBytes }
        return ScanSummary(stats)
    }

    /// The report's `engine`: table, partitions, scans, each query and the cost.
    public static func engineRun(queries: TriageQueries, runs: [AthenaQueryRun], estimatedBytes: Int64? = nil)
        -> EngineRun
    {
        EngineRun(
            name: "athena",
            table: queries.table.qualifiedName,
            firstDay: queries.days.first,
            lastDay: queries.days.last,
            scans: TriageQueries.scans * runs.count,
            queries: runs.map {
                EngineRun.Query(
                    name: $0.name.rawValue,
                    id: $0.id,
                    state: $0.state,
                    bytes: $0.dataScannedInBytes,
                    milliseconds: $0.engineMilliseconds,
                    costUSD: AthenaCost.rounded(AthenaCost.dollars([$0.dataScannedInBytes]))
                )
            },
            costUSD: AthenaCost.rounded(AthenaQueryRun.cost(runs)),
            dollarsPerTB: AthenaCost.dollarsPerTB,
            minimumBytesPerQuery: AthenaCost.minimumBilledBytes,
            estimatedBytes: estimatedBytes
        )
    }

    /// `engine: athena; table …, day partitions …, 1 query (triage id), X scanned, $Y` (the `diagnose` inputs line).
    public static func scopeNote(queries: TriageQueries, runs: [AthenaQueryRun]) -> String {
        let days = queries.days
        return "engine: athena; table \(queries.table.qualifiedName), day partitions \(days.first)..\(days.last), "
            + "\(TriageQueries.scans * runs.count) scan; \(AthenaQueryRun.spentText(runs)) "
            + "at $\(Int(AthenaCost.dollarsPerTB)) per TB (10 MB minimum per query)"
    }
}
