import Foundation

extension AWSServiceInfo {
    /// Amazon Athena (JSON 1.1, target prefix `AmazonAthena`).
    public static let athena = AWSServiceInfo(
        signingName: "athena",
        endpointPrefix: "athena",
        endpointEnvironmentID: "ATHENA",
        iamPrefix: "athena",
        apiVersion: "AmazonAthena"
    )
}

/// The state of one Athena query execution, from `GetQueryExecution`.
public struct AthenaQueryExecution: Sendable, Hashable {
    /// `QUEUED`, `RUNNING`, `SUCCEEDED`, `FAILED`, `CANCELLED`.
    public var state: String
    /// Athena's reason for a `FAILED` or `CANCELLED` state.
    public var stateChangeReason: String?
    /// `USER_ERROR`, `SYSTEM`, … for failed queries, and Athena's error type number.
    public var errorCategory: Int?
    public var errorType: Int?
    /// `Statistics.DataScannedInBytes` (0 until known).
    public var dataScannedInBytes: Int64
    /// `Statistics.EngineExecutionTimeInMillis`.
    public var engineExecutionTimeInMillis: Int64
    /// Where the results are written.
    public var outputLocation: String?

    /// Whether the query will not change state any more.
    public var isFinished: Bool { ["SUCCEEDED", "FAILED", "CANCELLED"].contains(state) }
}

/// One page of `GetQueryResults`: every value as text (`nil` for NULL); the header row is included on
/// the first page of a `SELECT`, as Athena sends it.
public struct AthenaResultPage: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[String?]]
    public var nextToken: String?
}

/// Amazon Athena over JSON 1.1: start a query, poll it, read its result pages, stop it.
public struct AthenaClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    private struct StartRequest: Encodable {
        var queryString: String
        var queryExecutionContext: Context?
        var resultConfiguration: ResultConfiguration?
        var workGroup: String?
        var clientRequestToken: String

        struct Context: Encodable {
            var database: String
            var catalog: String
        }

