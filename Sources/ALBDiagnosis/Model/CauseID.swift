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

    // MARK: Other status codes (`--status`); each is recognised in `StatusCauses/`.

    /// 504: connected, but the target did not answer within the idle timeout.
    case targetResponseTimeout = "target-response-timeout"
    /// 504: no connection to the target within the fixed 10 s connection timeout.
    case targetConnectTimeout = "target-connect-timeout"
    /// 504: the target sent a Content-Length larger than the body it sent.
    case targetBodyShorterThanContentLength = "target-body-shorter-than-content-length"
    /// 504: the Lambda service did not respond before the connection timeout.
    case lambdaConnectTimeout = "lambda-connect-timeout"
    /// 504: the TLS handshake to an HTTPS target did not finish within 10 s.
    case targetTLSHandshakeTimeout = "target-tls-handshake-timeout"
    /// 503: a rule forwards to a target group with no registered (or only unused) targets.
    case noRegisteredTargets = "no-registered-targets"
    /// 500: the load balancer could not execute the AWS WAF web ACL.
    case wafError = "waf-error"
    /// 500: an authenticate action failed (IdP endpoints unreachable or slow, claims too large, internal).
    case authenticationError = "authentication-error"
    /// 500: an error while evaluating the listener rules (`matched_rule_priority` -1).
    case ruleEvaluationError = "rule-evaluation-error"
    /// 460: the client closed the connection before the load balancer could answer.
    case clientClosedEarly = "client-closed-early"
    /// 463: `X-Forwarded-For` carried more than 30 addresses.
    case xffTooManyAddresses = "xff-too-many-addresses"
    /// 464: the request's protocol does not match the target group's protocol version.
    case incompatibleProtocolVersion = "incompatible-protocol-version"
    /// 561: the identity provider answered the authenticate action with an error.
    case idpUnauthorized = "idp-unauthorized"
    /// Any selected code other than 502 that the target application answered itself.
    case targetApplicationError = "target-application-error"

    // MARK: From the health-check and connection logs; they explain no error themselves (count 0).

    /// A health check FAILs with a response mismatch while traffic to the same target succeeds.
    case healthCheckMisconfigured = "health-check-misconfigured"
    /// A target's health checks go back and forth between PASS and FAIL.
    case targetFlapping = "target-flapping"
    /// Mutual TLS rejected client certificates (connection logs; no HTTP status).
    case clientCertificateRejected = "client-certificate-rejected"
    /// Many 502s on one client keep-alive connection (`conn_trace_id`).
    case repeated502sOnConnection = "repeated-502s-on-connection"

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
        case .targetResponseTimeout: TargetResponseTimeoutCause()
        case .targetConnectTimeout: TargetConnectTimeoutCause()
        case .targetBodyShorterThanContentLength: TargetBodyShorterThanContentLengthCause()
        case .lambdaConnectTimeout: LambdaConnectTimeoutCause()
        case .targetTLSHandshakeTimeout: TargetTLSHandshakeTimeoutCause()
        case .noRegisteredTargets: NoRegisteredTargetsCause()
        case .wafError: WAFErrorCause()
        case .authenticationError: AuthenticationErrorCause()
        case .ruleEvaluationError: RuleEvaluationErrorCause()
        case .clientClosedEarly: ClientClosedEarlyCause()
        case .xffTooManyAddresses: XFFTooManyAddressesCause()
        case .incompatibleProtocolVersion: IncompatibleProtocolVersionCause()
        case .idpUnauthorized: IdPUnauthorizedCause()
        case .targetApplicationError: TargetApplicationErrorCause()
        case .targetStoppedWhileRegistered: TargetStoppedWhileRegisteredCause()
        case .healthCheckMisconfigured: HealthCheckMisconfiguredCause()
        case .targetFlapping: TargetFlappingCause()
        case .clientCertificateRejected: ClientCertificateRejectedCause()
        case .repeated502sOnConnection: Repeated502sOnConnectionCause()
        }
    }

    /// Orders by declaration order (stable across runs).
    public static func < (lhs: CauseID, rhs: CauseID) -> Bool {
        let all = CauseID.allCases
        return (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
    }
}
