import ALBAccessLog
import ALBAthena
import Foundation
import Testing

/// `--print-sql` and `athena setup` print stable text: snapshots in Tests/ALBAthenaTests/Snapshots
/// (regenerate with `alb-doctor analyze s3://… --engine athena --print-sql --since … --until …` after a
/// deliberate change, and review the diff).
@Suite struct AthenaSQLSnapshotTests {
    static let snapshots = DuckDBEngine.repoRoot.appendingPathComponent("Tests/ALBAthenaTests/Snapshots")

    static func snapshot(_ name: String) throws -> String {
        try String(contentsOf: snapshots.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func triageStatementsMatchTheSnapshot() throws {
        let queries = TriageQueries(
            table: AccessLogTable(),
            since: try #require(LogTimestamp("2026-11-24T09:00:00Z")),
            until: try #require(LogTimestamp("2026-11-24T10:00:00Z"))
        )
        #expect(queries.script == (try Self.snapshot("triage.sql")))
        // One statement: one pass over the window's partitions.
        #expect(queries.statements.count == 1 && TriageQueries.scans == 1)
        #expect(queries.script.hasPrefix("-- alb-doctor: 1 statement, 1 scan of \"default\".\"alb_access_logs\""))
        for (name, sql) in queries.statements {
            #expect(sql.hasSuffix("\n;"), "\(name)")
            #expect(sql.contains("day BETWEEN '2026/11/24' AND '2026/11/24'"), "\(name)")
            #expect(sql.contains("time >= '2026-11-24T09:00:00.000000Z' AND time < '2026-11-24T10:00:00.000000Z'"))
            // The log table is named once (one scan), with no CTE (Trino would read the logs at every reference)
            // and no UNION.
            #expect(sql.components(separatedBy: "\"default\".\"alb_access_logs\"").count == 2, "\(name)")
            #expect(!sql.contains("WITH ") && !sql.contains("UNION"), "\(name)")
            // Every part of the result has its grouping set.
            for part in TriageQueries.Part.allCases {
                #expect(sql.contains("WHEN grouping(p_\(part.rawValue)) = 0 THEN '\(part.rawValue)'"))
            }
            // Functions sqlglot cannot translate to DuckDB, or that Athena lacks, are not used; the regexes are
            // anchored (Trino replaces every match, DuckDB the first unless told: an anchored one has one).
            for banned in ["parse_datetime", "format_datetime", "url_extract", "date_format", "regexp_extract"] {
                #expect(!sql.contains(banned), "\(name) uses \(banned)")
            }
            #expect(sql.contains("regexp_replace(request_url, '^"))
        }
    }

    @Test func createTableMatchesTheSnapshot() throws {
        let location = try LogLocation("s3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/")
        let ddl = AccessLogTable().createStatement(location: location, startDay: "2022/01/01")
        #expect(ddl == (try Self.snapshot("create-table.sql")))
        #expect(
            ddl.contains(
                "'storage.location.template' = 's3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/${day}'"
            )
        )
        #expect(ddl.contains("'projection.day.range' = '2022/01/01,NOW'"))
    }

    @Test func healthCheckAndConnectionTablesMatchTheirSnapshots() throws {
        let location = try LogLocation("s3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/")
        let checks = HealthCheckLogTable().createStatement(location: location, startDay: "2022/01/01")
        #expect(checks == (try Self.snapshot("create-health-check-table.sql")))
        let connections = ConnectionLogTable().createStatement(location: location, startDay: "2022/01/01")
        #expect(connections == (try Self.snapshot("create-connection-table.sql")))
        for ddl in [checks, connections] {
            #expect(ddl.contains("'projection.day.format' = 'yyyy/MM/dd'"))
            #expect(
                ddl.contains(
                    "'storage.location.template' = 's3://example-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/${day}'"
                )
            )
        }
        // One capturing group per column (the RegexSerDe fills the columns in order).
        for (regex, columns) in [
            (HealthCheckLogTable.regex, HealthCheckLogTable.columns.count),
            (ConnectionLogTable.regex, ConnectionLogTable.columns.count),
        ] {
            #expect(try NSRegularExpression(pattern: regex).numberOfCaptureGroups == columns)
        }
    }

    @Test func windowsEndingNearMidnightAlsoReadTheNextDay() throws {
        func days(_ since: String, _ until: String) throws -> String {
            let q = TriageQueries(
                table: AccessLogTable(),
                since: try #require(LogTimestamp(since)),
                until: try #require(LogTimestamp(until))
            )
            return "\(q.days.first)..\(q.days.last)"
        }
        #expect(try days("2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z") == "2026/11/24..2026/11/24")
        #expect(try days("2026-11-24T23:00:00Z", "2026-11-24T23:50:00Z") == "2026/11/24..2026/11/25")
        #expect(try days("2026-11-24T22:00:00Z", "2026-11-24T23:45:00Z") == "2026/11/24..2026/11/24")
        #expect(try days("2026-11-30T12:00:00Z", "2026-12-01T00:00:00Z") == "2026/11/30..2026/12/01")
    }

    @Test func logLocationsAreChecked() throws {
        let ok = try LogLocation("s3://b/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/11/24/")
        #expect(ok.url == "s3://b/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/")
        #expect(ok.region == "eu-west-1" && ok.account == "123456789012" && ok.bucket == "b")
        for bad in [
            "b/AWSLogs/1/elasticloadbalancing/r/", "s3://b/logs/", "s3://b/AWSLogs/12345/elasticloadbalancing/r/",
        ] {
            #expect(throws: LogLocation.Invalid.self) { try LogLocation(bad) }
        }
    }
}
