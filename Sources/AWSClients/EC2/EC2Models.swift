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

    /// Creates a group.
    public init(
        id: String,
        name: String? = nil,
        vpcID: String? = nil,
        ingress: [SecurityGroupRule] = [],
        egress: [SecurityGroupRule] = []
    ) {
        self.id = id
        self.name = name
        self.vpcID = vpcID
        self.ingress = ingress
        self.egress = egress
    }

    /// `sg-… (name)`, or the id alone.
    public var label: String { name.map { "\(id) (\($0))" } ?? id }
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

    /// Creates a rule.
    public init(
        ipProtocol: String,
        fromPort: Int? = nil,
        toPort: Int? = nil,
        cidrs: [String] = [],
        ipv6Cidrs: [String] = [],
        groupIDs: [String] = [],
        prefixListIDs: [String] = []
    ) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.cidrs = cidrs
        self.ipv6Cidrs = ipv6Cidrs
        self.groupIDs = groupIDs
        self.prefixListIDs = prefixListIDs
    }

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

    /// Creates an ACL.
    public init(id: String, vpcID: String? = nil, isDefault: Bool, subnetIDs: [String], entries: [NetworkACLEntry]) {
        self.id = id
        self.vpcID = vpcID
        self.isDefault = isDefault
        self.subnetIDs = subnetIDs
        self.entries = entries
    }
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

    /// Creates an entry.
    public init(
        ruleNumber: Int,
        protocol: String,
        action: String,
        egress: Bool,
        cidr: String?,
        ipv6Cidr: String? = nil,
        portRange: ClosedRange<Int>? = nil
    ) {
        self.ruleNumber = ruleNumber
        self.protocol = `protocol`
        self.action = action
        self.egress = egress
        self.cidr = cidr
        self.ipv6Cidr = ipv6Cidr
        self.portRange = portRange
    }
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

    /// Creates a subnet.
    public init(
        id: String,
        vpcID: String? = nil,
        cidr: String?,
        availabilityZone: String? = nil,
        availableIPAddressCount: Int? = nil,
        state: String? = nil
    ) {
        self.id = id
        self.vpcID = vpcID
        self.cidr = cidr
        self.availabilityZone = availabilityZone
        self.availableIPAddressCount = availableIPAddressCount
        self.state = state
    }
}

/// A network interface (ENI): its addresses and security groups.
public struct NetworkInterface: Sendable, Hashable {
    /// `eni-…`.
    public var id: String
    /// Subnet id.
    public var subnetID: String?
    /// VPC id.
    public var vpcID: String?
    /// Every private IPv4 address it holds (primary first).
    public var privateIPAddresses: [String]
    /// Its security groups (`sg-…`).
    public var securityGroupIDs: [String]
    /// `interface`, `network_load_balancer`, `lambda`, ….
    public var interfaceType: String?
    /// Description (e.g. "ELB app/web/…", `arn:aws:ecs:…:attachment/<uuid>`, `aws-K8S-i-…`).
    public var description: String?
    /// The instance it is attached to, when it is.
    public var attachedInstanceID: String?

    /// Creates an interface.
    public init(
        id: String,
        subnetID: String? = nil,
        vpcID: String? = nil,
        privateIPAddresses: [String],
        securityGroupIDs: [String],
        interfaceType: String? = nil,
        description: String? = nil,
        attachedInstanceID: String? = nil
    ) {
        self.attachedInstanceID = attachedInstanceID
        self.id = id
        self.subnetID = subnetID
        self.vpcID = vpcID
        self.privateIPAddresses = privateIPAddresses
        self.securityGroupIDs = securityGroupIDs
        self.interfaceType = interfaceType
        self.description = description
    }
}

/// An EC2 instance: the parts the network check needs.
public struct EC2Instance: Sendable, Hashable {
    /// `i-…`.
    public var id: String
    /// Primary private IPv4 address.
    public var privateIPAddress: String?
    /// Subnet id.
    public var subnetID: String?
    /// VPC id.
    public var vpcID: String?
    /// Its security groups (`sg-…`).
    public var securityGroupIDs: [String]
    /// `running`, `stopped`, ….
    public var state: String?
    /// Its tags (`Name`, `aws:autoscaling:groupName`, …).
    public var tags: [String: String]

    /// Creates an instance.
    public init(
        id: String,
        privateIPAddress: String?,
        subnetID: String? = nil,
        vpcID: String? = nil,
        securityGroupIDs: [String],
        state: String? = nil,
        tags: [String: String] = [:]
    ) {
        self.tags = tags
        self.id = id
        self.privateIPAddress = privateIPAddress
        self.subnetID = subnetID
        self.vpcID = vpcID
        self.securityGroupIDs = securityGroupIDs
        self.state = state
    }
}

/// A route table with its associations and routes.
public struct RouteTable: Sendable, Hashable {
    /// One association with a subnet (or the VPC's main marker).
    public struct Association: Sendable, Hashable {
        /// The associated subnet (nil for the main association).
        public var subnetID: String?
        /// Whether this is the VPC's main route table.
        public var isMain: Bool

        /// Creates an association.
        public init(subnetID: String?, isMain: Bool) {
            self.subnetID = subnetID
            self.isMain = isMain
        }
    }

    /// One route.
    public struct Route: Sendable, Hashable {
        /// IPv4 destination (`10.0.0.0/16`).
        public var destinationCIDR: String?
        /// Prefix-list destination (`pl-…`).
        public var destinationPrefixListID: String?
        /// Where it sends the traffic: `local`, `igw-…`, `vgw-…`, `tgw-…`, `pcx-…`, `nat-…`, `eni-…`, `i-…`.
        public var target: String?
        /// `active` or `blackhole`.
        public var state: String?

        /// Creates a route.
        public init(destinationCIDR: String?, destinationPrefixListID: String? = nil, target: String?, state: String?) {
            self.destinationCIDR = destinationCIDR
            self.destinationPrefixListID = destinationPrefixListID
            self.target = target
            self.state = state
        }
    }

    /// `rtb-…`.
    public var id: String
    /// VPC id.
    public var vpcID: String?
    /// Associations.
    public var associations: [Association]
    /// Routes.
    public var routes: [Route]

    /// Creates a route table.
    public init(id: String, vpcID: String? = nil, associations: [Association], routes: [Route]) {
        self.id = id
        self.vpcID = vpcID
        self.associations = associations
        self.routes = routes
    }

    /// Whether it is the VPC's main route table.
    public var isMain: Bool { associations.contains(where: \.isMain) }
}
