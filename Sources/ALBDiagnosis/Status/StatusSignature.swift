/// The shape of one non-502 error line (what its fields say, not why), for `--status`.
///
/// Ids are stable (`statuses[].signatures[].id` in JSON):
/// - `target-returned`: `target_status_code` equals `elb_status_code` (the target's own answer);
/// - `error-reason`: the load balancer logged an `error_reason` (the code carries it);
/// - `fixed-response`: a listener rule's fixed-response action answered;
/// - `rule-evaluation-error`: `matched_rule_priority` is `-1`;
/// - `target-status`: another target status (the code carries it), e.g. a 504 after a 200 header;
/// - `no-target`: no target chosen and no `error_reason`;
/// - `connect-timeout` (504 only): a target, no response, about 10 s between receiving the request
///   and answering (the load balancer's fixed connection timeout);
/// - `response-timeout` (504 only): a target, no response, any other duration (the idle timeout);
/// - `not-dispatched`: a target, all three processing times `-1`, no target status;
/// - `no-response`: a target, dispatched, no target status.
public struct StatusSignature: Sendable, Hashable, Codable, Comparable {
    /// The `elb_status_code`.
    public var status: Int
    /// The stable id.
    public var id: String
    /// The `error_reason` for `error-reason`, the target status for `target-status`; `nil` otherwise.
    public var code: String?

    /// Creates a signature.
    public init(status: Int, id: String, code: String? = nil) {
        self.status = status
        self.id = id
        self.code = code
    }

    public static let targetReturned = "target-returned"
    public static let errorReason = "error-reason"
    public static let fixedResponse = "fixed-response"
    public static let ruleEvaluationError = "rule-evaluation-error"
    public static let targetStatus = "target-status"
    public static let noTarget = "no-target"
    public static let connectTimeout = "connect-timeout"
    public static let responseTimeout = "response-timeout"
    public static let notDispatched = "not-dispatched"
    public static let noResponse = "no-response"

    /// Every id, in report order.
    public static let allIDs = [
        targetReturned, errorReason, fixedResponse, ruleEvaluationError, targetStatus, noTarget, connectTimeout,
        responseTimeout, notDispatched, noResponse,
    ]

    /// Status, then id in `allIDs` order, then code.
    public static func < (lhs: StatusSignature, rhs: StatusSignature) -> Bool {
        if lhs.status != rhs.status { return lhs.status < rhs.status }
        if lhs.id != rhs.id {
            return (allIDs.firstIndex(of: lhs.id) ?? allIDs.count) < (allIDs.firstIndex(of: rhs.id) ?? allIDs.count)
        }
        return (lhs.code ?? "") < (rhs.code ?? "")
    }

    /// `504 connect-timeout`, `500 error-reason/WAFConnectionError`.
    public var label: String {
        "\(status) \(id)" + (code.map { "/\($0)" } ?? "")
    }
}
