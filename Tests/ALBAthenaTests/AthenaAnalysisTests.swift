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
        let local = try await AthenaDuckDBEquivalenceTests.local(samples)
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
        #expect(outcome.runs.count == 1)
        try AthenaDuckDBEquivalenceTests.expectSameReport(outcome.report, local, "through moto")
        let engine = try #require(outcome.report.engine)
        #expect(engine.name == "athena" && engine.scans == 1)
        #expect(engine.queries.map(\.id) == outcome.runs.map(\.id))
        // moto reports 0 bytes scanned: Athena's 10 MB minimum is what the query costs.
        #expect(engine.bytesScanned == 0 && engine.costUSD == 0.00005)
    }

    /// A stand-in answering the four Athena calls (and S3 `ListObjectsV2`, for the estimate) from a script.
    final class Script: @unchecked Sendable {
        let lock = NSLock()
        var executions: [String] = []
        var stopped: [String] = []
        var listed: [String] = []
        let state: String
        let reason: String?
        let scanned: Int64
        let milliseconds: Int64
        /// Object sizes in every day folder listed.
        let objectSizes: [Int64]

        init(
            state: String,
            reason: String? = nil,
            scanned: Int64 = 0,
            milliseconds: Int64 = 0,
            objectSizes: [Int64] = []
        ) {
            self.state = state
            self.reason = reason
            self.scanned = scanned
            self.milliseconds = milliseconds
            self.objectSizes = objectSizes
        }

        func answer(_ request: LoopbackJSONServer.Request) -> LoopbackJSONServer.Response {
            lock.lock()
            defer { lock.unlock() }
            if request.method == "GET" && request.uri.contains("list-type=2") {
                listed.append(request.uri)
                let contents = objectSizes.enumerated().map {
                    "<Contents><Key>k\($0.offset).log.gz</Key><Size>\($0.element)</Size></Contents>"
                }.joined()
                return LoopbackJSONServer.Response(
                    status: 200,
                    headers: [("Content-Type", "application/xml")],
                    body: Array(
                        "<ListBucketResult><IsTruncated>false</IsTruncated>\(contents)</ListBucketResult>".utf8
                    )
                )
            }
            switch request.header("X-Amz-Target") ?? "" {
            case "AmazonAthena.StartQueryExecution":
                let id = "q-\(executions.count + 1)"
                executions.append(id)
                return .json(#"{"QueryExecutionId": "\#(id)"}"#)
            case "AmazonAthena.GetQueryExecution":
                let reasonJSON = reason.map { #", "StateChangeReason": "\#($0)""# } ?? ""
                return .json(
                    #"{"QueryExecution": {"Status": {"State": "\#(state)"\#(reasonJSON)}, "Statistics": {"DataScannedInBytes": \#(scanned), "EngineExecutionTimeInMillis": \#(milliseconds)}}}"#
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
        try await outcome(script, maxScanBytes: maxScanBytes).error
    }

    static func outcome(_ script: Script, maxScanBytes: Int64? = nil) async throws -> (
        outcome: AthenaAnalysis.Outcome?, error: AthenaError?
    ) {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { script.answer($0) }
        return try await withLoopbackJSONServer(answer) { server -> (AthenaAnalysis.Outcome?, AthenaError?) in
            var request = Self.request(endpoint: server.endpoint)
            request.maxScanBytes = maxScanBytes
            do {
                return (try await AthenaAnalysis.run(request), nil)
            } catch let error as AthenaError {
                return (nil, error)
            } catch {
                Issue.record("unexpected error \(error)")
                return (nil, nil)
            }
        }
    }

    // Replaces: moto cannot produce a FAILED state.
    @Test func aFailedQueryShowsAthenasReason() async throws {
        let error = try await Self.run(
            Script(state: "FAILED", reason: "SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved")
        )
        let text = try #require(error).description
        #expect(text.contains("triage (q-1) ended FAILED: SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved"))
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
        let script = Script(state: "RUNNING", scanned: 3_000_000_000, objectSizes: [400_000_000])
        let error = try await Self.run(script, maxScanBytes: 1_000_000_000)
        let text = try #require(error).description
        #expect(script.stopped == ["q-1"])
        #expect(text.contains("--max-scan-gb (1.0 GB)"))
        #expect(text.contains("3.0 GB scanned"))
        #expect(text.contains("$0.0150"))
    }

    // Replaces: moto always reports DataScannedInBytes 0 (its S3 listing is real, but the stand-in answers both).
    @Test func maxScanRefusesToStartWhenTheEstimatePassesIt() async throws {
        let script = Script(state: "SUCCEEDED", objectSizes: [700_000_000, 500_000_000])
        let error = try await Self.run(script, maxScanBytes: 1_000_000_000)
        let text = try #require(error).description
        #expect(script.executions.isEmpty, "no query may start: \(script.executions)")
        // The window 2026-11-24T00:00Z..2026-11-25T00:00Z reads the day folders 2026/11/24 and 2026/11/25.
        #expect(script.listed.count == 2)
        #expect(script.listed.contains { $0.contains("2026%2F11%2F24%2F") || $0.contains("2026/11/24/") })
        #expect(text.contains("not started: the scan would read about 2.4 GB"), "\(text)")
        #expect(text.contains("more than --max-scan-gb (1.0 GB)"))
        #expect(text.contains("$0.0120"))
    }

    // Replaces: moto always reports DataScannedInBytes 0 and EngineExecutionTimeInMillis 0.
    @Test func theReportCarriesEachQuerysBytesTimeAndCost() async throws {
        let script = Script(
            state: "SUCCEEDED",
            scanned: 123_456_789_012,
            milliseconds: 4_321,
            objectSizes: [60_000_000_000, 63_000_000_000]
        )
        let (outcome, error) = try await Self.outcome(script, maxScanBytes: 300_000_000_000)
        #expect(error == nil, "\(String(describing: error))")
        let report = try #require(outcome?.report)
        let engine = try #require(report.engine)
        #expect(engine.scans == 1 && engine.queries.count == 1)
        #expect(engine.queries[0].id == "q-1" && engine.queries[0].bytes == 123_456_789_012)
        #expect(engine.queries[0].milliseconds == 4_321)
        // Billed rounded up to the MB: 123,457 MB at $5 per TB.
        #expect(engine.costUSD == 0.617285 && engine.queries[0].costUSD == 0.617285)
        #expect(engine.estimatedBytes == 246_000_000_000)
        let json = try AthenaDuckDBEquivalenceTests.json(VersionedReport(report: report))
        #expect(json.contains(#""bytes_scanned" : 123456789012"#))
        #expect(json.contains(#""cost_usd" : 0.617285"#))
        #expect(json.contains(#""milliseconds" : 4321"#))
        if let problems = try await JSONSchemaCheck.errors(json, schema: "analyze-report.schema.json") {
            #expect(problems.isEmpty, "\(problems)")
        }
        let text = try ReportFormat.text.renderer().render(report)
        #expect(text.contains("123.46 GB in 1 query (triage q-1: 123.46 GB, 4.321 s, $0.6173)"), "\(text)")
        #expect(text.contains("$0.6173 at $5 per TB (10.0 MB minimum per query)"))
    }
}
