/// A security group.
public struct SecurityGroup: Sendable, Hashable {
    /// `sg-…`.
    public var id: String
    /// Name.
    public var name: String?
    /// VPC id.
    public var vpcID: String?
    /// Inbound rules.
    public var ingress: [SecurityGroupRule]
    /// Outbound rules.
    public var egress: [SecurityGroupRule]
}

/// One permission of a security group.
public struct SecurityGroupRule: Sendable, Hashable {
    /// `tcp`, `udp`, `icmp`, `-1` (all).
    public var ipProtocol: String
    /// First port (nil for all).
    public var fromPort: Int?
    /// Last port.
    public var toPort: Int?
    /// IPv4 CIDRs.
    public var cidrs: [String]
    /// IPv6 CIDRs.
    public var ipv6Cidrs: [String]
    /// Referenced security groups.
    public var groupIDs: [String]
    /// Prefix lists.
    public var prefixListIDs: [String]

    /// Whether the rule admits `port` over TCP.
    public func allowsTCP(port: Int) -> Bool {
        guard ipProtocol == "-1" || ipProtocol == "tcp" || ipProtocol == "6" else { return false }
        guard let fromPort, let toPort, fromPort >= 0 else { return true }
        return (fromPort...max(fromPort, toPort)).contains(port)
    }
}

/// A network ACL.
public struct NetworkACL: Sendable, Hashable {
    /// `acl-…`.
    public var id: String
    /// VPC id.
    public var vpcID: String?
    /// Whether it is the VPC's default ACL.
    public var isDefault: Bool
    /// Associated subnet ids.
    public var subnetIDs: [String]
    /// Entries.
    public var entries: [NetworkACLEntry]
}

/// One network ACL entry.
public struct NetworkACLEntry: Sendable, Hashable {
    /// Rule number (evaluated lowest first).
    public var ruleNumber: Int
    /// Protocol number as text (`6` TCP, `-1` all).
    public var `protocol`: String
    /// `allow` or `deny`.
    public var action: String
    /// Outbound when true.
    public var egress: Bool
    /// IPv4 CIDR.
    public var cidr: String?
    /// IPv6 CIDR.
    public var ipv6Cidr: String?
    /// Port range.
    public var portRange: ClosedRange<Int>?
}

/// A subnet.
public struct Subnet: Sendable, Hashable {
    /// `subnet-…`.
    public var id: String
    /// VPC id.
    public var vpcID: String?
    /// IPv4 CIDR.
    public var cidr: String?
    /// Availability zone.
    public var availabilityZone: String?
    /// Free addresses.
    public var availableIPAddressCount: Int?
    /// `available`, `pending`.
    public var state: String?
}
