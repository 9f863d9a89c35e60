/// The fields of an ALB health-check log entry, in the order they appear on a line.
///
/// The raw value is the zero-based position. ``awsName`` is the name the AWS documentation ("Health check
/// logs for your Application Load Balancer") uses, which is also the key in `alb-doctor records` output.
/// AWS's example lines end after `reason_code` (8 fields); the table lists `elb` and `ip_address` after it.
public enum HealthCheckLogField: Int, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    case type = 0
    case time
    case latency
    case targetAddr
    case targetGroupID
    case status
    case statusCode
    case reasonCode
    case elb
    case ipAddress

    /// Number of fields this parser knows by name (10). Later fields are kept as unknown fields.
    public static let knownCount = 10

    /// The shortest line accepted: AWS's example lines end after `reason_code`.
    public static let minimumCount = 8

    /// The field name used by the AWS documentation (`target_addr`, `target_group_id`, …).
    public var awsName: String {
        switch self {
        case .type: "type"
        case .time: "time"
        case .latency: "latency"
        case .targetAddr: "target_addr"
        case .targetGroupID: "target_group_id"
        case .status: "status"
        case .statusCode: "status_code"
        case .reasonCode: "reason_code"
        case .elb: "elb"
        case .ipAddress: "ip_address"
        }
    }

    /// A short description of what a valid value looks like, used in error messages.
    public var expected: String {
        switch self {
        case .type: "a health check type such as http, https, h2, grpc or lambda"
        case .time: "an ISO 8601 UTC timestamp like 2025-10-31T12:44:59.875678Z"
        case .latency: "seconds like 0.019584011 (or -)"
        case .targetAddr: "ip:port, or a Lambda function ARN (arn:aws:lambda:…) (or -)"
        case .targetGroupID: "a target group name"
        case .status: "PASS or FAIL"
        case .statusCode: "a response code like 200 (or -)"
        case .reasonCode: "a reason code such as TimedOut or ResponseCodeMismatch (or -)"
        case .elb: "a load balancer id like app/my-loadbalancer/50dc6c495c0c9188"
        case .ipAddress: "the IP address of the load balancer node"
        }
    }

    public var description: String { awsName }
}

extension HealthCheckLogField: LogLineField {
    static var logType: ALBLogType { .healthCheck }
    /// No field is quoted.
    static var mustQuote: UInt64 { 0 }
    static var strictQuote: UInt64 { 0 }
}
