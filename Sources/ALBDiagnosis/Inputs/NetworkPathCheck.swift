/// Whether the network lets the load balancer reach one target's port: the route tables of the load balancer's
/// subnets, the network ACLs on both sides, and the security groups of the load balancer (outbound) and of the
/// target (inbound), as read from `DescribeRouteTables`, `DescribeSubnets` / `DescribeNetworkAcls`,
/// `DescribeNetworkInterfaces` / `DescribeInstances` and `DescribeSecurityGroups`.
///
/// Evidence bundles written before security groups and routes were checked decode too: every field added then
/// is optional, and a blocked check without `layer` was blocked by a network ACL.
public struct NetworkPathCheck: Sendable, Codable, Hashable {
    /// A layer of the path that can stop TCP to the target.
    public enum Layer: String, Sendable, Codable, Hashable, CaseIterable {
        /// The route table of a load balancer subnet (no route, or a blackhole route).
        case routeTable = "route-table"
        /// A network ACL (stateless: the port in, the ephemeral ports back).
        case networkACL = "network-acl"
        /// A security group (stateful: the load balancer's outbound, the target's inbound).
        case securityGroup = "security-group"

        /// How a sentence names it.
        public var phrase: String {
            switch self {
            case .routeTable: "route table"
            case .networkACL: "network ACL"
            case .securityGroup: "security group"
            }
        }
    }

    /// `ip:port`.
    public var target: String
    /// The target's subnet, when found.
    public var subnetID: String?
    /// Its CIDR.
    public var subnetCIDR: String?
    /// The network ACL that applies to the target's subnet; when a network ACL blocks, the blocking one.
    public var networkACL: String?
    /// Whether a rule blocks the path.
    public var blocked: Bool
    /// The deciding rule ("inbound rule 90: deny tcp 8080-8080 from 10.0.0.0/16", "no inbound rule for TCP 8080
    /// from …", "no route to 192.168.5.5").
    public var rule: String?
    /// Which load balancer subnet (or security group) the blocked traffic comes from.
    public var from: String?
    /// The layer that blocks (nil when open; a blocked check from an older bundle means `networkACL`).
    public var layer: Layer?
    /// The subnet the blocking network ACL belongs to, when it is not the target's (a load balancer subnet).
    public var networkACLSubnet: String?
    /// The security group(s) missing the rule, as `sg-… (name)`.
    public var securityGroup: String?
    /// The route table that decides (the blocking one when `layer` is `routeTable`).
    public var routeTable: String?
    /// The route that carries the traffic ("local 10.0.0.0/16", "192.168.0.0/16 via vgw-…"), when one does.
    public var route: String?
    /// The load balancer's security groups, as `sg-… (name)`.
    public var loadBalancerSecurityGroups: [String]?
    /// The target's security groups, as `sg-… (name)`; nil when they could not be read.
    public var targetSecurityGroups: [String]?
    /// The layers that were evaluated for this target.
    public var checked: [Layer]?
    /// What could not be evaluated, and why.
    public var notChecked: [String]?
    /// The change that opens the path, when blocked.
    public var fix: String?

    /// Creates a check.
    public init(
        target: String,
        subnetID: String?,
        subnetCIDR: String?,
        networkACL: String?,
        blocked: Bool,
        rule: String? = nil,
        from: String? = nil,
        layer: Layer? = nil,
        networkACLSubnet: String? = nil,
        securityGroup: String? = nil,
        routeTable: String? = nil,
        route: String? = nil,
        loadBalancerSecurityGroups: [String]? = nil,
        targetSecurityGroups: [String]? = nil,
        checked: [Layer]? = nil,
        notChecked: [String]? = nil,
        fix: String? = nil
    ) {
        self.target = target
        self.subnetID = subnetID
        self.subnetCIDR = subnetCIDR
        self.networkACL = networkACL
        self.blocked = blocked
        self.rule = rule
        self.from = from
        self.layer = layer
        self.networkACLSubnet = networkACLSubnet
        self.securityGroup = securityGroup
        self.routeTable = routeTable
        self.route = route
        self.loadBalancerSecurityGroups = loadBalancerSecurityGroups
        self.targetSecurityGroups = targetSecurityGroups
        self.checked = checked
        self.notChecked = notChecked
        self.fix = fix
    }

    /// The layer that blocks, reading an older bundle's blocked check as a network ACL's.
    public var blockingLayer: Layer? { blocked ? (layer ?? .networkACL) : nil }

    /// What blocks, as a report names it ("network ACL acl-… of subnet-…", "security group sg-… (tg-sg)",
    /// "route table rtb-…"); "-" when open.
    public var blockedBy: String {
        switch blockingLayer {
        case .none: "-"
        case .networkACL: "network ACL \(networkACL ?? "-") of \(networkACLSubnet ?? subnetID ?? "-")"
        case .securityGroup: "security group \(securityGroup ?? "-")"
        case .routeTable: "route table \(routeTable ?? "-")"
        }
    }

    enum CodingKeys: String, CodingKey {
        case target, blocked, rule, from, layer, route, checked, fix
        case subnetID = "subnet_id"
        case subnetCIDR = "subnet_cidr"
        case networkACL = "network_acl"
        case networkACLSubnet = "network_acl_subnet"
        case securityGroup = "security_group"
        case routeTable = "route_table"
        case loadBalancerSecurityGroups = "load_balancer_security_groups"
        case targetSecurityGroups = "target_security_groups"
        case notChecked = "not_checked"
    }
}
