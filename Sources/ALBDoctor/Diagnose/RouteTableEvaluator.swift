import AWSClients

/// Evaluates the route tables of the load balancer's subnets for a target's address: inside the VPC's CIDRs the
/// `local` route always carries it; outside (on-premises, peered) the table of each load balancer subnet (its
/// explicit association, else the VPC's main table) needs a route whose destination holds the address — the
/// longest prefix wins, and a `blackhole` route, or a private address sent to an internet gateway, stops it.
struct RouteTableEvaluator: Sendable {
    var tables: [RouteTable]
    var loadBalancerSubnetIDs: [String]

    /// The route table that applies to `subnet`.
    func table(for subnet: String) -> RouteTable? {
        tables.first { $0.associations.contains { $0.subnetID == subnet } } ?? tables.first(where: \.isMain)
    }

    /// The VPC's own CIDRs: the destinations of the `local` routes.
    var vpcCIDRs: [IPv4CIDR] {
        var seen: [IPv4CIDR] = []
        for route in tables.flatMap(\.routes) where route.target == "local" {
            if let cidr = route.destinationCIDR.flatMap(IPv4CIDR.init), !seen.contains(cidr) { seen.append(cidr) }
        }
        return seen
    }

    /// The most specific route whose destination holds `address`.
    static func route(in table: RouteTable, to address: UInt32) -> (route: RouteTable.Route, cidr: IPv4CIDR)? {
        table.routes.compactMap { route in
            route.destinationCIDR.flatMap(IPv4CIDR.init).flatMap { $0.contains(address) ? (route, $0) : nil }
        }.max { $0.cidr.prefix < $1.cidr.prefix }
    }

    /// RFC 1918 and shared (100.64/10) space: not routed on the internet.
    static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].compactMap(
        IPv4CIDR.init
    )

    /// The route that carries the address (as text), the deciding table, the first block, and what could not be
    /// evaluated.
    func evaluate(address: UInt32) -> (
        route: String?, routeTable: String?, block: NetworkPathEvaluator.Block?, notChecked: [String]
    ) {
        if let local = vpcCIDRs.first(where: { $0.contains(address) }) {
            return ("local \(local) (inside the VPC)", nil, nil, [])
        }
        let ip = IPv4CIDR.text(address)
        var notChecked: [String] = []
        var carried: (String, String)?
        for subnet in loadBalancerSubnetIDs {
            guard let table = table(for: subnet) else {
                notChecked.append("the route from \(subnet) to \(ip): no route table applies to it")
                continue
            }
            guard let (route, cidr) = Self.route(in: table, to: address) else {
                if let list = table.routes.compactMap(\.destinationPrefixListID).first {
                    notChecked.append(
                        "the route from \(subnet) to \(ip): prefix list \(list) in \(table.id) is not expanded"
                    )
                    continue
                }
                return (
                    nil, table.id,
                    .init(
                        layer: .routeTable,
                        rule: "no route to \(ip) (outside the VPC)",
                        from: subnet,
                        fix:
                            "Add a route for the target's network (holding \(ip)) through its VPN gateway, transit gateway or peering connection to route table \(table.id) of the load balancer's subnet \(subnet).",
                        routeTable: table.id
                    ),
                    notChecked
                )
            }
            let via = route.target ?? "-"
            if route.state?.lowercased() == "blackhole" {
                return (
                    nil, table.id,
                    .init(
                        layer: .routeTable,
                        rule:
                            "route \(cidr) via \(via) is a blackhole (its gateway or attachment is gone)",
                        from: subnet,
                        fix:
                            "Replace the blackhole route \(cidr) in route table \(table.id) with one through a live gateway, attachment or peering connection (or delete it so a working route applies).",
                        routeTable: table.id
                    ),
                    notChecked
                )
            }
            if via.hasPrefix("igw-"), Self.privateRanges.contains(where: { $0.contains(address) }) {
                return (
                    nil, table.id,
                    .init(
                        layer: .routeTable,
                        rule:
                            "the most specific route to \(ip) is \(cidr) via \(via) (the internet), where a private address is not routed",
                        from: subnet,
                        fix:
                            "Add a route for the target's network (holding \(ip)) through its VPN gateway, transit gateway or peering connection to route table \(table.id) of the load balancer's subnet \(subnet).",
                        routeTable: table.id
                    ),
                    notChecked
                )
            }
            carried = carried ?? ("\(cidr) via \(via)", table.id)
        }
        return (carried?.0, carried?.1, nil, notChecked)
    }
}
