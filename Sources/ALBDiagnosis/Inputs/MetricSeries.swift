import ALBAccessLog

/// One CloudWatch series over the diagnosed window, as a plain value: 1-minute periods, or 5-minute / 1-hour
/// periods for windows older than CloudWatch keeps 1-minute data (15 and 63 days).
///
/// CloudWatch returns no data point for a period in which a count metric was zero, so an empty series
/// means "zero in this window", not "unknown"; `MetricSeries.Point` lists only the periods it returned.
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
    /// The period of each point, seconds (60, 300 or 3600).
    public var periodSeconds: Int

    /// Creates a series.
    public init(
        namespace: String,
        name: String,
        dimensions: [String: String],
        statistic: String,
        points: [Point],
        complete: Bool = true,
        periodSeconds: Int = 60
    ) {
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions
        self.statistic = statistic
        self.points = points.sorted { $0.time < $1.time }
        self.complete = complete
        self.periodSeconds = periodSeconds
    }

    enum CodingKeys: String, CodingKey {
        case namespace, name, dimensions, statistic, points, complete
        case periodSeconds = "period_seconds"
    }

    /// Decodes a series; evidence saved before `period_seconds` existed has 1-minute periods.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        namespace = try c.decode(String.self, forKey: .namespace)
        name = try c.decode(String.self, forKey: .name)
        dimensions = try c.decode([String: String].self, forKey: .dimensions)
        statistic = try c.decode(String.self, forKey: .statistic)
        points = try c.decode([Point].self, forKey: .points)
        complete = try c.decodeIfPresent(Bool.self, forKey: .complete) ?? true
        periodSeconds = try c.decodeIfPresent(Int.self, forKey: .periodSeconds) ?? 60
    }

    /// "one-minute", "five-minute", "one-hour" (or "300-second").
    public static func periodName(_ seconds: Int) -> String {
        switch seconds {
        case 60: "one-minute"
        case 300: "five-minute"
        case 3600: "one-hour"
        default: "\(seconds)-second"
        }
    }

    /// "1-minute", "5-minute", "1-hour" (or "300-second").
    public static func shortPeriodName(_ seconds: Int) -> String {
        switch seconds {
        case 60: "1-minute"
        case 300: "5-minute"
        case 3600: "1-hour"
        default: "\(seconds)-second"
        }
    }

    /// The start of the period containing `microseconds` (epoch-aligned, as CloudWatch aligns them).
    public func periodStart(containing microseconds: Int64) -> Int64 {
        let length = Int64(max(1, periodSeconds)) * 1_000_000
        return microseconds - ((microseconds % length) + length) % length
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
            return
                "0 (no data points in the window: CloudWatch omits \(periodSeconds == 60 ? "minutes" : "periods") without any, so read as 0)"
        }
        let n = points.count
        return
            "\(MetricSeries.format(total)) (\(n) \(MetricSeries.periodName(periodSeconds)) data point\(n == 1 ? "" : "s"), peak \(MetricSeries.format(peak.value)) at \(Phrase.time(peak.time.microsecondsSinceEpoch)))"
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
