/// Classifies one error line with an `elb_status_code` other than 502 into a `StatusSignature`
/// and attributes it to the load balancer, the target or neither, from its fields alone.
///
/// Order (part of the contract): target status equal to the code → `target-returned`;
/// `error_reason` → `error-reason`; fixed-response → `fixed-response`; `matched_rule_priority` -1 →
/// `rule-evaluation-error`; another target status → `target-status`; no target → `no-target`;
/// then for 504 the duration (`time` − `request_creation_time`) splits `connect-timeout` (9.5–11 s,
/// the fixed 10 s connection timeout) from `response-timeout`; for other codes all-`-1` processing
/// times give `not-dispatched`, anything else `no-response`.
public enum StatusClassifier {
    /// The fields the classification reads.
    public struct Fields: Sendable, Hashable {
        public var status: Int
        public var targetStatusCode: Int?
        public var hasTarget: Bool
        public var requestProcessingTime: Double?
        public var targetProcessingTime: Double?
        public var responseProcessingTime: Double?
        /// `time` − `request_creation_time` in seconds, when both are known.
        public var elapsed: Double?
        public var errorReason: String?
        public var actionsExecuted: String?
        /// `matched_rule_priority`; `nil` for `-` or absent.
        public var matchedRulePriority: Int?

        /// Creates the fields.
        public init(
            status: Int,
            targetStatusCode: Int? = nil,
            hasTarget: Bool = false,
            requestProcessingTime: Double? = nil,
            targetProcessingTime: Double? = nil,
            responseProcessingTime: Double? = nil,
            elapsed: Double? = nil,
            errorReason: String? = nil,
            actionsExecuted: String? = nil,
            matchedRulePriority: Int? = nil
        ) {
            self.status = status
            self.targetStatusCode = targetStatusCode
            self.hasTarget = hasTarget
            self.requestProcessingTime = requestProcessingTime
            self.targetProcessingTime = targetProcessingTime
            self.responseProcessingTime = responseProcessingTime
            self.elapsed = elapsed
            self.errorReason = errorReason
            self.actionsExecuted = actionsExecuted
            self.matchedRulePriority = matchedRulePriority
        }
    }

    /// The fixed connection (and TLS handshake) timeout to targets, 10 s, with the band accepted around it.
    public static let connectTimeoutBand: ClosedRange<Double> = 9.5...11.0

    /// The signature of the line.
    public static func classify(_ f: Fields) -> StatusSignature {
        let s = f.status
        if f.targetStatusCode == s { return StatusSignature(status: s, id: StatusSignature.targetReturned) }
        if let reason = f.errorReason {
            return StatusSignature(status: s, id: StatusSignature.errorReason, code: reason)
        }
        if let actions = f.actionsExecuted, ActionsExecuted.includesFixedResponse(actions) {
            return StatusSignature(status: s, id: StatusSignature.fixedResponse)
        }
        if f.matchedRulePriority == -1 { return StatusSignature(status: s, id: StatusSignature.ruleEvaluationError) }
        if let t = f.targetStatusCode {
            return StatusSignature(status: s, id: StatusSignature.targetStatus, code: String(t))
        }
        guard f.hasTarget else { return StatusSignature(status: s, id: StatusSignature.noTarget) }
        if s == 504 {
            if let e = f.elapsed, connectTimeoutBand.contains(e) {
                return StatusSignature(status: s, id: StatusSignature.connectTimeout)
            }
            return StatusSignature(status: s, id: StatusSignature.responseTimeout)
        }
        let undispatched = [f.requestProcessingTime, f.targetProcessingTime, f.responseProcessingTime].allSatisfy {
            $0 == nil || $0 == -1
        }
        return StatusSignature(status: s, id: undispatched ? StatusSignature.notDispatched : StatusSignature.noResponse)
    }

    /// Who produced the line: the target (its status passed through), `other` (a fixed-response
    /// action, or a different target status), otherwise the load balancer.
    public static func source(_ f: Fields) -> ErrorSource {
        if f.targetStatusCode == f.status { return .target }
        if let actions = f.actionsExecuted, ActionsExecuted.includesFixedResponse(actions) { return .other }
        if f.targetStatusCode != nil, f.status != 504 { return .other }
        return .loadBalancer
    }
}
