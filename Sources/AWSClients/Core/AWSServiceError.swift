import Foundation

/// An error answered by an AWS service (or an emulator speaking its protocol): code, message, HTTP status,
/// request id and, when access was denied, the IAM action that was refused.
///
/// Built only from the response, never from the request, so it cannot carry credentials.
public struct AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service's signing name (`elasticloadbalancing`).
    public var service: String
    /// The operation that failed (`DescribeLoadBalancers`).
    public var operation: String
    /// The AWS error code, without any `namespace#` prefix (`LoadBalancerNotFound`, `AccessDenied`).
    public var code: String
    /// The service's message.
    public var message: String
    /// HTTP status code.
    public var httpStatus: Int
    /// The request id, for AWS support.
    public var requestID: String?
    /// For access-denied errors, the IAM action refused (from the message when AWS names it, otherwise the
    /// action this operation needs).
    public var refusedIAMAction: String?

    /// Creates an error.
    public init(
        service: String,
        operation: String,
        code: String,
        message: String,
        httpStatus: Int,
        requestID: String? = nil,
        refusedIAMAction: String? = nil
    ) {
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.refusedIAMAction = refusedIAMAction
    }

    /// Error codes that mean "your credentials may not do this".
    public static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
        "UnauthorizedAccess",
    ]

    /// Error codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes that are transient server-side conditions.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
    ]

    /// Whether access was denied.
    public var isAccessDenied: Bool { Self.accessDeniedCodes.contains(code) }

    /// Whether the service asked us to slow down.
    public var isThrottling: Bool { Self.throttlingCodes.contains(code) || httpStatus == 429 }

    /// Whether a retry may succeed (throttling, transient codes, 5xx).
    public var isRetryable: Bool {
        isThrottling || Self.transientCodes.contains(code) || [500, 502, 503, 504].contains(httpStatus)
    }

    public var description: String {
        var text = "\(service) \(operation) failed: \(code) (HTTP \(httpStatus))"
        if !message.isEmpty { text += ": \(message)" }
        if let refusedIAMAction {
            text +=
                ". The credentials in use are not allowed to call \(refusedIAMAction); "
                + "grant it in the IAM policy (see Docs/iam-policy.json)"
        }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }

    /// Extracts the IAM action from messages such as `… is not authorized to perform: ec2:DescribeSubnets on …`.
    static func iamAction(inMessage message: String) -> String? {
        guard let range = message.range(of: "to perform: ") else { return nil }
        let rest = message[range.upperBound...]
        let action = rest.prefix { !$0.isWhitespace && $0 != "," && $0 != ";" }
        guard action.contains(":") else { return nil }
        return String(action)
    }
}
