/// A stable identifier for one root cause of an ALB `502 Bad Gateway`.
///
/// The raw values are part of the JSON contract (`causes[].id`) and never change.
public enum CauseID: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// The target answered the load balancer's TCP SYN with a RST.
    case targetRefusedConnection = "target-refused-connection"
    /// The target could not be reached (ICMP unreachable, security groups, NACLs, routes).
    case targetUnreachable = "target-unreachable"
    /// TCP connected but the TLS handshake to an HTTPS target failed.
    case targetTLSHandshakeFailed = "target-tls-handshake-failed"
    /// The target closed a reused keep-alive connection just as the load balancer sent on it.
    case targetKeepaliveTimeout = "target-keepalive-timeout"
    /// The target sent a response the load balancer could not parse.
    case targetMalformedResponse = "target-malformed-response"
    /// The target was deregistered (deregistration delay elapsed) with requests still in flight.
    case targetDeregistered = "target-deregistered"
    /// A Lambda target returned more than 1 MB.
    case lambdaResponseTooLarge = "lambda-response-too-large"
    /// A Lambda target raised an unhandled exception or timed out.
    case lambdaUnhandled = "lambda-unhandled"
    /// Lambda throttled the function (concurrency quota).
    case lambdaThrottled = "lambda-throttled"
    /// Any other Lambda error (invalid response, permissions, VPC/KMS set-up, internal errors).
    case lambdaError = "lambda-error"
    /// The target's application produced the 502 itself.
    case targetApplication502 = "target-application-502"
    /// The target's task, instance or pod stopped while the load balancer still routed to it (a deploy or
    /// scale-in).
    case targetStoppedWhileRegistered = "target-stopped-while-registered"

    /// A short human name, used as a default title.
    public var displayName: String {
        switch self {
        case .targetRefusedConnection: "Target refused the connection (TCP RST on connect)"
        case .targetUnreachable: "Target unreachable from the load balancer"
        case .targetTLSHandshakeFailed: "TLS handshake to the HTTPS target failed"
        case .targetKeepaliveTimeout: "Target keep-alive timeout shorter than the load balancer idle timeout"
        case .targetMalformedResponse: "Target sent a malformed or invalid response"
        case .targetDeregistered: "Target deregistered while serving requests"
        case .lambdaResponseTooLarge: "Lambda response larger than 1 MB"
        case .lambdaUnhandled: "Lambda function failed or timed out (unhandled)"
        case .lambdaThrottled: "Lambda function throttled"
        case .lambdaError: "Lambda invocation error"
        case .targetApplication502: "The target application answered 502 itself"
        case .targetStoppedWhileRegistered:
            "Target stopped while the load balancer still routed to it (deploy or scale-in)"
        }
    }

    /// Orders by declaration order (stable across runs).
    public static func < (lhs: CauseID, rhs: CauseID) -> Bool {
        let all = CauseID.allCases
        return (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
    }
}
