/// Who produced the errors according to CloudWatch: `HTTPCode_ELB_502_Count` (the load balancer generated
/// the 502) against `HTTPCode_Target_5XX_Count` (the targets answered 5xx themselves, 502 included).
public struct SourceAttribution: Sendable, Codable, Hashable {
    /// `HTTPCode_ELB_502_Count` over the window.
    public var elb502: Int
    /// `HTTPCode_Target_5XX_Count` over the window.
    public var target5xx: Int
    /// `HTTPCode_ELB_5XX_Count` over the window, if gathered.
    public var elb5xx: Int?
    /// `RequestCount` over the window, if gathered.
    public var requests: Int?
    /// Which metrics had no data point at all (read as 0).
    public var withoutDataPoints: [String]
    /// One sentence: who produced the 502s.
    public var verdict: String

    enum CodingKeys: String, CodingKey {
        case elb502 = "elb_502"
        case target5xx = "target_5xx"
        case elb5xx = "elb_5xx"
        case requests
        case withoutDataPoints = "without_data_points"
        case verdict
    }

    /// From the metrics; nil when metrics were not gathered.
    public init?(inputs: EvidenceInputs) {
        guard inputs.metrics != nil else { return nil }
        let names = ["HTTPCode_ELB_502_Count", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "RequestCount"]
        withoutDataPoints = names.filter { (inputs.loadBalancerSeries($0)?.points.isEmpty ?? false) }
        elb502 = inputs.total("HTTPCode_ELB_502_Count") ?? 0
        target5xx = inputs.total("HTTPCode_Target_5XX_Count") ?? 0
        elb5xx = inputs.total("HTTPCode_ELB_5XX_Count")
        requests = inputs.total("RequestCount")
        switch (elb502 > 0, target5xx > 0) {
        case (true, false):
            verdict =
                "The load balancer generated the 502s (\(elb502) HTTPCode_ELB_502_Count, no target 5xx): it could not get a valid response from the targets; look at the connection, TLS, keep-alive and deregistration causes."
        case (false, true):
            verdict =
                "The load balancer generated no 502 (HTTPCode_ELB_502_Count has no data point, read as 0); the targets answered \(target5xx) 5xx themselves (HTTPCode_Target_5XX_Count): a 502 seen by clients was the application's own answer, passed through."
        case (true, true):
            verdict =
                "Both: the load balancer generated \(elb502) 502s (HTTPCode_ELB_502_Count) and the targets answered \(target5xx) 5xx themselves (HTTPCode_Target_5XX_Count, which counts 500-599 together; the access logs split them)."
        case (false, false):
            verdict =
                "No 502 in the metrics: HTTPCode_ELB_502_Count and HTTPCode_Target_5XX_Count have no data point in the window (CloudWatch omits zero minutes, so both read as 0). Widen the window to when the 502s were seen."
        }
    }
}
