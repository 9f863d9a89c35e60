import ALBAccessLog

/// One CloudWatch series over the diagnosed window (1-minute periods), as a plain value.
///
/// CloudWatch returns no data point for a minute in which a count metric was zero, so an empty series
/// means "zero in this window", not "unknown"; `MetricSeries.Point` lists only the minutes it returned.
public struct MetricSeries: Sendable, Codable, Hashable {
    /// One data point.
    public struct Point: Sendable, Codable, Hashable {
        /// Start of the period.
        public var time: LogTimestamp
        /// The statistic's value in that period.
        public var value: Double

        /// Creates a point.
        public init(time: LogTimestamp, value: Double) {
            self.time = time
            self.value = value
        }
    }

    /// `AWS/ApplicationELB` or `AWS/Lambda`.
    public var namespace: String
    /// Metric name (`HTTPCode_ELB_502_Count`).
    public var name: String
    /// Dimensions by name (`LoadBalancer`, `TargetGroup`, `FunctionName`).
    public var dimensions: [String: String]
    /// `Sum`, `Maximum`, `Average`, …
    public var statistic: String
    /// The data points CloudWatch returned, oldest first.
    public var points: [Point]
    /// Whether CloudWatch said the series is complete (`StatusCode` `Complete`).
    public var complete: Bool

    /// Creates a series.
    public init(
        namespace: String,
        name: String,
        dimensions: [String: String],
        statistic: String,
        points: [Point],
        complete: Bool = true
    ) {
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions
        self.statistic = statistic
        self.points = points.sorted { $0.time < $1.time }
        self.complete = complete
    }

    /// The sum of the points (0 when there is none: CloudWatch omits zero periods of count metrics).
    public var total: Double { points.reduce(0) { $0 + $1.value } }

    /// The largest point, if any.
    public var peak: Point? { points.max { $0.value < $1.value } }

    /// The sum as a whole number, for counts.
    public var count: Int { Int(total.rounded()) }

    /// A phrase for reports: "120 (14 one-minute data points, peak 40 at 13:05)" or
    /// "0 (no data points in the window: CloudWatch omits minutes without any, so read as 0)".
    public var phrase: String {
        guard let peak else {
            return "0 (no data points in the window: CloudWatch omits minutes without any, so read as 0)"
        }
        let n = points.count
        return
            "\(MetricSeries.format(total)) (\(n) one-minute data point\(n == 1 ? "" : "s"), peak \(MetricSeries.format(peak.value)) at \(Phrase.time(peak.time.microsecondsSinceEpoch)))"
    }

    /// Formats a metric value: integers without decimals.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        let hundredths = Int64((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        return
            "\(hundredths < 0 && hundredths > -100 ? "-" : "")\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
