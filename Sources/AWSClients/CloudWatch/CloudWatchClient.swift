import Foundation

/// Amazon CloudWatch over the JSON 1.0 protocol: `GetMetricData`.
public struct CloudWatchClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// CloudWatch accepts at most this many queries per call; larger lists are split.
    public static let maxQueriesPerCall = 500

    private struct Request: Encodable {
        var metricDataQueries: [Query]
        var startTime: Date
        var endTime: Date
        var scanBy: String
        var nextToken: String?

        struct Query: Encodable {
            var id: String
            var metricStat: Stat?
            var expression: String?
            var label: String?
            var returnData: Bool
        }

        struct Stat: Encodable {
            var metric: Metric
            var period: Int
            var stat: String
        }

        struct Metric: Encodable {
            var namespace: String
            var metricName: String
            var dimensions: [MetricDimension]
        }
    }

    private struct Response: Decodable {
        var metricDataResults: [Result]?
        var nextToken: String?
        var messages: [Message]?

        struct Result: Decodable {
            var id: String
            var label: String?
            var timestamps: [Date]?
            var values: [Double]?
            var statusCode: String?
            var messages: [Message]?
        }

        struct Message: Decodable {
            var code: String?
            var value: String?
        }
    }

    /// `GetMetricData` for `queries` over `[start, end)`, oldest point first, following `NextToken`
    /// and splitting into calls of at most 500 queries. Series of the same id across pages are concatenated.
    public func getMetricData(queries: [MetricDataQuery], start: Date, end: Date) async throws -> [MetricDataResult] {
        var results: [MetricDataResult] = []
        var index: [String: Int] = [:]
        var chunkStart = 0
        while chunkStart < queries.count {
            let chunk = Array(queries[chunkStart..<min(queries.count, chunkStart + Self.maxQueriesPerCall)])
            chunkStart += chunk.count
            let wireQueries = chunk.map { query in
                Request.Query(
                    id: query.id,
                    metricStat: query.metric.map {
                        Request.Stat(
                            metric: Request.Metric(
                                namespace: $0.namespace,
                                metricName: $0.metricName,
                                dimensions: $0.dimensions
                            ),
                            period: $0.period,
                            stat: $0.stat
                        )
                    },
                    expression: query.expression,
                    label: query.label,
                    returnData: query.returnData
                )
            }
            try await AWSPagination.forEachPage(operation: "GetMetricData") { token in
                let body = Request(
                    metricDataQueries: wireQueries,
                    startTime: start,
                    endTime: end,
                    scanBy: "TimestampAscending",
                    nextToken: token
                )
                let request = try AWSProtocolRequests.json(
                    service: .cloudWatch,
                    action: "GetMetricData",
                    version: "1.0",
                    body: body,
                    extraHeaders: [("x-amzn-query-mode", "true")]
                )
                let response = try AWSProtocolRequests.decodeJSON(
                    Response.self,
                    from: try await core.send(request, service: .cloudWatch),
                    operation: "GetMetricData"
                )
                return (response.metricDataResults ?? [], response.nextToken)
            } _: { page in
                for result in page {
                    let timestamps = result.timestamps ?? []
                    let values = result.values ?? []
                    guard timestamps.count == values.count else {
                        throw AWSClientError(
                            .malformedResponse,
                            "GetMetricData: series \(result.id) has \(timestamps.count) timestamps but \(values.count) values"
                        )
                    }
                    let points = zip(timestamps, values).map { (timestamp: $0, value: $1) }
                    let messages = (result.messages ?? []).map { "\($0.code ?? ""): \($0.value ?? "")" }
                    if let existing = index[result.id] {
                        results[existing].points += points
                        results[existing].messages += messages
                        if result.statusCode == "PartialData" { results[existing].statusCode = "PartialData" }
                    } else {
                        index[result.id] = results.count
                        results.append(
                            MetricDataResult(
                                id: result.id,
                                label: result.label ?? result.id,
                                points: points,
                                statusCode: result.statusCode ?? "Complete",
                                messages: messages
                            )
                        )
                    }
                }
            }
        }
        return results
    }
}
