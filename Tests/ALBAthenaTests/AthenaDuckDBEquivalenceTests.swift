import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import ALBReport
import Foundation
import Testing

/// The SQL runs on real data: the bundled Samples/ are loaded into DuckDB with the DDL's own regex, every
/// triage statement runs there (translated from Trino by sqlglot), and the rows are folded into the same
/// report model and rules as a local `analyze`. The two reports must agree.
@Suite struct AthenaDuckDBEquivalenceTests {
    static let samples = DuckDBEngine.repoRoot.appendingPathComponent("Samples/AWSLogs").path
    static let table = AccessLogTable()
    static let location = try! LogLocation("s3://example-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/")

    static func local(_ path: String) async throws -> (AnalysisReport, Diagnosis) {
        let result = try await AccessLogScanner().scan(sources: [.path(path)]) { TriageAggregator() }
        let diagnosis = Diagnosis(logs: result.consumer)
        return (AnalysisReport(diagnosis: diagnosis, scan: ScanSummary(result.statistics), inputs: [path]), diagnosis)
    }

    static func athena(_ path: String, since: String, until: String) async throws -> (
        report: AnalysisReport, diagnosis: Diagnosis, output: DuckDBEngine.Output
    ) {
        let queries = TriageQueries(
            table: table,
            since: try #require(LogTimestamp(since)),
            until: try #require(LogTimestamp(until))
        )
        let output = try await DuckDBEngine.run(
            ddl: table.createStatement(location: location, startDay: "2026/01/01"),
            table: table,
            logs: [path],
            statements: queries.statements
        )
        let runs = queries.statements.map { AthenaQueryRun(name: $0.name, id: "duckdb", dataScannedInBytes: 0, state: "SUCCEEDED") }
        let built = try AthenaTriageReport.build(
            results: output.results,
            queries: queries,
            runs: runs,
            inputs: [path],
            since: nil,
            until: nil
        )
        return (built.report, built.diagnosis, output)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A finding without what cannot match (example lines, chosen differently; see Docs/Athena.md).
    static func comparable(_ f: Finding) -> Finding {
        var f = f
        f.evidence = f.evidence.map { e in
            var e = e
            e.examples = []
            return e
        }
        return f
    }

    @Test func samplesGiveTheSameReportAsALocalScan() async throws {
        guard try DuckDBEngine.available() else { return }
        let (local, localDiagnosis) = try await Self.local(Self.samples)
        let (athena, athenaDiagnosis, output) = try await Self.athena(
            Self.samples,
            since: "2026-11-24T00:00:00Z",
            until: "2026-11-25T00:00:00Z"
        )
        #expect(output.unmatched.isEmpty, "lines the DDL regex did not match: \(output.unmatched)")
        #expect(athena.requests == local.requests && local.requests > 20_000)
        #expect(athena.elb502 == local.elb502)
        #expect(athena.statusCodes == local.statusCodes)
        #expect(athena.timeRange == local.timeRange)
        #expect(try Self.json(athena.source) == Self.json(local.source))
        #expect(try Self.json(athena.signatures) == Self.json(local.signatures))
        #expect(try Self.json(athena.timeline) == Self.json(local.timeline))
        #expect(try Self.json(athena.loadBalancers) == Self.json(local.loadBalancers))
        #expect(try Self.json(athena.breakdowns) == Self.json(local.breakdowns))
        #expect(try Self.json(athena.processingTimes) == Self.json(local.processingTimes))
        // Causes: same ids, counts, confidence, evidence (but the example lines), confirm and fix.
        #expect(athena.causes.map(\.id) == local.causes.map(\.id) && !local.causes.isEmpty)
        #expect(athena.causes.map(\.count) == local.causes.map(\.count))
        #expect(try Self.json(athena.causes.map(Self.comparable)) == Self.json(local.causes.map(Self.comparable)))
        #expect(athenaDiagnosis.findings.map(\.id) == localDiagnosis.findings.map(\.id))
        // Every signature has example lines, rebuilt from the columns; each is a line of the logs.
        #expect(athena.examples.map(\.id) == local.examples.map(\.id))
        #expect(athena.examples.allSatisfy { !$0.lines.isEmpty })
    }
}
