import ALBDiagnosis
import AWSClients

/// Evaluates network ACLs the way AWS does (rules in ascending number, the first match decides, no match
/// denies) for the path from each load-balancer subnet to a target's IPv4 address and port, and back.
struct NetworkPathEvaluator: Sendable {
    /// An IPv4 CIDR block.
    struct CIDR: Sendable, Hashable {
        var network: UInt32
        var prefix: Int

        init?(_ text: String) {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix),
                let address = CIDR.address(String(parts[0]))
            else { return nil }
            self.prefix = prefix
            network = address & CIDR.mask(prefix)
        }

        static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

        static func address(_ text: String) -> UInt32? {
            let octets = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt32($0) }
            guard octets.count == 4, octets.allSatisfy({ ($0 ?? 256) < 256 }) else { return nil }
            return octets.reduce(0) { ($0 << 8) | ($1 ?? 0) }
        }

        func contains(_ address: UInt32) -> Bool { address & CIDR.mask(prefix) == network }

        /// Whether the blocks share an address.
        func overlaps(_ other: CIDR) -> Bool {
            let p = min(prefix, other.prefix)
            return network & CIDR.mask(p) == other.network & CIDR.mask(p)
        }
    }

    /// Subnets of the VPC, the ACLs, and the load balancer's subnets.
    var subnets: [Subnet]
    var acls: [NetworkACL]
    var loadBalancerSubnetIDs: [String]

    /// The ACL that applies to `subnet` (its association, else the VPC's default).
    func acl(for subnet: String) -> NetworkACL? {
        acls.first { $0.subnetIDs.contains(subnet) } ?? acls.first(where: \.isDefault)
    }

    /// The first matching rule in one direction for TCP traffic to `ports` from/to `peer`.
    static func decide(_ acl: NetworkACL, egress: Bool, peer: CIDR, ports: ClosedRange<Int>) -> NetworkACLEntry? {
        acl.entries.filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }.first { entry in
            guard entry.protocol == "-1" || entry.protocol == "6" || entry.protocol.lowercased() == "tcp" else {
                return false
            }
            if let range = entry.portRange, !range.overlaps(ports) { return false }
            guard let cidr = entry.cidr.flatMap(CIDR.init) else { return false }
            return cidr.overlaps(peer)
        }
    }

    static func describe(_ entry: NetworkACLEntry?, egress: Bool, ports: ClosedRange<Int>) -> String {
        guard let entry else {
            return
                "\(egress ? "outbound" : "inbound") TCP \(ports.lowerBound)-\(ports.upperBound): no rule allows it (the final * rule denies)"
        }
        let range = entry.portRange.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all ports"
        return
            "\(egress ? "outbound" : "inbound") rule \(entry.ruleNumber): \(entry.action) \(entry.protocol == "-1" ? "all traffic" : "tcp \(range)") \(egress ? "to" : "from") \(entry.cidr ?? "-")"
    }

    /// Checks one `ip:port` target.
    func check(target: String) -> NetworkPathCheck? {
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
            let address = CIDR.address(String(target[..<colon]))
        else { return nil }
        guard let subnet = subnets.first(where: { $0.cidr.flatMap(CIDR.init)?.contains(address) ?? false }),
            let acl = acl(for: subnet.id)
        else {
            return NetworkPathCheck(target: target, subnetID: nil, subnetCIDR: nil, networkACL: nil, blocked: false)
        }
        for lbSubnet in loadBalancerSubnetIDs {
            guard let source = subnets.first(where: { $0.id == lbSubnet }), let cidrText = source.cidr,
                let peer = CIDR(cidrText)
            else { continue }
            let inbound = Self.decide(acl, egress: false, peer: peer, ports: port...port)
            if inbound?.action.lowercased() != "allow" {
                return NetworkPathCheck(
                    target: target,
                    subnetID: subnet.id,
                    subnetCIDR: subnet.cidr,
                    networkACL: acl.id,
                    blocked: true,
                    rule: Self.describe(inbound, egress: false, ports: port...port),
                    from: "\(lbSubnet) (\(cidrText))"
                )
            }
            let outbound = Self.decide(acl, egress: true, peer: peer, ports: 1024...65535)
            if outbound?.action.lowercased() != "allow" {
                return NetworkPathCheck(
                    target: target,
                    subnetID: subnet.id,
                    subnetCIDR: subnet.cidr,
                    networkACL: acl.id,
                    blocked: true,
                    rule: Self.describe(outbound, egress: true, ports: 1024...65535),
                    from: "\(lbSubnet) (\(cidrText))"
                )
            }
        }
        return NetworkPathCheck(
            target: target,
            subnetID: subnet.id,
            subnetCIDR: subnet.cidr,
            networkACL: acl.id,
            blocked: false
        )
    }
}
