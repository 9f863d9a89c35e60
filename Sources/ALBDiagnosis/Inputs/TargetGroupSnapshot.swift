/// A target group's configuration and target health, as a plain value.
public struct TargetGroupSnapshot: Sendable, Codable, Hashable {
    /// One registered target.
    public struct Target: Sendable, Codable, Hashable {
        /// Instance id, IP address or Lambda ARN.
        public var id: String
        /// Port.
        public var port: Int?
        /// The instance's private IP, when the target is an instance and it is known.
        public var address: String?
        /// `healthy`, `unhealthy`, `draining`, …
        public var state: String
        /// Reason code (`Target.Timeout`).
        public var reason: String?
        /// Description.
        public var description: String?

        /// Creates a target.
        public init(
            id: String,
            port: Int?,
            address: String? = nil,
            state: String,
            reason: String? = nil,
            description: String? = nil
        ) {
            self.id = id
            self.port = port
            self.address = address
            self.state = state
            self.reason = reason
            self.description = description
        }

        /// `ip:port` as the access logs write it, when known.
        public var logAddress: String? {
            let host = address ?? (id.first?.isNumber == true || id.contains(":") ? id : nil)
            guard let host, let port else { return nil }
            return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// Name.
    public var name: String
    /// ARN.
    public var arn: String
    /// `HTTP`, `HTTPS` (nil for Lambda).
    public var `protocol`: String?
    /// Port.
    public var port: Int?
    /// `instance`, `ip`, `lambda`, `alb`.
    public var targetType: String?
    /// `deregistration_delay.timeout_seconds` (AWS default 300).
    public var deregistrationDelaySeconds: Int?
    /// Health check path.
    public var healthCheckPath: String?
    /// Registered targets with their health (nil when it could not be read).
    public var targets: [Target]?

    /// Creates a snapshot.
    public init(
        name: String,
        arn: String,
        protocol: String?,
        port: Int?,
        targetType: String?,
        deregistrationDelaySeconds: Int? = nil,
        healthCheckPath: String? = nil,
        targets: [Target]? = nil
    ) {
        self.name = name
        self.arn = arn
        self.protocol = `protocol`
        self.port = port
        self.targetType = targetType
        self.deregistrationDelaySeconds = deregistrationDelaySeconds
        self.healthCheckPath = healthCheckPath
        self.targets = targets
    }

    enum CodingKeys: String, CodingKey {
        case name, arn, `protocol`, port, targets
        case targetType = "target_type"
        case deregistrationDelaySeconds = "deregistration_delay_seconds"
        case healthCheckPath = "health_check_path"
    }

    /// Whether the load balancer speaks TLS to these targets.
    public var isHTTPS: Bool { self.protocol?.uppercased() == "HTTPS" }

    /// Whether the targets are Lambda functions.
    public var isLambda: Bool { targetType == "lambda" }

    /// The CloudWatch `TargetGroup` dimension (`targetgroup/name/id`).
    public var metricDimension: String { arn.split(separator: ":").last.map(String.init) ?? arn }
}
