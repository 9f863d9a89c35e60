import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import ALBDoctor
import ALBReport
import ALBSamples
import Foundation
import Testing

/// The SQL runs on real data: log files are loaded into DuckDB with the DDL's own regex, the triage statement
/// runs there (translated from Trino by sqlglot), and its rows go through the same report assembly as
/// `analyze --engine athena` (`AthenaAnalysis.report`). The report must be the one a local `analyze`
/// (`LogAnalysis.run`) writes for the same files and options, every field of it: the causes with their
/// evidence (details and example lines), the status sections, the per-target per-minute data, the examples.
/// Only `engine` (Athena's queries and cost) is the Athena report's own.
@Suite struct AthenaDuckDBEquivalenceTests {
    static let samples = DuckDBEngine.repoRoot.appendingPathComponent("Samples/AWSLogs").path
    static let fixtures = DuckDBEngine.repoRoot.appendingPathComponent("Tests/ALBDoctorCLITests/Fixtures")
    static let table = AccessLogTable()
    static let location = "s3://example-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/"

    /// The local report of `analyze PATH [--status S] [--kube-pods F]`, of the access logs (the health-check and
    /// connection logs beside them are not joined: the Athena triage reads the access-log table only).
    static func local(_ path: String, status: StatusSelection = .automatic, kubePods: [String] = []) async throws
        -> AnalysisReport
    {
        var request = LogAnalysis.Request(paths: [path])
        request.loadBalancerLogs = false
        request.status = status
        request.kubePods = kubePods
        return try await LogAnalysis.run(request).report
    }

