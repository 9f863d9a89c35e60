import ALBDiagnosis
import Foundation

/// One refresh of `watch`: what was read that was new, the causes of the whole window so far with how each
/// changed, the targets that recovered or started failing, and the change lines shown. The `--format jsonl`
/// object (`schema/watch-refresh.schema.json`, `"type": "refresh"`).
public struct WatchRefresh: Sendable, Encodable {
    /// How a cause changed since the previous refresh.
    public enum Change: String, Sendable, Encodable {
        /// First refresh: in the window so far.
        case present
        /// Not in the previous refresh's report.
        case appeared
        /// It gained errors in this refresh.
        case rising
        /// It gained errors in the previous refresh, none in this one.
        case faded
        /// No new errors in this refresh nor the previous one.
        case unchanged
    }

    /// One cause of the report after this refresh.
    public struct Cause: Sendable, Encodable {
        /// The cause id.
        public var id: CauseID
        /// The status code it explains, when not 502.
        public var status: Int?
        /// Errors it explains in the whole window so far.
        public var count: Int
        /// Its confidence.
        public var confidence: Double
        /// Errors it gained in this refresh.
        public var gained: Int
        /// How it changed.
        public var change: Change

        enum CodingKeys: String, CodingKey {
            case id, status, count, confidence, gained, change
        }
    }

    /// 1 for the first refresh.
    public var refresh: Int
    /// When it ran (the end of the window read so far).
    public var time: Date
    /// The load balancer watched.
    public var loadBalancer: String
    /// Start of the watched window.
    public var windowStart: Date
    /// Access-log objects read in this refresh (each object is read once over the whole watch).
    public var newLogObjects: Int
    /// Log lines (requests) of the window read in this refresh.
    public var newRequests: Int
    /// Of which 5xx (`elb_status_code` 500–599).
    public var newErrors: Int
    /// Metric points this refresh brought: new minutes, and minutes read again (the last five) whose value
    /// changed.
    public var newMetricPoints: Int
    /// ELB and target 5xx per minute over the refresh's minutes, from CloudWatch (from the new log lines when
    /// the metrics are not readable).
    public var errorsPerMinute: Double?
    /// The same figure of the previous refresh.
    public var previousErrorsPerMinute: Double?
    /// Requests in the logs of the whole window so far.
    public var totalRequests: Int
    /// Of which 5xx.
    public var totalErrors: Int
    /// The causes of the whole window so far, ranked as in the report.
    public var causes: [Cause]
    /// Causes of the previous refresh no longer in the report.
    public var goneCauses: [CauseID]
    /// Targets with 502s in the previous refresh that served requests without one in this refresh.
    public var recoveredTargets: [String]
    /// Targets with 502s among this refresh's lines → how many.
    public var failingTargets: [String: Int]
    /// The change lines, as shown.
    public var changes: [String]
    /// AWS requests this refresh sent, by `service:Operation`.
    public var apiCalls: [String: Int]
    /// Evidence this refresh could not read (what, and why).
    public var missing: [String]
    /// Seconds since the last 5xx seen (nil: none seen in the window).
    public var quietSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case type, refresh, time, causes, changes, missing
        case loadBalancer = "load_balancer"
        case windowStart = "window_start"
        case newLogObjects = "new_log_objects"
        case newRequests = "new_requests"
        case newErrors = "new_errors"
        case newMetricPoints = "new_metric_points"
        case errorsPerMinute = "errors_per_minute"
        case previousErrorsPerMinute = "previous_errors_per_minute"
        case totalRequests = "total_requests"
        case totalErrors = "total_errors"
        case goneCauses = "gone_causes"
        case recoveredTargets = "recovered_targets"
        case failingTargets = "failing_targets"
        case apiCalls = "api_calls"
        case quietSeconds = "quiet_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("refresh", forKey: .type)
        try c.encode(refresh, forKey: .refresh)
        try c.encode(Self.iso(time), forKey: .time)
        try c.encode(loadBalancer, forKey: .loadBalancer)
        try c.encode(Self.iso(windowStart), forKey: .windowStart)
        try c.encode(newLogObjects, forKey: .newLogObjects)
        try c.encode(newRequests, forKey: .newRequests)
        try c.encode(newErrors, forKey: .newErrors)
        try c.encode(newMetricPoints, forKey: .newMetricPoints)
        try c.encode(errorsPerMinute.map(Self.rounded), forKey: .errorsPerMinute)
        try c.encode(previousErrorsPerMinute.map(Self.rounded), forKey: .previousErrorsPerMinute)
        try c.encode(totalRequests, forKey: .totalRequests)
        try c.encode(totalErrors, forKey: .totalErrors)
        try c.encode(causes, forKey: .causes)
        try c.encode(goneCauses, forKey: .goneCauses)
        try c.encode(recoveredTargets, forKey: .recoveredTargets)
        try c.encode(failingTargets, forKey: .failingTargets)
        try c.encode(changes, forKey: .changes)
        try c.encode(apiCalls, forKey: .apiCalls)
        try c.encode(missing, forKey: .missing)
        try c.encode(quietSeconds, forKey: .quietSeconds)
    }

    /// Two decimals.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// `2026-12-07T06:05:00Z`.
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `06:05:00Z`.
    static func clock(_ date: Date) -> String {
        let text = iso(date)
        guard let t = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: t)...])
    }

    /// `12.5` or `3`.
    static func rate(_ value: Double) -> String {
        let r = rounded(value)
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }
}
