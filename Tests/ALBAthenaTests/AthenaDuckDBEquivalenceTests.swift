import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import ALBReport
import ALBSamples
import Foundation
import Testing

/// The SQL runs on real data: the bundled Samples/ are loaded into DuckDB with the DDL's own regex, every
/// triage statement runs there (translated from Trino by sqlglot), and the rows are folded into the same
/// report model and rules as a local `analyze`. The two reports must agree.
@Suite struct AthenaDuckDBEquivalenceTests {
    static let samples = DuckDBEngine.repoRoot.appendingPathComponent("Samples/AWSLogs").path
    static let table = AccessLogTable()

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
            ddl: table.createStatement(
                location: try LogLocation("s3://example-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/"),
                startDay: "2026/01/01"
            ),
            table: table,
            logs: [path],
            statements: queries.statements
        )
        let runs = queries.statements.map {
            AthenaQueryRun(name: $0.name, id: "duckdb", dataScannedInBytes: 0, state: "SUCCEEDED")
        }
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

    /// A finding without what cannot match: its evidence, which quotes example lines and figures drawn
    /// from them (chosen differently; see Docs/Athena.md). Id, count, confidence, confirm and fix remain.
    static func comparable(_ f: Finding) -> Finding {
        var f = f
        f.evidence = []
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
        // Six statements, one pass over the logs each (table scans in DuckDB's plan).
        #expect(output.scans.count == 6 && output.scans.values.allSatisfy { $0 == 1 }, "\(output.scans)")
        #expect(athena.requests == local.requests && local.requests > 20_000)
        #expect(athena.elb502 == local.elb502)
        #expect(athena.statusCodes == local.statusCodes)
        #expect(athena.timeRange == local.timeRange)
        #expect(try Self.json(athena.source) == Self.json(local.source))
        #expect(try Self.json(athena.signatures) == Self.json(local.signatures))
        #expect(try Self.json(athena.timeline) == Self.json(local.timeline))
        #expect(try Self.json(athena.loadBalancers) == Self.json(local.loadBalancers))
        #expect(
            try Self.json(Self.withoutMinutes(athena.breakdowns)) == Self.json(Self.withoutMinutes(local.breakdowns))
        )
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

    /// Writes a generated log set (plain `.log` files in the S3 layout) into a temporary directory.
    static func write(_ set: SampleLogSet, shorten: Bool = false) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("athena-\(UUID().uuidString)")
        for file in set.files {
            let url = root.appendingPathComponent(String(file.path.dropLast(3)))
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            // Every third line cut back to an older layout (25, 29 or 30 fields): both engines must read it.
            let lines = file.lines.enumerated().map { i, line -> String in
                guard shorten, i % 3 == 0 else { return line }
                let fields = AthenaDuckDBEquivalenceTests.fields(line)
                return fields.prefix([25, 29, 30][i % 9 / 3]).joined(separator: " ")
            }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        }
        return root
    }

    /// Quote-aware split of a generated line (no escaped quotes in generated lines).
    static func fields(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() }
            if ch == " " && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out
    }

    /// Generated scenarios: another seed, traffic across midnight UTC (two day partitions), and a mix of
    /// older, shorter line layouts.
    @Test(arguments: [(UInt64(7), false), (UInt64(11), true)])
    func generatedScenariosGiveTheSameCausesAndCounts(seed: UInt64, shorten: Bool) async throws {
        guard try DuckDBEngine.available() else { return }
        let start = UTCTime.epochSeconds(year: 2026, month: 11, day: 24, hour: 23)
        let set = SampleLogGenerator(
            configuration: .init(seed: seed, startEpochSeconds: start, minutes: 90, webRequestsPerMinute: 120)
        ).generate()
        let root = try Self.write(set, shorten: shorten)
        defer { try? FileManager.default.removeItem(at: root) }
        let (local, _) = try await Self.local(root.path)
        let (athena, _, output) = try await Self.athena(
            root.path,
            since: "2026-11-24T22:00:00Z",
            until: "2026-11-25T02:00:00Z"
        )
        #expect(output.unmatched.isEmpty)
        #expect(local.skipped.lines == 0)
        #expect(athena.requests == local.requests && local.requests > 10_000)
        #expect(athena.elb502 == local.elb502)
        #expect(try Self.json(athena.source) == Self.json(local.source))
        #expect(try Self.json(athena.signatures) == Self.json(local.signatures))
        #expect(try Self.json(athena.timeline) == Self.json(local.timeline))
        #expect(
            try Self.json(Self.withoutMinutes(athena.breakdowns)) == Self.json(Self.withoutMinutes(local.breakdowns))
        )
        #expect(athena.causes.map(\.id) == local.causes.map(\.id) && !local.causes.isEmpty)
        #expect(athena.causes.map(\.count) == local.causes.map(\.count))
        #expect(try Self.json(athena.causes.map(Self.comparable)) == Self.json(local.causes.map(Self.comparable)))
    }

    /// The target rows' 502s per minute (the HTML sparkline's data) are not computed by the Athena path yet
    /// (Docs/Athena.md, "What differs"): everything else in the breakdowns must match.
    static func withoutMinutes(_ b: AnalysisReport.Breakdowns) -> AnalysisReport.Breakdowns {
        var b = b
        for i in b.targets.rows.indices { b.targets.rows[i].elb502ByMinute = nil }
        return b
    }
}