    /// The Athena report of the same files: the statement run by DuckDB, its rows through `AthenaAnalysis.report`.
    static func athena(
        _ path: String,
        since: String,
        until: String,
        status: StatusSelection = .automatic,
        kubePods: [String] = []
    ) async throws -> (report: AnalysisReport, output: DuckDBEngine.Output) {
        let queries = TriageQueries(
            table: table,
            since: try #require(LogTimestamp(since)),
            until: try #require(LogTimestamp(until))
        )
        let output = try await DuckDBEngine.run(
            ddl: table.createStatement(location: try LogLocation(location), startDay: "2026/01/01"),
            table: table,
            logs: [path],
            statements: queries.statements
        )
        let runs = queries.statements.map {
            AthenaQueryRun(name: $0.name, id: "duckdb", dataScannedInBytes: 0, state: "SUCCEEDED")
        }
        var request = AthenaAnalysis.Request(inputs: [path])
        request.status = status
        request.kubePods = kubePods
        let outcome = try AthenaAnalysis.report(
            result: try #require(output.results[.triage]),
            queries: queries,
            runs: runs,
            request: request
        )
        return (outcome.report, output)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The report's JSON without what only the Athena report has (`engine`) and the inputs/window as given.
    static func comparable(_ report: AnalysisReport) throws -> [String: String] {
        var r = report
        r.engine = nil
        r.inputs = []
        r.window.since = nil
        r.window.until = nil
        let object = try JSONSerialization.jsonObject(with: Data(try json(VersionedReport(report: r)).utf8))
        let top = try #require(object as? [String: Any])
        var out: [String: String] = [:]
        for (key, value) in top {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            out[key] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    /// Every top-level key of both reports equal; a difference names the key and shows both values.
    static func expectSameReport(_ athena: AnalysisReport, _ local: AnalysisReport, _ label: String) throws {
        let a = try comparable(athena)
        let l = try comparable(local)
        #expect(Set(a.keys) == Set(l.keys), "\(label): keys \(Set(a.keys).symmetricDifference(Set(l.keys)))")
        for key in l.keys.sorted() where a[key] != l[key] {
            let athenaText = Array(a[key] ?? "-")
            let localText = Array(l[key] ?? "-")
            let at = zip(athenaText, localText).prefix { $0 == $1 }.count
            func around(_ text: [Character]) -> String {
                String(text[max(0, at - 300)..<min(text.count, at + 200)])
            }
            Issue.record(
                "\(label): \(key) differs at character \(at)\n athena: …\(around(athenaText))…\n local:  …\(around(localText))…"
            )
        }
    }

    /// One pass over the logs: one statement whose plan (DuckDB) and whose text (Trino, CTEs inlined) read the
    /// table once.
    static func expectOneScan(_ output: DuckDBEngine.Output) {
        #expect(output.scans.count == 1, "\(output.scans)")
        #expect(output.scans.values.reduce(0, +) <= 2 && output.scans.values.reduce(0, +) == TriageQueries.scans)
        #expect(output.trinoReads.values.reduce(0, +) == TriageQueries.scans, "\(output.trinoReads)")
    }

    @Test(arguments: [
        ("auto", StatusSelection.automatic), ("502", StatusSelection.default502),
        ("504", StatusSelection(codes: [504])), ("5xx,4xx", StatusSelection(classes: [4, 5])),
    ])
    func samplesGiveTheSameReportAsALocalScan(label: String, status: StatusSelection) async throws {
        guard try DuckDBEngine.available() else { return }
        let local = try await Self.local(Self.samples, status: status)
        let (athena, output) = try await Self.athena(
            Self.samples,
            since: "2026-11-24T00:00:00Z",
            until: "2026-11-25T00:00:00Z",
            status: status
        )
        // The health-check and connection logs in the same folders are read by the table (Athena reads every object
        // under its location) and do not match its regex; the statement leaves them out by object name.
        let unmatched = output.unmatched.keys.filter {
            !$0.contains("/health_check_log_") && !$0.contains("/conn_log_")
        }
        #expect(unmatched.isEmpty, "access-log lines the DDL regex did not match: \(unmatched)")
        #expect(output.unmatched.keys.contains { $0.contains("/health_check_log_") })
        Self.expectOneScan(output)
        #expect(local.requests > 20_000 && !local.causes.isEmpty && local.elb502 > 0)
        // The per-target per-minute data of the HTML page is there.
        #expect(athena.breakdowns.targets.rows.contains { !($0.elb502ByMinute ?? [:]).isEmpty })
        if status == StatusSelection(codes: [504]) {
            #expect(athena.statuses?.map(\.status) == [504] && athena.selectedCodes == [504])
        }
        try Self.expectSameReport(athena, local, "Samples --status \(label)")
    }

    /// The fixtures of the default report (one code each, and a mix) and of `--kube-pods`.
    @Test(arguments: ["504", "503", "mixed", "502"])
    func statusFixturesGiveTheSameReport(name: String) async throws {
        guard try DuckDBEngine.available() else { return }
        let path = Self.fixtures.appendingPathComponent("status/\(name).log").path
        for status in [StatusSelection.automatic, StatusSelection(codes: [504]), .default502] {
            let local = try await Self.local(path, status: status)
            let (athena, output) = try await Self.athena(
                path,
                since: "2026-11-24T00:00:00Z",
                until: "2026-11-25T00:00:00Z",
                status: status
            )
            #expect(output.unmatched.isEmpty)
            Self.expectOneScan(output)
            try Self.expectSameReport(athena, local, "\(name).log --status \(status)")
        }
    }

    @Test func kubePodsGiveTheSameReport() async throws {
        guard try DuckDBEngine.available() else { return }
        let logs = Self.fixtures.appendingPathComponent("kube/access.log").path
        let pods = Self.fixtures.appendingPathComponent("kube/pods.json").path
        let local = try await Self.local(logs, kubePods: [pods])
        #expect(local.causes.contains { $0.id == .targetStoppedWhileRegistered })
        let (athena, _) = try await Self.athena(
            logs,
            since: "2026-11-24T00:00:00Z",
            until: "2026-11-25T00:00:00Z",
            kubePods: [pods]
        )
        try Self.expectSameReport(athena, local, "kube --kube-pods")
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

    /// Generated scenarios: other seeds, traffic across midnight UTC (two day partitions), and a mix of older,
    /// shorter line layouts; the default selection and `--status 504`.
    @Test(arguments: [(UInt64(7), false), (UInt64(11), true), (UInt64(23), false)])
    func generatedScenariosGiveTheSameReport(seed: UInt64, shorten: Bool) async throws {
        guard try DuckDBEngine.available() else { return }
        let start = UTCTime.epochSeconds(year: 2026, month: 11, day: 24, hour: 23)
        let set = SampleLogGenerator(
            configuration: .init(seed: seed, startEpochSeconds: start, minutes: 90, webRequestsPerMinute: 120)
        ).generate()
        let root = try Self.write(set, shorten: shorten)
        defer { try? FileManager.default.removeItem(at: root) }
        for status in [StatusSelection.automatic, StatusSelection(codes: [504])] {
            let local = try await Self.local(root.path, status: status)
            #expect(local.skipped.lines == 0)
            let (athena, output) = try await Self.athena(
                root.path,
                since: "2026-11-24T22:00:00Z",
                until: "2026-11-25T02:00:00Z",
                status: status
            )
            #expect(output.unmatched.isEmpty)
            Self.expectOneScan(output)
            #expect(local.requests > 10_000 && !local.causes.isEmpty)
            try Self.expectSameReport(athena, local, "seed \(seed)\(shorten ? " shortened" : "") --status \(status)")
        }
    }

    /// More error lines than the statement reads back for examples: every figure still equals the local one,
    /// the examples come from the lines read back (at least one per signature), and the report says so.
    @Test func aBoundedExamplePoolKeepsEveryFigureAndSaysSo() async throws {
        guard try DuckDBEngine.available() else { return }
        var queries = TriageQueries(
            table: Self.table,
            since: try #require(LogTimestamp("2026-11-24T00:00:00Z")),
            until: try #require(LogTimestamp("2026-11-25T00:00:00Z"))
        )
        queries.exampleLimit = 200
        let output = try await DuckDBEngine.run(
            ddl: Self.table.createStatement(location: try LogLocation(Self.location), startDay: "2026/01/01"),
            table: Self.table,
            logs: [Self.samples],
            statements: queries.statements
        )
        let runs = [AthenaQueryRun(name: .triage, id: "duckdb", dataScannedInBytes: 0, state: "SUCCEEDED")]
        let athena = try AthenaAnalysis.report(
            result: try #require(output.results[.triage]),
            queries: queries,
            runs: runs,
            request: AthenaAnalysis.Request(inputs: [Self.samples])
        ).report
        let local = try await Self.local(Self.samples)
        #expect(athena.requests == local.requests && athena.elb502 == local.elb502)
        #expect(try Self.json(athena.signatures) == Self.json(local.signatures))
        #expect(try Self.json(athena.breakdowns) == Self.json(local.breakdowns))
        #expect(try Self.json(athena.statuses?.map(\.signatures)) == Self.json(local.statuses?.map(\.signatures)))
        #expect(athena.causes.map(\.id) == local.causes.map(\.id))
        #expect(athena.causes.map(\.count) == local.causes.map(\.count))
        #expect(athena.examples.allSatisfy { !$0.lines.isEmpty })
        #expect(athena.notes.contains { $0.hasPrefix("Example lines were chosen from") })
    }
}
