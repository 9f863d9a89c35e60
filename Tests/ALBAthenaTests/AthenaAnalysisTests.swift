import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import ALBDoctor
import ALBReport
import AWSClients
import Foundation
import TestSupport
import Testing

/// `analyze --engine athena` end to end: the statements go through the real Athena client and polling loop
/// to moto (results queued through moto's API are the DuckDB answers of the same statements over Samples/),
/// or to a scripted loopback stand-in for what moto cannot produce.
@Suite(.serialized) struct AthenaAnalysisTests {
    static let environment: @Sendable (String) -> AWSEnvironment = { endpoint in
        AWSEnvironment(
            variables: [
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "2",
            ],
            homeDirectory: "/nonexistent"
        )
    }

    static func request(endpoint: String) -> AthenaAnalysis.Request {
        var request = AthenaAnalysis.Request(
            inputs: ["s3://example-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/"]
        )
        request.since = "2026-11-24T00:00:00Z"
        request.until = "2026-11-25T00:00:00Z"
        request.workGroup = "primary"
        request.outputLocation = "s3://athena-results/alb-doctor/"
        request.awsEnvironment = environment(endpoint)
        request.pollInterval = 0.01
        return request
    }

    /// moto's queue body: one result per statement, header row first as Athena sends it for a SELECT.
    static func queueBody(_ results: [QueryResult]) throws -> String {
        func cell(_ v: String?) -> [String: String] { v.map { ["VarCharValue": $0] } ?? [:] }
        let entries: [[String: Any]] = results.map { r in
            [
                "rows": ([r.columns.map(Optional.some)] + r.rows).map { ["Data": $0.map(cell)] },
                "column_info": r.columns.map {
                    [
                        "CatalogName": "hive", "SchemaName": "", "TableName": "", "Name": $0, "Label": $0,
                        "Type": "varchar", "Precision": 2_147_483_647, "Scale": 0, "Nullable": "UNKNOWN",
                        "CaseSensitive": true,
                    ] as [String: Any]
                },
            ]
        }
        let body: [String: Any] = ["account_id": "123456789012", "region": "us-east-1", "results": entries]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func throughMotoTheReportEqualsTheLocalOne() async throws {
        guard try DuckDBEngine.available() else { return }
        let samples = AthenaDuckDBEquivalenceTests.samples
        let duck = try await AthenaDuckDBEquivalenceTests.athena(
            samples,
            since: "2026-11-24T00:00:00Z",
            until: "2026-11-25T00:00:00Z"
        )
        let (local, _) = try await AthenaDuckDBEquivalenceTests.local(samples)
        let server = try await MotoServer.shared()
        try await server.reset()
        let ordered = TriageQueries.Name.allCases.map { duck.output.results[$0] ?? QueryResult(columns: [], rows: []) }
        let status = try await server.request(
            "POST",
            "/moto-api/static/athena/query-results",
            body: try Self.queueBody(ordered)
        )
        #expect(status == 201)
        let outcome = try await AthenaAnalysis.run(Self.request(endpoint: server.endpoint))
        #expect(outcome.runs.count == 6)
        #expect(Set(outcome.runs.map(\.id)).count == 6)
        #expect(outcome.report.requests == local.requests)
        #expect(outcome.report.elb502 == local.elb502)
        #expect(outcome.report.causes.map(\.id) == local.causes.map(\.id))
        #expect(outcome.report.causes.map(\.count) == local.causes.map(\.count))
        #expect(outcome.report.notes.first?.hasPrefix("engine: athena;") == true)
        #expect(outcome.report.notes.first?.contains(outcome.runs[0].id) == true)
    }

    /// A stand-in answering the four Athena calls from a script.
    final class Script: @unchecked Sendable {
        let lock = NSLock()
        var executions: [String] = []
        var stopped: [String] = []
        let state: String
        let reason: String?
        let scanned: Int64

        init(state: String, reason: String? = nil, scanned: Int64 = 0) {
            self.state = state
            self.reason = reason
            self.scanned = scanned
        }

        func answer(_ request: LoopbackJSONServer.Request) -> LoopbackJSONServer.Response {
            lock.lock()
            defer { lock.unlock() }
            switch request.header("X-Amz-Target") ?? "" {
            case "AmazonAthena.StartQueryExecution":
                let id = "q-\(executions.count + 1)"
                executions.append(id)
                return .json(#"{"QueryExecutionId": "\#(id)"}"#)
            case "AmazonAthena.GetQueryExecution":
                let reasonJSON = reason.map { #", "StateChangeReason": "\#($0)""# } ?? ""
                return .json(
                    #"{"QueryExecution": {"Status": {"State": "\#(state)"\#(reasonJSON)}, "Statistics": {"DataScannedInBytes": \#(scanned)}}}"#
                )
            case "AmazonAthena.StopQueryExecution":
                let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
                stopped.append(body?["QueryExecutionId"] as? String ?? "?")
                return .json("{}")
            default:
                return .json(#"{"ResultSet": {"Rows": [], "ResultSetMetadata": {"ColumnInfo": []}}}"#)
            }
        }
    }

    static func run(_ script: Script, maxScanBytes: Int64? = nil) async throws -> AthenaError? {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { script.answer($0) }
        return try await withLoopbackJSONServer(answer) { server -> AthenaError? in
            var request = Self.request(endpoint: server.endpoint)
            request.maxScanBytes = maxScanBytes
            do {
                _ = try await AthenaAnalysis.run(request)
                return nil
            } catch let error as AthenaError {
                return error
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }
    }

    // Replaces: moto cannot produce a FAILED state.
    @Test func aFailedQueryShowsAthenasReason() async throws {
        let error = try await Self.run(
            Script(state: "FAILED", reason: "SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved")
        )
        let text = try #require(error).description
        #expect(text.contains("timeline (q-1) ended FAILED: SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved"))
    }

    // Replaces: moto cannot produce a FAILED state (here: the table was never created).
    @Test func aMissingTableSaysToRunSetup() async throws {
        let error = try await Self.run(
            Script(
                state: "FAILED",
                reason: "TABLE_NOT_FOUND: line 12:10: Table 'awsdatacatalog.default.alb_access_logs' does not exist"
            )
        )
        let text = try #require(error).description
        #expect(text.contains("run `alb-doctor athena setup"))
        #expect(text.contains("\"default\".\"alb_access_logs\""))
    }

    // Replaces: moto does not check IAM (Athena reports a Glue denial as a FAILED query).
    @Test func accessDeniedInAFailedQueryNamesTheAction() async throws {
        let error = try await Self.run(
            Script(
                state: "FAILED",
                reason:
                    "Insufficient permissions to execute the query. User: arn:aws:iam::123456789012:user/ci is not authorized to perform: glue:GetTable on resource: arn:aws:glue:us-east-1:123456789012:catalog"
            )
        )
        let text = try #require(error).description
        #expect(text.contains("may not call glue:GetTable"))
    }

    // Replaces: moto always reports DataScannedInBytes 0 and never leaves RUNNING on its own.
    @Test func maxScanStopsTheRunningQueryAndSaysWhatWasSpent() async throws {
        let script = Script(state: "RUNNING", scanned: 3_000_000_000)
        let error = try await Self.run(script, maxScanBytes: 1_000_000_000)
        let text = try #require(error).description
        #expect(script.stopped == ["q-1"])
        #expect(text.contains("--max-scan-gb"))
        #expect(text.contains("3.0 GB scanned"))
        #expect(text.contains("$0.0150"))
    }
}
