import ALBAthena
import Foundation
import TestSupport

/// Runs the triage statements on real log lines with DuckDB through `Scripts/athena-duckdb.py`: the table
/// is built with the regex taken out of the DDL text, each Trino statement is translated by sqlglot.
enum DuckDBEngine {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Output {
        var results: [TriageQueries.Name: QueryResult]
        /// File → line numbers the regex did not match.
        var unmatched: [String: [Int]]
        /// The DuckDB SQL each statement was translated to.
        var translated: [TriageQueries.Name: String]
        /// Table scans in DuckDB's plan of each statement (passes over the logs).
        var scans: [TriageQueries.Name: Int] = [:]
        /// Reads of the log table in each Trino statement with every CTE inlined at each reference (what Athena
        /// reads: it does not materialise a CTE, DuckDB does).
        var trinoReads: [TriageQueries.Name: Int] = [:]
    }

    /// Whether python3 with duckdb and sqlglot is there; outside CI a missing one skips (printing why),
    /// under `CI=true` it is an error.
    static func available() throws -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import duckdb, sqlglot"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try? probe.run()
        probe.waitUntilExit()
        if probe.terminationStatus == 0 { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw Failure(message: "python3 with duckdb and sqlglot is required (Scripts/install-test-tools.sh)")
        }
        print("DuckDB SQL tests skipped: python3 lacks duckdb or sqlglot (Scripts/install-test-tools.sh installs them)")
        return false
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs `statements` over the logs under `paths` in a table created by `ddl`.
    static func run(
        ddl: String,
        table: AccessLogTable,
        logs paths: [String],
        statements: [(name: TriageQueries.Name, sql: String)]
    ) async throws -> Output {
        var job: [String: Any] = [
            "ddl": ddl, "database": table.database, "table": table.table, "logs": paths,
        ]
        var sql: [String: String] = [:]
        for s in statements { sql[s.name.rawValue] = s.sql }
        job["statements"] = sql
        let object = try await runJob(job)
        var output = Output(results: [:], unmatched: [:], translated: [:])
        output.unmatched = object["_unmatched"] as? [String: [Int]] ?? [:]
        for name in TriageQueries.Name.allCases {
            guard let r = object[name.rawValue] as? [String: Any] else { continue }
            let columns = r["columns"] as? [String] ?? []
            let rows = (r["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } }
            output.results[name] = QueryResult(columns: columns, rows: rows)
            output.translated[name] = r["duckdb"] as? String
            output.scans[name] = r["scans"] as? Int
            output.trinoReads[name] = r["trino_reads"] as? Int
        }
        return output
    }

    /// Runs one Trino `sql` statement over the logs under `paths` in the table `database`.`table` created by `ddl`
    /// (any of the three log tables): its rows, and per file the line numbers the DDL's regex did not match.
    static func query(ddl: String, database: String, table: String, logs paths: [String], sql: String) async throws
        -> (result: QueryResult, unmatched: [String: [Int]])
    {
        let object = try await runJob([
            "ddl": ddl, "database": database, "table": table, "logs": paths, "statements": ["q": sql],
        ])
        let r = object["q"] as? [String: Any] ?? [:]
        let rows = (r["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } }
        return (
            QueryResult(columns: r["columns"] as? [String] ?? [], rows: rows),
            object["_unmatched"] as? [String: [Int]] ?? [:]
        )
    }

    /// Runs `Scripts/athena-duckdb.py` on a job and returns its JSON output.
    static func runJob(_ job: [String: Any]) async throws -> [String: Any] {
        let jobFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "athena-job-\(UUID().uuidString).json"
        )
        try JSONSerialization.data(withJSONObject: job).write(to: jobFile)
        defer { try? FileManager.default.removeItem(at: jobFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repoRoot.appendingPathComponent("Scripts/athena-duckdb.py").path, jobFile.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        async let out = ProcessExit.drain(stdout)
        async let err = ProcessExit.drain(stderr)
        try await ProcessExit.run(process)
        let data = await out
        let errors = await err
        guard process.terminationStatus == 0 else {
            throw Failure(message: "athena-duckdb.py failed: \(String(decoding: errors, as: UTF8.self))")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(message: "athena-duckdb.py: output is not a JSON object")
        }
        return object
    }
}
