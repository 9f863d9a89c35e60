/// Classifies one `elb_status_code` 502 line into a signature, from its fields alone.
///
/// Order matters and is part of the contract:
/// 1. `target_status_code` 502 → `target-returned-502`;
/// 2. `error_reason` starting with `Lambda` → `lambda-error` with that code;
/// 3. `actions_executed` containing `fixed-response` → `other` / `fixed-response`;
/// 4. another target status → `other` / `target-status-<code>`;
/// 5. no target (`target:port` `-`) → `other` / `no-target`;
/// 6. all three processing times `-1` → `not-dispatched`;
/// 7. otherwise (dispatched, no target status) → `no-valid-response`.
public enum SignatureClassifier {
    /// The fields the classification reads.
    public struct Fields: Sendable, Hashable {
        public var targetStatusCode: Int?
        public var hasTarget: Bool
        public var requestProcessingTime: Double?
        public var targetProcessingTime: Double?
        public var responseProcessingTime: Double?
        public var errorReason: String?
        public var actionsExecuted: String?

        /// Creates the fields.
        public init(
            targetStatusCode: Int?,
            hasTarget: Bool,
            requestProcessingTime: Double?,
            targetProcessingTime: Double?,
            responseProcessingTime: Double?,
            errorReason: String?,
            actionsExecuted: String?
        ) {
            self.targetStatusCode = targetStatusCode
            self.hasTarget = hasTarget
            self.requestProcessingTime = requestProcessingTime
            self.targetProcessingTime = targetProcessingTime
            self.responseProcessingTime = responseProcessingTime
            self.errorReason = errorReason
            self.actionsExecuted = actionsExecuted
        }
    }

    /// The signature of a 502 line.
    public static func classify(_ f: Fields) -> Signature {
        if f.targetStatusCode == 502 { return Signature(.targetReturned502) }
        if let reason = f.errorReason, reason.hasPrefix("Lambda") { return Signature(.lambdaError, code: reason) }
        if let actions = f.actionsExecuted, ActionsExecuted.includesFixedResponse(actions) {
            return Signature(.other, code: "fixed-response")
        }
        if let status = f.targetStatusCode { return Signature(.other, code: "target-status-\(status)") }
        guard f.hasTarget else { return Signature(.other, code: "no-target") }
        let undispatched = [f.requestProcessingTime, f.targetProcessingTime, f.responseProcessingTime].allSatisfy {
            $0 == nil || $0 == -1
        }
        return Signature(undispatched ? .notDispatched : .noValidResponse)
    }

    /// Who produced the 502: the target passed it through (`target`), the load balancer produced it
    /// after choosing a target or invoking a Lambda function (`load-balancer`), or anything else.
    public static func source(targetStatusCode: Int?, hasTarget: Bool, errorReason: String?) -> ErrorSource {
        if targetStatusCode == 502 { return .target }
        if targetStatusCode == nil, hasTarget || (errorReason?.hasPrefix("Lambda") ?? false) { return .loadBalancer }
        return .other
    }
}

/// Who produced a 502.
public enum ErrorSource: String, Sendable, Codable, Hashable, CaseIterable {
    case loadBalancer = "load_balancer"
    case target
    case other
}
