/// The fields of an ALB access-log entry, in the order they appear on a line.
///
/// The raw value is the zero-based field position. ``awsName`` is the name the AWS documentation uses,
/// which is also the key in `alb-doctor records` JSON output.
public enum AccessLogField: Int, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    case type = 0
    case time
    case elb
    case client
    case target
    case requestProcessingTime
    case targetProcessingTime
    case responseProcessingTime
    case elbStatusCode
    case targetStatusCode
    case receivedBytes
    case sentBytes
    case request
    case userAgent
    case sslCipher
    case sslProtocol
    case targetGroupARN
    case traceID
    case domainName
    case chosenCertARN
    case matchedRulePriority
    case requestCreationTime
    case actionsExecuted
    case redirectURL
    case errorReason
    case targetPortList
    case targetStatusCodeList
    case classification
    case classificationReason
    case connTraceID
    case transformedHost
    case transformedURI
    case requestTransformStatus

    /// Number of fields this parser knows by name (33). Later fields are kept as unknown fields.
    public static let knownCount = 33

    /// The shortest line we accept: lines written before `domain_name` existed end after `trace_id`.
    public static let minimumCount = 18

    /// The field name used by the AWS documentation (`client:port`, `elb_status_code`, …).
    public var awsName: String {
        switch self {
        case .type: "type"
        case .time: "time"
        case .elb: "elb"
        case .client: "client:port"
        case .target: "target:port"
        case .requestProcessingTime: "request_processing_time"
        case .targetProcessingTime: "target_processing_time"
        case .responseProcessingTime: "response_processing_time"
        case .elbStatusCode: "elb_status_code"
        case .targetStatusCode: "target_status_code"
        case .receivedBytes: "received_bytes"
        case .sentBytes: "sent_bytes"
        case .request: "request"
        case .userAgent: "user_agent"
        case .sslCipher: "ssl_cipher"
        case .sslProtocol: "ssl_protocol"
        case .targetGroupARN: "target_group_arn"
        case .traceID: "trace_id"
        case .domainName: "domain_name"
        case .chosenCertARN: "chosen_cert_arn"
        case .matchedRulePriority: "matched_rule_priority"
        case .requestCreationTime: "request_creation_time"
        case .actionsExecuted: "actions_executed"
        case .redirectURL: "redirect_url"
        case .errorReason: "error_reason"
        case .targetPortList: "target:port_list"
        case .targetStatusCodeList: "target_status_code_list"
        case .classification: "classification"
        case .classificationReason: "classification_reason"
        case .connTraceID: "conn_trace_id"
        case .transformedHost: "transformed_host"
        case .transformedURI: "transformed_uri"
        case .requestTransformStatus: "request_transform_status"
        }
    }

    /// Whether AWS writes this field in double quotes. `request`, `user_agent` and `trace_id` must be quoted
    /// on the line; the other quoted fields are accepted bare too (older lines have `domain_name` and
    /// `chosen_cert_arn` bare), unless a stray quote later on the line shows the fields are shifted.
    public var isQuoted: Bool {
        AccessLogField.quotedMask & (1 << UInt64(rawValue)) != 0
    }

    /// Fields that AWS writes in quotes (request, user_agent, trace_id, domain_name, chosen_cert_arn,
    /// actions_executed, redirect_url, error_reason, classification, classification_reason).
    static let mustBeQuotedMask: UInt64 = {
        var m: UInt64 = 0
        for f in [12, 13, 17, 18, 19, 22, 23, 24, 27, 28] { m |= 1 << UInt64(f) }
        return m
    }()

    /// Fields quoted on every line AWS has ever written (request, user_agent, trace_id): a bare token there
    /// is a structural error. The other quoted fields accept a bare token, as older lines have them.
    static let alwaysQuotedMask: UInt64 = (1 << 12) | (1 << 13) | (1 << 17)

    static let quotedMask: UInt64 = mustBeQuotedMask | (1 << 25) | (1 << 26)

    /// A short description of what a valid value looks like, used in error messages.
    public var expected: String {
        switch self {
        case .type: "a connection type such as http, https, h2, grpcs, ws or wss"
        case .time, .requestCreationTime: "an ISO 8601 UTC timestamp like 2018-07-02T22:23:00.186641Z"
        case .elb: "a load balancer id like app/my-loadbalancer/50dc6c495c0c9188"
        case .client, .target: "ip:port (or -)"
        case .requestProcessingTime, .targetProcessingTime, .responseProcessingTime:
            "seconds like 0.001, or -1"
        case .elbStatusCode, .targetStatusCode: "a 3-digit HTTP status code (or -)"
        case .receivedBytes, .sentBytes: "a byte count (or -)"
        case .matchedRulePriority: "a rule priority 0-50000, -1, or -"
        case .targetPortList: "a space-separated list of ip:port (or -)"
        case .targetStatusCodeList: "a space-separated list of status codes (or -)"
        default: isQuoted ? "a double-quoted string" : "a space-separated token"
        }
    }

    public var description: String { awsName }
}
