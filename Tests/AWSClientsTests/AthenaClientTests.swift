import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    /// Athena against moto 5.2.1: results are queued through `POST /moto-api/static/athena/query-results`
    /// (each new query execution takes the next queued result), states scripted through the state manager.
    @Suite struct AthenaClientMotoTests {
        static func queue(_ aws: MotoAWS, rows: [[String]], columns: [String]) async throws {
            let header = #"{"Data": [\#(columns.map { #"{"VarCharValue": "\#($0)"}"# }.joined(separator: ", "))]}"#
            let data = rows.map { row in
                #"{"Data": [\#(row.map { $0 == "NULL" ? "{}" : #"{"VarCharValue": "\#($0)"}"# }.joined(separator: ", "))]}"#
            }
            let info = columns.map {
                #"{"CatalogName": "hive", "SchemaName": "", "TableName": "", "Name": "\#($0)", "Label": "\#($0)", "Type": "varchar", "Precision": 2147483647, "Scale": 0, "Nullable": "UNKNOWN", "CaseSensitive": true}"#
            }
            let body = """
                {"account_id": "123456789012", "region": "us-east-1", "results": [{"rows": [\(([header] + data).joined(separator: ", "))], \
                "column_info": [\(info.joined(separator: ", "))]}]}
                """
            let status = try await aws.server.request("POST", "/moto-api/static/athena/query-results", body: body)
            #expect(status == 201)
        }

        @Test func startPollsUntilSucceededAndReadsRowsWithoutTheHeader() async throws {
            let aws = try await MotoAWS.fresh()
            try await Self.queue(
                aws,
                rows: [["502", "-", "17"], ["502", "NULL", "3"]],
                columns: ["status", "target", "n"]
            )
            // QUEUED, RUNNING, RUNNING, SUCCEEDED on successive GetQueryExecution calls.
            try await aws.server.request(
                "POST",
                "/moto-api/state-manager/set-transition",
                body: #"{"model_name": "athena::execution", "transition": {"progression": "manual", "times": 2}}"#
            )
            defer {
                Task {
                    try? await aws.server.request(
                        "POST",
                        "/moto-api/state-manager/unset-transition",
                        body: #"{"model_name": "athena::execution"}"#
                    )
                }
            }
            let athena = AthenaClient(core: aws.core)
            let id = try await athena.startQuery(
                "SELECT status, target, n FROM t",
                database: "default",
                workGroup: "primary",
                outputLocation: "s3://athena-results/q/"
            )
            var states: [String] = []
            while true {
                let e = try await athena.queryExecution(id)
                states.append(e.state)
                if e.isFinished { break }
            }
            #expect(states.last == "SUCCEEDED")
            #expect(states.count >= 2 && states.first != "SUCCEEDED")
            let result = try await athena.results(id)
            #expect(result.columns == ["status", "target", "n"])
            #expect(result.rows == [["502", "-", "17"], ["502", nil, "3"]])
        }

        @Test func stopQueryCancelsTheExecution() async throws {
            let aws = try await MotoAWS.fresh()
            let athena = AthenaClient(core: aws.core)
            let id = try await athena.startQuery(
                "SELECT 1",
                database: "default",
                workGroup: nil,
                outputLocation: "s3://athena-results/q/"
            )
            try await athena.stopQuery(id)
            #expect(try await athena.queryExecution(id).state == "CANCELLED")
        }
    }
}

/// What moto 5.2.1 cannot produce (a `FAILED` state, AccessDenied, throttling, a non-zero
/// `DataScannedInBytes`, a second `GetQueryResults` page), answered by a scripted loopback stand-in in
/// Athena's documented JSON 1.1 shapes.
@Suite struct AthenaClientStandInTests {
    // Replaces: moto never returns NextToken (1,501 rows come back in one page).
    @Test func resultsFollowNextTokenAndDropOnlyTheFirstPagesHeader() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            let meta = #""ResultSetMetadata": {"ColumnInfo": [{"Name": "n", "Type": "bigint"}]}"#
            if body?["NextToken"] as? String == "page-2" {
                return .json(#"{"ResultSet": {"Rows": [{"Data": [{"VarCharValue": "3"}]}], \#(meta)}}"#)
            }
            #expect(body?["MaxResults"] as? Int == 1000)
            return .json(
                #"{"ResultSet": {"Rows": [{"Data": [{"VarCharValue": "n"}]}, {"Data": [{"VarCharValue": "1"}]}, {"Data": [{}]}], \#(meta)}, "NextToken": "page-2"}"#
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            let result = try await AthenaClient(core: MotoAWS.core(endpoint: server.endpoint)).results("q-1")
            #expect(result.columns == ["n"])
            #expect(result.rows == [["1"], [nil], ["3"]])
            #expect(server.requests.count == 2)
            #expect(server.requests.first?.header("X-Amz-Target") == "AmazonAthena.GetQueryResults")
            #expect(server.requests.first?.header("Authorization")?.contains("/us-east-1/athena/aws4_request") == true)
        }
    }

    // Replaces: moto cannot produce FAILED, and always reports DataScannedInBytes 0.
    @Test func failedStateCarriesAthenasReasonAndTheBytesScanned() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            .json(
                #"{"QueryExecution": {"QueryExecutionId": "q-1", "Status": {"State": "FAILED", "StateChangeReason": "TABLE_NOT_FOUND: line 3:8: Table 'awsdatacatalog.default.alb_access_logs' does not exist", "AthenaError": {"ErrorCategory": 2, "ErrorType": 1301}}, "Statistics": {"DataScannedInBytes": 1234567, "EngineExecutionTimeInMillis": 812}}}"#
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            let e = try await AthenaClient(core: MotoAWS.core(endpoint: server.endpoint)).queryExecution("q-1")
            #expect(e.state == "FAILED" && e.isFinished)
            #expect(e.stateChangeReason?.hasPrefix("TABLE_NOT_FOUND") == true)
            #expect(e.dataScannedInBytes == 1_234_567)
            #expect(e.errorCategory == 2 && e.errorType == 1301)
        }
    }

    // Replaces: moto never throttles.
    @Test func throttlingIsRetried() async throws {
        let calls = AthenaCallCounter()
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            if calls.next() == 1 {
                return .json(#"{"__type": "TooManyRequestsException", "message": "Rate exceeded"}"#, status: 400)
            }
            return .json(#"{"QueryExecutionId": "q-2"}"#)
        }
        try await withLoopbackJSONServer(answer) { server in
            let id = try await AthenaClient(core: MotoAWS.core(endpoint: server.endpoint, maxAttempts: 3)).startQuery(
                "SELECT 1",
                database: "default",
                workGroup: nil,
                outputLocation: nil
            )
            #expect(id == "q-2")
            #expect(server.requests.count == 2)
        }
    }

    // Replaces: moto does not check IAM.
    @Test func accessDeniedNamesTheAction() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            .json(
                #"{"__type": "AccessDeniedException", "message": "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:123456789012:workgroup/primary"}"#,
                status: 400
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            do {
                _ = try await AthenaClient(core: MotoAWS.core(endpoint: server.endpoint)).startQuery(
                    "SELECT 1",
                    database: "default",
                    workGroup: "primary",
                    outputLocation: nil
                )
                Issue.record("expected AccessDenied")
            } catch let error as AWSServiceError {
                #expect(error.code == "AccessDeniedException")
                #expect(error.refusedIAMAction == "athena:StartQueryExecution")
            }
        }
    }
}

/// A thread-safe call counter for stand-in handlers.
final class AthenaCallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
