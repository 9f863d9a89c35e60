import Foundation

/// A metric dimension (`LoadBalancer` = `app/my-lb/50dc6c495c0c9188`). On the wire (through
/// `AWSProtocolRequests.jsonEncoder()`) its keys are `Name` and `Value`.
public struct MetricDimension: Sendable, Hashable, Codable {
    /// Dimension name.
    public var name: String
    /// Dimension value.
    public var value: String

    /// Creates a dimension.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

}

/// One query of a `GetMetricData` call: a metric statistic or a math expression.
public struct MetricDataQuery: Sendable, Hashable {
    /// Query id (`[a-z][a-zA-Z0-9_]*`), unique in the call.
    public var id: String
    /// The metric and statistic, for a metric query.
    public var metric: MetricStat?
    /// A metric-math expression, for an expression query.
    public var expression: String?
    /// Optional label.
    public var label: String?
    /// Whether the series is returned (false for intermediate queries).
    public var returnData: Bool

    /// A statistic of one metric.
    public struct MetricStat: Sendable, Hashable {
        /// Namespace (`AWS/ApplicationELB`, `AWS/Lambda`).
        public var namespace: String
        /// Metric name (`HTTPCode_ELB_502_Count`).
        public var metricName: String
        /// Dimensions.
        public var dimensions: [MetricDimension]
        /// Period in seconds.
        public var period: Int
        /// `Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount`, `p99`, …
        public var stat: String

        /// Creates a metric statistic.
        public init(namespace: String, metricName: String, dimensions: [MetricDimension], period: Int, stat: String) {
            self.namespace = namespace
            self.metricName = metricName
            self.dimensions = dimensions
            self.period = period
            self.stat = stat
        }
    }

    /// A metric query.
    public static func metric(id: String, _ stat: MetricStat, label: String? = nil, returnData: Bool = true)
        -> MetricDataQuery
    {
        MetricDataQuery(id: id, metric: stat, expression: nil, label: label, returnData: returnData)
    }

    /// An expression query.
    public static func expression(id: String, _ expression: String, label: String? = nil) -> MetricDataQuery {
        MetricDataQuery(id: id, metric: nil, expression: expression, label: label, returnData: true)
    }
}

/// One returned series.
public struct MetricDataResult: Sendable, Hashable {
    /// The query id.
    public var id: String
    /// The label.
    public var label: String
    /// Datapoints `(timestamp, value)` in the order CloudWatch returned them (ascending when requested).
    public var points: [(timestamp: Date, value: Double)]
    /// `Complete`, `PartialData`, `InternalError`, `Forbidden`.
    public var statusCode: String
    /// Messages CloudWatch attached (e.g. why data is partial).
    public var messages: [String]

    /// Creates a result.
    public init(
        id: String,
        label: String,
        points: [(timestamp: Date, value: Double)],
        statusCode: String,
        messages: [String] = []
    ) {
        self.id = id
        self.label = label
        self.points = points
        self.statusCode = statusCode
        self.messages = messages
    }

    public static func == (lhs: MetricDataResult, rhs: MetricDataResult) -> Bool {
        lhs.id == rhs.id && lhs.label == rhs.label && lhs.statusCode == rhs.statusCode && lhs.messages == rhs.messages
            && lhs.points.elementsEqual(rhs.points) { $0.timestamp == $1.timestamp && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(points.count)
    }
}
