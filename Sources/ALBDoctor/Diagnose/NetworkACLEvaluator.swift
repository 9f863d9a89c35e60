import AWSClients

/// Evaluates network ACLs the way AWS does (rules in ascending number, the first match decides, no match denies)
/// for TCP from each load-balancer subnet to a target's IPv4 address and port, and the answers back: the target
/// subnet's ACL (the port in, 1024-65535 out) and the load balancer subnet's ACL (the port out, 1024-65535 in).
/// Traffic inside one subnet does not cross an ACL, so a load balancer subnet that holds the target is skipped.
struct NetworkACLEvaluator: Sendable {
    /// Subnets of the VPC, the ACLs, and the load balancer's subnets.
    var subnets: [Subnet]
    var acls: [NetworkACL]
    var loadBalancerSubnetIDs: [String]

    /// The ephemeral ports the load balancer's connections come from (and the answers go back to).
    static let ephemeral = 1024...65535

    /// The ACL that applies to `subnet` (its association, else the VPC's default).
    func acl(for subnet: String) -> NetworkACL? {
        acls.first { $0.subnetIDs.contains(subnet) } ?? acls.first(where: \.isDefault)
    }

    /// The subnet of the VPC that holds `address`.
    func subnet(holding address: UInt32) -> Subnet? {
        subnets.first { $0.cidr.flatMap(IPv4CIDR.init)?.contains(address) ?? false }
    }

    /// The rule that decides TCP traffic over all of `ports` from/to every address of `peer` in one direction:
    /// nil when every address is allowed, else the deny rule that stops part of it, or `.implicitDeny` when no
    /// rule matches part of it. A rule whose ports cover only part of `ports` does not decide.
    static func decide(_ acl: NetworkACL, egress: Bool, peer: IPv4CIDR, ports: ClosedRange<Int>) -> Decision? {
        var remaining = [peer]
        for entry in acl.entries.filter({ $0.egress == egress }).sorted(by: { $0.ruleNumber < $1.ruleNumber }) {
            guard entry.protocol == "-1" || entry.protocol == "6" || entry.protocol.lowercased() == "tcp" else {
                continue
            }
            if let range = entry.portRange,
                !(range.lowerBound <= ports.lowerBound && ports.upperBound <= range.upperBound)
            {
                continue
            }
            guard let cidr = entry.cidr.flatMap(IPv4CIDR.init) else { continue }
            let allow = entry.action.lowercased() == "allow"
            var next: [IPv4CIDR] = []
            for piece in remaining {
                if cidr.contains(piece) {
                    if !allow { return .rule(entry) }
                } else if piece.contains(cidr) {
                    if !allow { return .rule(entry) }
                    next += piece.subtracting(cidr)
                } else {
                    next.append(piece)
                }
            }
            remaining = next
            if remaining.isEmpty { return nil }
        }
        return .implicitDeny
    }

    /// Why a direction is denied.
    enum Decision: Sendable, Hashable {
        case rule(NetworkACLEntry)
        case implicitDeny
    }

    static func describe(_ decision: Decision, egress: Bool, ports: ClosedRange<Int>, peer: IPv4CIDR) -> String {
        let direction = egress ? "outbound" : "inbound"
        switch decision {
        case .implicitDeny:
            return
                "\(direction) TCP \(ports.lowerBound)-\(ports.upperBound) \(egress ? "to" : "from") \(peer): no rule allows it (the final * rule denies)"
        case .rule(let entry):
            let range = entry.portRange.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all ports"
            return
                "\(direction) rule \(entry.ruleNumber): \(entry.action) \(entry.protocol == "-1" ? "all traffic" : "tcp \(range)") \(egress ? "to" : "from") \(entry.cidr ?? "-")"
        }
    }

    /// The target's subnet and its ACL, and the first block on the path from a load balancer subnet, if any.
    func evaluate(address: UInt32, port: Int) -> (subnet: Subnet?, acl: NetworkACL?, block: NetworkPathEvaluator.Block?)
    {
        let targetSubnet = subnet(holding: address)
        let targetACL = targetSubnet.flatMap { acl(for: $0.id) }
        let host = IPv4CIDR(host: address)
        let ip = IPv4CIDR.text(address)
        for lbSubnet in loadBalancerSubnetIDs where lbSubnet != targetSubnet?.id {
            guard let source = subnets.first(where: { $0.id == lbSubnet }), let cidrText = source.cidr,
                let peer = IPv4CIDR(cidrText)
            else { continue }
            let from = "\(lbSubnet) (\(cidrText))"
            if let targetSubnet, let targetACL {
                let place = "the network ACL of \(targetSubnet.id) (\(targetACL.id))"
                let fix =
                    "Allow the load balancer's subnet \(from) in \(place): inbound TCP \(port), and outbound TCP 1024-65535 back to it (network ACLs are stateless)."
                for (egress, ports) in [(false, port...port), (true, Self.ephemeral)] {
                    if let decision = Self.decide(targetACL, egress: egress, peer: peer, ports: ports) {
                        return (
                            targetSubnet, targetACL,
                            .init(
                                layer: .networkACL,
                                rule: Self.describe(decision, egress: egress, ports: ports, peer: peer),
                                from: from,
                                fix: fix,
                                networkACL: targetACL.id
                            )
                        )
                    }
                }
            }
            guard let sourceACL = acl(for: lbSubnet) else { continue }
            let fix =
                "Allow the target \(ip) in the network ACL of the load balancer's subnet \(lbSubnet) (\(sourceACL.id)): outbound TCP \(port), and inbound TCP 1024-65535 back from it (network ACLs are stateless)."
            for (egress, ports) in [(true, port...port), (false, Self.ephemeral)] {
                if let decision = Self.decide(sourceACL, egress: egress, peer: host, ports: ports) {
                    return (
                        targetSubnet, targetACL,
                        .init(
                            layer: .networkACL,
                            rule: Self.describe(decision, egress: egress, ports: ports, peer: host),
                            from: from,
                            fix: fix,
                            networkACL: sourceACL.id,
                            networkACLSubnet: lbSubnet
                        )
                    )
                }
            }
        }
        return (targetSubnet, targetACL, nil)
    }
}
