/// The load balancer's configuration that matters for 502s, as a plain value.
public struct LoadBalancerSnapshot: Sendable, Codable, Hashable {
    /// One listener.
    public struct Listener: Sendable, Codable, Hashable {
        /// Port.
        public var port: Int?
        /// `HTTP` or `HTTPS`.
        public var `protocol`: String?
        /// The TLS security policy (HTTPS listeners).
        public var sslPolicy: String?

        /// Creates a listener.
        public init(port: Int?, protocol: String?, sslPolicy: String?) {
            self.port = port
            self.protocol = `protocol`
            self.sslPolicy = sslPolicy
        }

        enum CodingKeys: String, CodingKey {
            case port, `protocol`
            case sslPolicy = "ssl_policy"
        }
    }

    /// Name.
    public var name: String
    /// ARN.
    public var arn: String
    /// `idle_timeout.timeout_seconds` (AWS default 60).
    public var idleTimeoutSeconds: Int?
    /// `access_logs.s3.enabled`.
    public var accessLogsEnabled: Bool?
    /// `access_logs.s3.bucket`.
    public var accessLogBucket: String?
    /// `access_logs.s3.prefix` (may be empty).
    public var accessLogPrefix: String?
    /// `health_check_logs.s3.*` (`nil` when the attributes were not read).
    public var healthCheckLogs: LogDestination?
    /// `connection_logs.s3.*` (`nil` when the attributes were not read).
    public var connectionLogs: LogDestination?
    /// `routing.http.desync_mitigation_mode`.
    public var desyncMitigationMode: String?
    /// `routing.http.drop_invalid_header_fields.enabled`.
    public var dropInvalidHeaderFields: Bool?
    /// Listeners.
    public var listeners: [Listener]

    /// Creates a snapshot.
    public init(
        name: String,
        arn: String,
        idleTimeoutSeconds: Int? = nil,
        accessLogsEnabled: Bool? = nil,
        accessLogBucket: String? = nil,
        accessLogPrefix: String? = nil,
        desyncMitigationMode: String? = nil,
        dropInvalidHeaderFields: Bool? = nil,
        listeners: [Listener] = []
    ) {
        self.name = name
        self.arn = arn
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.accessLogsEnabled = accessLogsEnabled
        self.accessLogBucket = accessLogBucket
        self.accessLogPrefix = accessLogPrefix
        self.desyncMitigationMode = desyncMitigationMode
        self.dropInvalidHeaderFields = dropInvalidHeaderFields
        self.listeners = listeners
    }

    enum CodingKeys: String, CodingKey {
        case name, arn, listeners
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case accessLogsEnabled = "access_logs_enabled"
        case accessLogBucket = "access_log_bucket"
        case accessLogPrefix = "access_log_prefix"
        case healthCheckLogs = "health_check_logs"
        case connectionLogs = "connection_logs"
        case desyncMitigationMode = "desync_mitigation_mode"
        case dropInvalidHeaderFields = "drop_invalid_header_fields"
    }

    /// Builds a snapshot from `DescribeLoadBalancerAttributes` keys (empty: the attributes were not read).
    public init(name: String, arn: String, attributes: [String: String], listeners: [Listener]) {
        self.init(
            name: name,
            arn: arn,
            idleTimeoutSeconds: attributes["idle_timeout.timeout_seconds"].flatMap { Int($0) },
            accessLogsEnabled: attributes.isEmpty ? nil : attributes["access_logs.s3.enabled"] == "true",
            accessLogBucket: attributes["access_logs.s3.bucket"].flatMap { $0.isEmpty ? nil : $0 },
            accessLogPrefix: attributes["access_logs.s3.prefix"],
            desyncMitigationMode: attributes["routing.http.desync_mitigation_mode"],
            dropInvalidHeaderFields: attributes["routing.http.drop_invalid_header_fields.enabled"].map {
                $0 == "true"
            },
            listeners: listeners
        )
        healthCheckLogs = LogDestination(attributes: attributes, key: "health_check_logs")
        connectionLogs = LogDestination(attributes: attributes, key: "connection_logs")
    }

    /// The HTTPS listeners' policies.
    public var tlsPolicies: [String] {
        listeners.filter { $0.protocol?.uppercased() == "HTTPS" }.compactMap(\.sslPolicy)
    }
}
