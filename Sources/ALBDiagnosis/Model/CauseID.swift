/// A stable identifier for one root cause of an error the load balancer answers (`502 Bad Gateway` so far).
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

    /// A short human name, used as a default title (the cause's ``Cause/title``).
    public var displayName: String { cause.title }

    /// The type that recognises this cause (one file per cause under `Causes/`). The switch is exhaustive:
    /// a new case does not compile until it names its cause type.
    public var cause: any Cause {
        switch self {
        case .targetRefusedConnection: TargetRefusedConnectionCause()
        case .targetUnreachable: TargetUnreachableCause()
        case .targetTLSHandshakeFailed: TargetTLSHandshakeFailedCause()
        case .targetKeepaliveTimeout: TargetKeepaliveTimeoutCause()
        case .targetMalformedResponse: TargetMalformedResponseCause()
        case .targetDeregistered: TargetDeregisteredCause()
        case .lambdaResponseTooLarge: LambdaResponseTooLargeCause()
        case .lambdaUnhandled: LambdaUnhandledCause()
        case .lambdaThrottled: LambdaThrottledCause()
        case .lambdaError: LambdaErrorCause()
        case .targetApplication502: TargetApplication502Cause()
        case .targetStoppedWhileRegistered: TargetStoppedWhileRegisteredCause()
        }
    }

    /// Orders by declaration order (stable across runs).
    public static func < (lhs: CauseID, rhs: CauseID) -> Bool {
        let all = CauseID.allCases
        return (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
    }
}