        struct ResultConfiguration: Encodable {
            var outputLocation: String
        }
    }

    private struct StartResponse: Decodable {
        var queryExecutionId: String?
    }

    private struct IDRequest: Encodable {
        var queryExecutionId: String
    }

    private struct ExecutionResponse: Decodable {
        var queryExecution: Execution?

        struct Execution: Decodable {
            var status: Status?
            var statistics: Statistics?
            var resultConfiguration: Result?
        }

        struct Status: Decodable {
            var state: String?
            var stateChangeReason: String?
            var athenaError: AthenaError?
        }

        struct AthenaError: Decodable {
            var errorCategory: Int?
            var errorType: Int?
        }

        struct Statistics: Decodable {
            var dataScannedInBytes: Int64?
            var engineExecutionTimeInMillis: Int64?
        }

        struct Result: Decodable {
            var outputLocation: String?
        }
    }

    private struct ResultsRequest: Encodable {
        var queryExecutionId: String
        var maxResults: Int
        var nextToken: String?
    }

    private struct ResultsResponse: Decodable {
        var resultSet: ResultSet?
        var nextToken: String?

        struct ResultSet: Decodable {
            var rows: [Row]?
            var resultSetMetadata: Metadata?
        }

        struct Row: Decodable {
            var data: [Datum]?
        }

        struct Datum: Decodable {
            var varCharValue: String?
        }

        struct Metadata: Decodable {
            var columnInfo: [Column]?
        }

        struct Column: Decodable {
            var name: String?
        }
    }

    /// `StartQueryExecution`: returns the query execution id.
    public func startQuery(
        _ sql: String,
        database: String?,
        workGroup: String?,
        outputLocation: String?,
        clientRequestToken: String = UUID().uuidString
    ) async throws -> String {
        let body = StartRequest(
            queryString: sql,
            queryExecutionContext: database.map { .init(database: $0, catalog: "AwsDataCatalog") },
            resultConfiguration: outputLocation.map { .init(outputLocation: $0) },
            workGroup: workGroup,
            clientRequestToken: clientRequestToken
        )
        let request = try AWSProtocolRequests.json(
            service: .athena,
            action: "StartQueryExecution",
            version: "1.1",
            body: body
        )
        let response = try AWSProtocolRequests.decodeJSON(
            StartResponse.self,
            from: try await core.send(request, service: .athena),
            operation: "StartQueryExecution"
        )
        guard let id = response.queryExecutionId, !id.isEmpty else {
            throw AWSClientError(.malformedResponse, "StartQueryExecution: no QueryExecutionId in the response")
        }
        return id
    }

    /// `GetQueryExecution`: state, reason, statistics.
    public func queryExecution(_ id: String) async throws -> AthenaQueryExecution {
        let request = try AWSProtocolRequests.json(
            service: .athena,
            action: "GetQueryExecution",
            version: "1.1",
            body: IDRequest(queryExecutionId: id)
        )
        let response = try AWSProtocolRequests.decodeJSON(
            ExecutionResponse.self,
            from: try await core.send(request, service: .athena),
            operation: "GetQueryExecution"
        )
        guard let execution = response.queryExecution, let state = execution.status?.state else {
            throw AWSClientError(.malformedResponse, "GetQueryExecution \(id): no QueryExecution.Status.State")
        }
        return AthenaQueryExecution(
            state: state,
            stateChangeReason: execution.status?.stateChangeReason,
            errorCategory: execution.status?.athenaError?.errorCategory,
            errorType: execution.status?.athenaError?.errorType,
            dataScannedInBytes: execution.statistics?.dataScannedInBytes ?? 0,
            engineExecutionTimeInMillis: execution.statistics?.engineExecutionTimeInMillis ?? 0,
            outputLocation: execution.resultConfiguration?.outputLocation
        )
    }

    /// One page of `GetQueryResults` (at most 1,000 rows, Athena's maximum).
    public func resultPage(_ id: String, nextToken: String?, maxResults: Int = 1000) async throws -> AthenaResultPage {
        let request = try AWSProtocolRequests.json(
            service: .athena,
            action: "GetQueryResults",
            version: "1.1",
            body: ResultsRequest(queryExecutionId: id, maxResults: maxResults, nextToken: nextToken)
        )
        let response = try AWSProtocolRequests.decodeJSON(
            ResultsResponse.self,
            from: try await core.send(request, service: .athena),
            operation: "GetQueryResults"
        )
        let columns = (response.resultSet?.resultSetMetadata?.columnInfo ?? []).map { $0.name ?? "" }
        let rows = (response.resultSet?.rows ?? []).map { ($0.data ?? []).map(\.varCharValue) }
        return AthenaResultPage(columns: columns, rows: rows, nextToken: response.nextToken)
    }

    /// Every row of a succeeded query (header row removed), following `NextToken`.
    public func results(_ id: String) async throws -> (columns: [String], rows: [[String?]]) {
        var columns: [String] = []
        var rows: [[String?]] = []
        var first = true
        try await AWSPagination.forEachPage(operation: "GetQueryResults") { token in
            let page = try await resultPage(id, nextToken: token)
            return ([page], page.nextToken)
        } _: { pages in
            for page in pages {
                var data = page.rows
                if first {
                    columns = page.columns
                    // A SELECT's first page starts with the column names.
                    if let header = data.first, header.map({ $0 ?? "" }) == columns { data.removeFirst() }
                    first = false
                }
                rows += data
            }
        }
        return (columns, rows)
    }

    /// `StopQueryExecution`.
    public func stopQuery(_ id: String) async throws {
        let request = try AWSProtocolRequests.json(
            service: .athena,
            action: "StopQueryExecution",
            version: "1.1",
            body: IDRequest(queryExecutionId: id)
        )
        _ = try await core.send(request, service: .athena)
    }
}
