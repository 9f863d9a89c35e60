import ALBAccessLog

/// A CloudTrail event that changed a target group (`DeregisterTargets`, `RegisterTargets`,
/// `ModifyTargetGroupAttributes`), as a plain value.
public struct TargetChangeEvent: Sendable, Codable, Hashable {
    /// One target named by the call.
    public struct Target: Sendable, Codable, Hashable {
        /// Instance id or IP address.
        public var id: String
        /// Port, when the call gave one.
        public var port: Int?

        /// Creates a target.
        public init(id: String, port: Int?) {
            self.id = id
            self.port = port
        }
    }

    /// API name.
    public var name: String
    /// When it happened.
    public var time: LogTimestamp
    /// The target group's ARN from the request parameters.
    public var targetGroupARN: String?
    /// Targets from the request parameters.
    public var targets: [Target]
    /// Who called (user name, or the service acting, e.g. `autoscaling.amazonaws.com`).
    public var caller: String?
    /// Changed attributes (`ModifyTargetGroupAttributes`).
    public var attributes: [String: String]

    enum CodingKeys: String, CodingKey {
        case name, time, targets, caller, attributes
        case targetGroupARN = "target_group_arn"
    }

    /// Creates an event.
    public init(
        name: String,
        time: LogTimestamp,
        targetGroupARN: String?,
        targets: [Target] = [],
        caller: String? = nil,
        attributes: [String: String] = [:]
    ) {
        self.name = name
        self.time = time
        self.targetGroupARN = targetGroupARN
        self.targets = targets
        self.caller = caller
        self.attributes = attributes
    }
}
