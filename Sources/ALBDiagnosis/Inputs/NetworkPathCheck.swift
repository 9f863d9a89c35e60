/// Whether the network ACL of a target's subnet lets the load balancer's subnets reach the target's port (and
/// the answers go back), as read from `DescribeSubnets` / `DescribeNetworkAcls`.
public struct NetworkPathCheck: Sendable, Codable, Hashable {
    /// `ip:port`.
    public var target: String
    /// The target's subnet, when found.
    public var subnetID: String?
    /// Its CIDR.
    public var subnetCIDR: String?
    /// The network ACL that applies.
    public var networkACL: String?
    /// Whether a rule blocks the path.
    public var blocked: Bool
    /// The deciding rule ("inbound rule 90: deny tcp 8080-8080 from 10.0.0.0/16").
    public var rule: String?
    /// Which load balancer subnet's traffic the rule stops.
    public var from: String?

    /// Creates a check.
    public init(
        target: String,
        subnetID: String?,
        subnetCIDR: String?,
        networkACL: String?,
        blocked: Bool,
        rule: String? = nil,
        from: String? = nil
    ) {
        self.target = target
        self.subnetID = subnetID
        self.subnetCIDR = subnetCIDR
        self.networkACL = networkACL
        self.blocked = blocked
        self.rule = rule
        self.from = from
    }

    enum CodingKeys: String, CodingKey {
        case target, blocked, rule, from
        case subnetID = "subnet_id"
        case subnetCIDR = "subnet_cidr"
        case networkACL = "network_acl"
    }
}
