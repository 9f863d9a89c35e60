import Foundation

/// A load balancer as `DescribeLoadBalancers` reports it (fields ALB Doctor uses).
public struct LoadBalancer: Sendable, Hashable {
    /// ARN.
    public var arn: String
    /// Name.
    public var name: String
    /// DNS name.
    public var dnsName: String?
    /// `internet-facing` or `internal`.
    public var scheme: String?
    /// VPC id.
    public var vpcID: String?
    /// `application`, `network`, `gateway`.
    public var type: String?
    /// `active`, `provisioning`, `failed`, …
    public var state: String?
    /// `(zone, subnet id)` pairs.
    public var availabilityZones: [(zone: String, subnetID: String)]
    /// Security group ids.
    public var securityGroups: [String]
    /// `ipv4`, `dualstack`, …
    public var ipAddressType: String?
    /// Creation time.
    public var createdTime: Date?

    /// The CloudWatch `LoadBalancer` dimension: the ARN after `:loadbalancer/` (`app/my-lb/50dc6c495c0c9188`).
    public var metricDimension: String? {
        arn.range(of: ":loadbalancer/").map { String(arn[$0.upperBound...]) }
    }

    public static func == (lhs: LoadBalancer, rhs: LoadBalancer) -> Bool {
        lhs.arn == rhs.arn && lhs.name == rhs.name && lhs.dnsName == rhs.dnsName && lhs.scheme == rhs.scheme
            && lhs.vpcID == rhs.vpcID && lhs.type == rhs.type && lhs.state == rhs.state
            && lhs.availabilityZones.elementsEqual(rhs.availabilityZones) { $0 == $1 }
            && lhs.securityGroups == rhs.securityGroups && lhs.ipAddressType == rhs.ipAddressType
            && lhs.createdTime == rhs.createdTime
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(arn) }
}

/// A listener.
public struct Listener: Sendable, Hashable {
    /// ARN.
    public var arn: String
    /// Port.
    public var port: Int?
    /// `HTTP`, `HTTPS`, …
    public var `protocol`: String?
    /// TLS security policy (meaningful for HTTPS only; an emulator also sets it on HTTP listeners).
    public var sslPolicy: String?
    /// Certificate ARNs.
    public var certificateARNs: [String]
    /// Default actions: `(type, target group ARN)`.
    public var defaultActions: [ListenerAction]
}

/// A listener or rule action.
public struct ListenerAction: Sendable, Hashable {
    /// `forward`, `redirect`, `fixed-response`, …
    public var type: String
    /// The target group of a `forward` action (the first one of a weighted forward).
    public var targetGroupARN: String?

    /// Creates an action.
    public init(type: String, targetGroupARN: String?) {
        self.type = type
        self.targetGroupARN = targetGroupARN
    }
}

/// A target group.
public struct TargetGroup: Sendable, Hashable {
    /// ARN.
    public var arn: String
    /// Name.
    public var name: String
    /// `HTTP`, `HTTPS`, … (nil for Lambda).
    public var `protocol`: String?
    /// `HTTP1`, `HTTP2`, `GRPC`.
    public var protocolVersion: String?
    /// Port.
    public var port: Int?
    /// VPC id.
    public var vpcID: String?
    /// `instance`, `ip`, `lambda`, `alb`.
    public var targetType: String?
    /// Health check settings.
    public var healthCheck: HealthCheck
    /// Load balancers that route to it.
    public var loadBalancerARNs: [String]

    /// The CloudWatch `TargetGroup` dimension: the ARN after the last `:` (`targetgroup/my-tg/73e2d6bc24d8a067`).
    public var metricDimension: String? {
        arn.split(separator: ":").last.map(String.init)
    }

    /// Health check settings.
    public struct HealthCheck: Sendable, Hashable {
        /// Whether checks are enabled.
        public var enabled: Bool?
        /// Protocol.
        public var `protocol`: String?
        /// Port (`traffic-port` or a number).
        public var port: String?
        /// Path.
        public var path: String?
        /// Interval in seconds.
        public var intervalSeconds: Int?
        /// Timeout in seconds.
        public var timeoutSeconds: Int?
        /// Healthy threshold.
        public var healthyThreshold: Int?
        /// Unhealthy threshold.
        public var unhealthyThreshold: Int?
        /// Success codes (`200`, `200-299`).
        public var matcher: String?
    }
}

/// The health of one target.
public struct TargetHealthDescription: Sendable, Hashable {
    /// Instance id, IP address or Lambda ARN.
    public var targetID: String
    /// Port.
    public var port: Int?
    /// Availability zone (`all` for targets outside the VPC).
    public var availabilityZone: String?
    /// The health-check port.
    public var healthCheckPort: String?
    /// `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`.
    public var state: String
    /// Reason code (`Target.Timeout`, `Target.NotRegistered`, …).
    public var reason: String?
    /// Human description.
    public var description: String?
}

/// A TLS security policy.
public struct SSLPolicy: Sendable, Hashable {
    /// Name (`ELBSecurityPolicy-TLS13-1-2-2021-06`).
    public var name: String
    /// Protocols (`TLSv1.2`, `TLSv1.3`).
    public var protocols: [String]
    /// Ciphers in priority order (OpenSSL names).
    public var ciphers: [String]
}
