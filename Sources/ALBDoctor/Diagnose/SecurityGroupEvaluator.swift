import AWSClients

/// Evaluates security groups (stateful: no return rule needed) for TCP from the load balancer to a target: the
/// load balancer's groups must allow the target's address and port outbound (a CIDR holding the address, or a
/// reference to one of the target's groups), and the target's groups must allow the port inbound from the load
/// balancer (a reference to one of its groups, or CIDRs that together cover every load balancer subnet — its
/// nodes take any address of those subnets).
struct SecurityGroupEvaluator: Sendable {
    /// The groups read, by id.
    var groups: [String: SecurityGroup]
    /// The load balancer's groups (`DescribeLoadBalancers`).
    var loadBalancerGroupIDs: [String]
    /// The load balancer's subnets (with their CIDRs).
    var loadBalancerSubnets: [Subnet]

    init(groups: [SecurityGroup], loadBalancerGroupIDs: [String], loadBalancerSubnets: [Subnet]) {
        self.groups = Dictionary(groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.loadBalancerGroupIDs = loadBalancerGroupIDs
        self.loadBalancerSubnets = loadBalancerSubnets
    }

    /// `sg-… (name)` for an id, the id alone when the group was not read.
    func label(_ id: String) -> String { groups[id]?.label ?? id }

    /// The first block (outbound from the load balancer, then inbound to the target) and what could not be
    /// evaluated. `targetGroupIDs` nil: the target's groups are unknown (`unknownReason` says why).
    func evaluate(address: UInt32, port: Int, targetGroupIDs: [String]?, unknownReason: String?) -> (
        block: NetworkPathEvaluator.Block?, notChecked: [String]
    ) {
        var notChecked: [String] = []
        let ip = IPv4CIDR.text(address)
        let lbLabels = loadBalancerGroupIDs.map(label).joined(separator: ", ")

        // Outbound from the load balancer.
        let lbGroups = loadBalancerGroupIDs.compactMap { groups[$0] }
        if loadBalancerGroupIDs.isEmpty {
            notChecked.append("the load balancer's outbound rules: it lists no security group")
        } else if lbGroups.count < loadBalancerGroupIDs.count {
            let unread = loadBalancerGroupIDs.filter { groups[$0] == nil }
            notChecked.append("the load balancer's outbound rules: \(unread.joined(separator: ", ")) could not be read")
        } else {
            let rules = lbGroups.flatMap(\.egress).filter { $0.allowsTCP(port: port) }
            let allowed = rules.contains { rule in
                rule.cidrs.compactMap(IPv4CIDR.init).contains { $0.contains(address) }
                    || !Set(rule.groupIDs).isDisjoint(with: targetGroupIDs ?? [])
            }
            if !allowed {
                if let list = rules.flatMap(\.prefixListIDs).first {
                    notChecked.append(
                        "the load balancer's outbound rules to \(ip): prefix list \(list) is not expanded"
                    )
                } else {
                    // Said per target group (not per address), so that targets behind one group share one finding.
                    let groupText = targetGroupIDs.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") }
                    let destination =
                        targetGroupIDs?.first.map { "the targets' security group \(label($0)) (or their addresses)" }
                        ?? "the targets' addresses (or their network's CIDR)"
                    return (
                        .init(
                            layer: .securityGroup,
                            rule:
                                "no outbound rule for TCP \(port) to the target's address\(groupText.map { " or its security group \($0)" } ?? "")",
                            from: "load balancer security group \(lbLabels)",
                            fix:
                                "Add an outbound rule for TCP \(port) to \(destination) to the load balancer's security group \(lbLabels).",
                            securityGroup: lbLabels
                        ),
                        notChecked
                    )
                }
            }
        }

        // Inbound to the target.
        guard let targetGroupIDs else {
            notChecked.append("the target's inbound rules: \(unknownReason ?? "its security groups are not known")")
            return (nil, notChecked)
        }
        let targetGroups = targetGroupIDs.compactMap { groups[$0] }
        guard !targetGroupIDs.isEmpty, targetGroups.count == targetGroupIDs.count else {
            let unread = targetGroupIDs.filter { groups[$0] == nil }
            notChecked.append(
                "the target's inbound rules: \(unread.isEmpty ? "it has no security group" : "\(unread.joined(separator: ", ")) could not be read")"
            )
            return (nil, notChecked)
        }
        let rules = targetGroups.flatMap(\.ingress).filter { $0.allowsTCP(port: port) }
        if rules.contains(where: { !Set($0.groupIDs).isDisjoint(with: loadBalancerGroupIDs) }) {
            return (nil, notChecked)
        }
        let allowedCIDRs = rules.flatMap(\.cidrs).compactMap(IPv4CIDR.init)
        let uncovered = loadBalancerSubnets.filter { subnet in
            guard let cidr = subnet.cidr.flatMap(IPv4CIDR.init) else { return false }
            return !cidr.isCovered(by: allowedCIDRs)
        }
        if uncovered.isEmpty { return (nil, notChecked) }
        if let list = rules.flatMap(\.prefixListIDs).first {
            notChecked.append("the target's inbound rules: prefix list \(list) is not expanded")
            return (nil, notChecked)
        }
        let targetLabels = targetGroupIDs.map(label).joined(separator: ", ")
        let sources = [
            loadBalancerGroupIDs.isEmpty
                ? nil
                : "the load balancer's security group\(loadBalancerGroupIDs.count == 1 ? "" : "s") \(loadBalancerGroupIDs.joined(separator: ", "))",
            "its subnets \(loadBalancerSubnets.compactMap(\.cidr).joined(separator: ", "))",
        ].compactMap { $0 }.joined(separator: " or ")
        var rule = "no inbound rule for TCP \(port) from \(sources)"
        if uncovered.count < loadBalancerSubnets.count {
            let allowed = Set(allowedCIDRs.map(\.description)).sorted().joined(separator: ", ")
            rule +=
                ": the allowed CIDRs (\(allowed)) leave out the load balancer's subnet\(uncovered.count == 1 ? "" : "s") \(uncovered.map { "\($0.id) (\($0.cidr ?? "-"))" }.joined(separator: ", "))"
        }
        let source =
            loadBalancerGroupIDs.first.map { "the load balancer's security group \($0)" }
            ?? uncovered.compactMap(\.cidr).joined(separator: " and ")
        return (
            .init(
                layer: .securityGroup,
                rule: rule,
                from: uncovered.map { "\($0.id) (\($0.cidr ?? "-"))" }.joined(separator: ", "),
                fix: "Add an inbound rule for TCP \(port) from \(source) to \(label(targetGroupIDs[0])).",
                securityGroup: targetLabels
            ),
            notChecked
        )
    }
}
