import ALBDiagnosis
import AWSClients

/// The network check of one `ip:port` target: the route tables of the load balancer's subnets, then the network
/// ACLs on both sides, then the security groups — the first layer that stops TCP from the load balancer to the
/// target decides. A layer whose configuration could not be read is left out (and said so in `checked`).
struct NetworkPathEvaluator: Sendable {
    /// One block: which layer, the deciding rule, which load balancer subnet or group it concerns, and the fix.
    struct Block: Sendable, Hashable {
        var layer: NetworkPathCheck.Layer
        var rule: String
        var from: String?
        var fix: String
        var networkACL: String?
        var networkACLSubnet: String?
        var securityGroup: String?
        var routeTable: String?
    }

    /// The target's security groups, or why they are not known.
    enum TargetGroups: Sendable, Hashable {
        case known([String])
        case unknown(String)
    }

    /// The VPC's subnets (always read).
    var subnets: [Subnet]
    var loadBalancerSubnetIDs: [String]
    /// Nil when the layer's configuration could not be read.
    var acls: NetworkACLEvaluator?
    var securityGroups: SecurityGroupEvaluator?
    var routes: RouteTableEvaluator?

    init(
        subnets: [Subnet],
        loadBalancerSubnetIDs: [String],
        acls: [NetworkACL]?,
        securityGroups: (groups: [SecurityGroup], loadBalancer: [String])?,
        routeTables: [RouteTable]?
    ) {
        self.subnets = subnets
        self.loadBalancerSubnetIDs = loadBalancerSubnetIDs
        self.acls = acls.map {
            NetworkACLEvaluator(subnets: subnets, acls: $0, loadBalancerSubnetIDs: loadBalancerSubnetIDs)
        }
        let lbSubnets = loadBalancerSubnetIDs.compactMap { id in subnets.first { $0.id == id } }
        self.securityGroups = securityGroups.map {
            SecurityGroupEvaluator(
                groups: $0.groups,
                loadBalancerGroupIDs: $0.loadBalancer,
                loadBalancerSubnets: lbSubnets
            )
        }
        self.routes = routeTables.map { RouteTableEvaluator(tables: $0, loadBalancerSubnetIDs: loadBalancerSubnetIDs) }
    }

    /// `ip:port` → address and port; nil for anything else (IPv6 targets included).
    static func parse(_ target: String) -> (address: UInt32, port: Int)? {
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
            let address = IPv4CIDR.address(String(target[..<colon]))
        else { return nil }
        return (address, port)
    }

    /// Checks one `ip:port` target whose security groups are `groups`.
    func check(target: String, groups: TargetGroups = .unknown("its security groups were not looked up"))
        -> NetworkPathCheck?
    {
        guard let (address, port) = Self.parse(target) else { return nil }
        var checked: [NetworkPathCheck.Layer] = []
        var notChecked: [String] = []
        var block: Block?

        var route: String?
        var routeTable: String?
        if let routes {
            checked.append(.routeTable)
            let result = routes.evaluate(address: address)
            route = result.route
            routeTable = result.routeTable
            notChecked += result.notChecked
            block = result.block
        } else {
            notChecked.append("route tables: not read")
        }

        var targetSubnet = subnets.first { $0.cidr.flatMap(IPv4CIDR.init)?.contains(address) ?? false }
        var targetACL: String?
        if let acls {
            checked.append(.networkACL)
            let result = acls.evaluate(address: address, port: port)
            targetSubnet = result.subnet
            targetACL = result.acl?.id
            if block == nil { block = result.block }
        } else {
            notChecked.append("network ACLs: not read")
        }

        var targetLabels: [String]?
        var lbLabels: [String]?
        if let securityGroups {
            checked.append(.securityGroup)
            let ids: [String]?
            let reason: String?
            switch groups {
            case .known(let known): (ids, reason) = (known, nil)
            case .unknown(let why): (ids, reason) = (nil, why)
            }
            targetLabels = ids?.map(securityGroups.label)
            lbLabels = securityGroups.loadBalancerGroupIDs.map(securityGroups.label)
            let result = securityGroups.evaluate(
                address: address,
                port: port,
                targetGroupIDs: ids,
                unknownReason: reason
            )
            notChecked += result.notChecked
            if block == nil { block = result.block }
        } else {
            notChecked.append("security groups: not read")
        }

        return NetworkPathCheck(
            target: target,
            subnetID: targetSubnet?.id,
            subnetCIDR: targetSubnet?.cidr,
            networkACL: block?.layer == .networkACL ? block?.networkACL : targetACL,
            blocked: block != nil,
            rule: block?.rule,
            from: block?.from,
            layer: block?.layer,
            networkACLSubnet: block?.networkACLSubnet,
            securityGroup: block?.securityGroup,
            routeTable: block?.routeTable ?? routeTable,
            route: route,
            loadBalancerSecurityGroups: lbLabels,
            targetSecurityGroups: targetLabels,
            checked: checked,
            notChecked: notChecked.isEmpty ? nil : notChecked,
            fix: block?.fix
        )
    }
}
