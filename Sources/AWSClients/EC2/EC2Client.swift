/// Amazon EC2 over the EC2 Query protocol (XML with `<item>` lists): security groups, network ACLs, subnets,
/// route tables, network interfaces and instances.
public struct EC2Client: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// A `Filter.N.Name` / `Filter.N.Value.M` filter.
    public struct Filter: Sendable, Hashable {
        /// Filter name (`vpc-id`, `association.subnet-id`).
        public var name: String
        /// Values.
        public var values: [String]

        /// Creates a filter.
        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    /// Sends an EC2 action and returns the response root.
    public func call(_ action: String, _ parameters: [(name: String, value: String)]) async throws -> XMLNode {
        let request = AWSProtocolRequests.query(service: .ec2, action: action, parameters: parameters, ec2: true)
        return try AWSProtocolRequests.decodeXML(try await core.send(request, service: .ec2), operation: action)
    }

    static func parameters(ids: [String], idName: String, filters: [Filter]) -> [(name: String, value: String)] {
        var parameters = ids.enumerated().map { ("\(idName).\($0.offset + 1)", $0.element) }
        for (index, filter) in filters.enumerated() {
            parameters.append(("Filter.\(index + 1).Name", filter.name))
            for (valueIndex, value) in filter.values.enumerated() {
                parameters.append(("Filter.\(index + 1).Value.\(valueIndex + 1)", value))
            }
        }
        return parameters
    }

    private func paged<T>(
        _ action: String,
        _ parameters: [(name: String, value: String)],
        set: String,
        _ parse: (XMLNode) throws -> T
    ) async throws -> [T] {
        try await AWSPagination.collect(operation: action) { token in
            let root = try await call(action, parameters + (token.map { [("NextToken", $0)] } ?? []))
            return (try root.list(set, item: "item").map(parse), root.string("nextToken"))
        }
    }

    /// `DescribeSecurityGroups` by id and/or filters.
    public func describeSecurityGroups(ids: [String] = [], filters: [Filter] = []) async throws -> [SecurityGroup] {
        try await paged(
            "DescribeSecurityGroups",
            Self.parameters(ids: ids, idName: "GroupId", filters: filters),
            set: "securityGroupInfo"
        ) { node in
            guard let id = node.string("groupId") else {
                throw AWSClientError(.malformedResponse, "DescribeSecurityGroups: a group lacks groupId")
            }
            return SecurityGroup(
                id: id,
                name: node.string("groupName"),
                vpcID: node.string("vpcId"),
                ingress: node.list("ipPermissions", item: "item").map(Self.rule),
                egress: node.list("ipPermissionsEgress", item: "item").map(Self.rule)
            )
        }
    }

    static func rule(_ node: XMLNode) -> SecurityGroupRule {
        SecurityGroupRule(
            ipProtocol: node.string("ipProtocol") ?? "-1",
            fromPort: node.int("fromPort"),
            toPort: node.int("toPort"),
            cidrs: node.list("ipRanges", item: "item").compactMap { $0.string("cidrIp") },
            ipv6Cidrs: node.list("ipv6Ranges", item: "item").compactMap { $0.string("cidrIpv6") },
            groupIDs: node.list("groups", item: "item").compactMap { $0.string("groupId") },
            prefixListIDs: node.list("prefixListIds", item: "item").compactMap { $0.string("prefixListId") }
        )
    }

    /// `DescribeNetworkAcls` by id and/or filters (e.g. `association.subnet-id`).
    public func describeNetworkACLs(ids: [String] = [], filters: [Filter] = []) async throws -> [NetworkACL] {
        try await paged(
            "DescribeNetworkAcls",
            Self.parameters(ids: ids, idName: "NetworkAclId", filters: filters),
            set: "networkAclSet"
        ) { node in
            guard let id = node.string("networkAclId") else {
                throw AWSClientError(.malformedResponse, "DescribeNetworkAcls: an ACL lacks networkAclId")
            }
            return NetworkACL(
                id: id,
                vpcID: node.string("vpcId"),
                isDefault: node.bool("default") ?? false,
                subnetIDs: node.list("associationSet", item: "item").compactMap { $0.string("subnetId") },
                entries: node.list("entrySet", item: "item").map { entry in
                    var range: ClosedRange<Int>?
                    if let from = entry["portRange"]?.int("from"), let to = entry["portRange"]?.int("to"), from <= to {
                        range = from...to
                    }
                    return NetworkACLEntry(
                        ruleNumber: entry.int("ruleNumber") ?? 0,
                        protocol: entry.string("protocol") ?? "-1",
                        action: entry.string("ruleAction") ?? "",
                        egress: entry.bool("egress") ?? false,
                        cidr: entry.string("cidrBlock"),
                        ipv6Cidr: entry.string("ipv6CidrBlock"),
                        portRange: range
                    )
                }
            )
        }
    }

    /// `DescribeSubnets` by id and/or filters.
    public func describeSubnets(ids: [String] = [], filters: [Filter] = []) async throws -> [Subnet] {
        try await paged(
            "DescribeSubnets",
            Self.parameters(ids: ids, idName: "SubnetId", filters: filters),
            set: "subnetSet"
        ) { node in
            guard let id = node.string("subnetId") else {
                throw AWSClientError(.malformedResponse, "DescribeSubnets: a subnet lacks subnetId")
            }
            return Subnet(
                id: id,
                vpcID: node.string("vpcId"),
                cidr: node.string("cidrBlock"),
                availabilityZone: node.string("availabilityZone"),
                availableIPAddressCount: node.int("availableIpAddressCount"),
                state: node.string("state")
            )
        }
    }

    /// `DescribeNetworkInterfaces` by id and/or filters (`addresses.private-ip-address`, `vpc-id`).
    public func describeNetworkInterfaces(ids: [String] = [], filters: [Filter] = []) async throws
        -> [NetworkInterface]
    {
        try await paged(
            "DescribeNetworkInterfaces",
            Self.parameters(ids: ids, idName: "NetworkInterfaceId", filters: filters),
            set: "networkInterfaceSet"
        ) { node in
            guard let id = node.string("networkInterfaceId") else {
                throw AWSClientError(
                    .malformedResponse,
                    "DescribeNetworkInterfaces: an interface lacks networkInterfaceId"
                )
            }
            var addresses = node.list("privateIpAddressesSet", item: "item").compactMap {
                $0.string("privateIpAddress")
            }
            if let primary = node.string("privateIpAddress") {
                addresses.removeAll { $0 == primary }
                addresses.insert(primary, at: 0)
            }
            return NetworkInterface(
                id: id,
                subnetID: node.string("subnetId"),
                vpcID: node.string("vpcId"),
                privateIPAddresses: addresses,
                securityGroupIDs: node.list("groupSet", item: "item").compactMap { $0.string("groupId") },
                interfaceType: node.string("interfaceType"),
                description: node.string("description"),
                attachedInstanceID: node["attachment"]?.string("instanceId")
            )
        }
    }

    /// `DescribeRouteTables` by id and/or filters (`vpc-id`, `association.subnet-id`).
    public func describeRouteTables(ids: [String] = [], filters: [Filter] = []) async throws -> [RouteTable] {
        try await paged(
            "DescribeRouteTables",
            Self.parameters(ids: ids, idName: "RouteTableId", filters: filters),
            set: "routeTableSet"
        ) { node in
            guard let id = node.string("routeTableId") else {
                throw AWSClientError(.malformedResponse, "DescribeRouteTables: a route table lacks routeTableId")
            }
            return RouteTable(
                id: id,
                vpcID: node.string("vpcId"),
                associations: node.list("associationSet", item: "item").map {
                    RouteTable.Association(subnetID: $0.string("subnetId"), isMain: $0.bool("main") ?? false)
                },
                routes: node.list("routeSet", item: "item").map { route in
                    let target = Self.routeTargetElements.lazy.compactMap { route.string($0) }.first
                    return RouteTable.Route(
                        destinationCIDR: route.string("destinationCidrBlock"),
                        destinationPrefixListID: route.string("destinationPrefixListId"),
                        target: target,
                        state: route.string("state")
                    )
                }
            )
        }
    }

    /// `tagSet` → key: value.
    static func tags(_ node: XMLNode) -> [String: String] {
        var out: [String: String] = [:]
        for tag in node.list("tagSet", item: "item") {
            if let key = tag.string("key") { out[key] = tag.string("value") ?? "" }
        }
        return out
    }

    /// The elements of a route that name where it sends traffic, in the order they are looked for.
    static let routeTargetElements = [
        "gatewayId", "natGatewayId", "transitGatewayId", "vpcPeeringConnectionId", "networkInterfaceId", "instanceId",
        "egressOnlyInternetGatewayId", "localGatewayId", "carrierGatewayId", "coreNetworkArn",
    ]

    /// `DescribeInstances` by id and/or filters: addresses and security groups. Ids are sent 100 per call.
    public func describeInstances(ids: [String] = [], filters: [Filter] = []) async throws -> [EC2Instance] {
        guard ids.count > 100 else { return try await describeInstancesPage(ids: ids, filters: filters) }
        var found: [EC2Instance] = []
        for start in stride(from: 0, to: ids.count, by: 100) {
            found += try await describeInstancesPage(
                ids: Array(ids[start..<min(start + 100, ids.count)]),
                filters: filters
            )
        }
        return found
    }

    private func describeInstancesPage(ids: [String], filters: [Filter]) async throws -> [EC2Instance] {
        let parameters = Self.parameters(ids: ids, idName: "InstanceId", filters: filters)
        return try await AWSPagination.collect(operation: "DescribeInstances") { token in
            let root = try await call("DescribeInstances", parameters + (token.map { [("NextToken", $0)] } ?? []))
            var found: [EC2Instance] = []
            for reservation in root.list("reservationSet", item: "item") {
                for node in reservation.list("instancesSet", item: "item") {
                    guard let id = node.string("instanceId") else {
                        throw AWSClientError(.malformedResponse, "DescribeInstances: an instance lacks instanceId")
                    }
                    found.append(
                        EC2Instance(
                            id: id,
                            privateIPAddress: node.string("privateIpAddress"),
                            subnetID: node.string("subnetId"),
                            vpcID: node.string("vpcId"),
                            securityGroupIDs: node.list("groupSet", item: "item").compactMap { $0.string("groupId") },
                            state: node["instanceState"]?.string("name"),
                            tags: Self.tags(node)
                        )
                    )
                }
            }
            return (found, root.string("nextToken"))
        }
    }
}
