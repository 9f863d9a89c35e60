/// Why a health check failed: the `reason_code` field of a health-check log line.
///
/// The meanings are AWS's ("Health check logs for your Application Load Balancer", Error reason codes),
/// with what each suggests when the same target also shows up in the access logs' 5xx.
/// Codes AWS adds later are kept verbatim in ``other(_:)``. Encodes to JSON as the code's text.
public enum HealthCheckReasonCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `TimedOut`: the connection attempt timed out, or the target did not answer within the health check
    /// timeout. Includes a security group or network ACL that drops the check, a target too slow to answer,
    /// and a TLS handshake (HTTPS checks) that does not complete in time. It replaces `RequestTimedOut` and
    /// `ConnectionTimedOut`.
    case timedOut
    /// `ConnectionReset`: the target reset or closed the connection before a valid response (nothing
    /// listening on the port, a process restarting, a TLS mismatch).
    case connectionReset
    /// `ResponseCodeMismatch`: the target answered with a status code outside the configured matcher.
    case responseCodeMismatch
    /// `ResponseStringMismatch`: the response body did not contain the configured string.
    case responseStringMismatch
    /// `InternalError`: an error inside the load balancer.
    case internalError
    /// `TargetError`: the target answered the health check with a 5xx status code.
    case targetError
    /// `GRPCStatusHeaderEmpty`: a gRPC target's response had a `grpc-status` header without a value.
    case grpcStatusHeaderEmpty
    /// `GRPCUnexpectedStatus`: a gRPC target answered with an unexpected `grpc-status`.
    case grpcUnexpectedStatus
    /// `RequestTimedOut`: (older logs, before `TimedOut`) the check request timed out waiting for a response.
    case requestTimedOut
    /// `ConnectionTimedOut`: (older logs, before `TimedOut`) the TCP connection attempt timed out.
    case connectionTimedOut
    /// `ClientCertTypeUnsupported`: listed by an earlier version of AWS's reason-code table.
    case clientCertTypeUnsupported
    /// A code this version does not know, verbatim.
    case other(String)

    /// The code as AWS writes it (`TimedOut`, …).
    public var code: String {
        switch self {
        case .timedOut: "TimedOut"
        case .connectionReset: "ConnectionReset"
        case .responseCodeMismatch: "ResponseCodeMismatch"
        case .responseStringMismatch: "ResponseStringMismatch"
        case .internalError: "InternalError"
        case .targetError: "TargetError"
        case .grpcStatusHeaderEmpty: "GRPCStatusHeaderEmpty"
        case .grpcUnexpectedStatus: "GRPCUnexpectedStatus"
        case .requestTimedOut: "RequestTimedOut"
        case .connectionTimedOut: "ConnectionTimedOut"
        case .clientCertTypeUnsupported: "ClientCertTypeUnsupported"
        case .other(let code): code
        }
    }

    /// Every code AWS documents (or documented), in the order of its table.
    public static let documented: [HealthCheckReasonCode] = [
        .timedOut, .connectionReset, .responseCodeMismatch, .responseStringMismatch, .internalError, .targetError,
        .grpcStatusHeaderEmpty, .grpcUnexpectedStatus, .requestTimedOut, .connectionTimedOut,
        .clientCertTypeUnsupported,
    ]

    /// The reason code for its text; codes not documented become ``other(_:)``.
    public init(code: String) {
        self = HealthCheckReasonCode.documented.first { $0.code == code } ?? .other(code)
    }

    /// Whether the check failed before the target answered at all (`TimedOut`, `ConnectionReset` and the
    /// older timeouts): the target was unreachable or refused, as opposed to answering wrongly.
    public var isConnectionFailure: Bool {
        switch self {
        case .timedOut, .connectionReset, .requestTimedOut, .connectionTimedOut: true
        default: false
        }
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        self.init(code: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
