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
        var MetricDataQueries: [Query]
        var StartTime: Date
        var EndTime: Date
        var ScanBy: String
        var NextToken: String?

        struct Query: Encodable {
            var Id: String
            var MetricStat: Stat?
            var Expression: String?
            var Label: String?
            var ReturnData: Bool
        }

        struct Stat: Encodable {
            var Metric: Metric
            var Period: Int
            var Stat: String
        }

        struct Metric: Encodable {
            var Namespace: String
            var MetricName: String
            var Dimensions: [MetricDimension]
        }
    }

    private struct Response: Decodable {
        var MetricDataResults: [Result]?
        var NextToken: String?
        var Messages: [Message]?

        struct Result: Decodable {
            var Id: String
            var Label: String?
            var Timestamps: [Date]?
            var Values: [Double]?
            var StatusCode: String?
            var Messages: [Message]?
        }

        struct Message: Decodable {
            var Code: String?
            var Value: String?
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
                    Id: query.id,
                    MetricStat: query.metric.map {
                        Request.Stat(
                            Metric: Request.Metric(Namespace: $0.namespace, MetricName: $0.metricName, Dimensions: $0.dimensions),
                            Period: $0.period,
                            Stat: $0.stat
                        )
                    },
                    Expression: query.expression,
                    Label: query.label,
                    ReturnData: query.returnData
                )
            }
            try await AWSPagination.forEachPage(operation: "GetMetricData") { token in
                let body = Request(MetricDataQueries: wireQueries, StartTime: start, EndTime: end, ScanBy: "TimestampAscending", NextToken: token)
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
                return (response.MetricDataResults ?? [], response.NextToken)
            } _: { page in
                for result in page {
                    let timestamps = result.Timestamps ?? []
                    let values = result.Values ?? []
                    guard timestamps.count == values.count else {
                        throw AWSClientError(
                            .malformedResponse,
                            "GetMetricData: series \(result.Id) has \(timestamps.count) timestamps but \(values.count) values"
                        )
                    }
                    let points = zip(timestamps, values).map { (timestamp: $0, value: $1) }
                    let messages = (result.Messages ?? []).map { "\($0.Code ?? ""): \($0.Value ?? "")" }
                    if let existing = index[result.Id] {
                        results[existing].points += points
                        results[existing].messages += messages
                        if result.StatusCode == "PartialData" { results[existing].statusCode = "PartialData" }
                    } else {
                        index[result.Id] = results.count
                        results.append(
                            MetricDataResult(
                                id: result.Id,
                                label: result.Label ?? result.Id,
                                points: points,
                                statusCode: result.StatusCode ?? "Complete",
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
