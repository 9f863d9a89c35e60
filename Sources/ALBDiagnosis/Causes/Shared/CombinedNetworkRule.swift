import ALBAccessLog

/// Route tables, network ACLs or security groups that stop the load balancer from reaching targets: the targets
/// are unreachable. Names the layer, the deciding rule, group or route, and the change that opens the path.
public struct CombinedNetworkRule: CombinedRule {
    public init() {}

    /// How many blocks are described one by one (the rest are counted).
    static let shown = 5

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        guard let paths = context.inputs.networkPaths else { return }
        let blocked = paths.filter(\.blocked)
        guard !blocked.isEmpty else {
            if var finding = findings[.targetUnreachable], !paths.isEmpty {
                finding.evidence.append(Self.allOpen(paths))
                findings[.targetUnreachable] = finding
            }
            return
        }
        // One evidence per layer, deciding object and rule, in a stable order.
        var groups: [String: [NetworkPathCheck]] = [:]
        for check in blocked {
            let layer = check.blockingLayer ?? .networkACL
            let decider =
                switch layer {
                case .networkACL: "\(check.networkACL ?? "-")|\(check.networkACLSubnet ?? check.subnetID ?? "-")"
                case .securityGroup: check.securityGroup ?? "-"
                case .routeTable: check.routeTable ?? "-"
                }
            groups["\(layer.rawValue)|\(decider)|\(check.rule ?? "-")", default: []].append(check)
        }
        // Largest groups first (then by key), at most `shown` of them: the rest are counted, not listed.
        let ordered = groups.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.map(\.value)
        var evidence = ordered.prefix(Self.shown).map(Self.evidence)
        if ordered.count > Self.shown {
            let rest = ordered.dropFirst(Self.shown).flatMap { $0 }
            evidence.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "\(rest.count) more blocked target\(rest.count == 1 ? "" : "s") (\(Phrase.list(rest.map(\.target), limit: 3))) in \(ordered.count - Self.shown) more place\(ordered.count - Self.shown == 1 ? "" : "s"): see configuration.network_paths.",
                    details: ["blocked_more": String(rest.count)]
                )
            )
        }
        var fixes: [String] = []
        for checks in ordered {
            let fix = checks[0].fix ?? Self.legacyFix(checks[0])
            if !fixes.contains(fix) && fixes.count < Self.shown { fixes.append(fix) }
        }
        let layers = Set(blocked.compactMap(\.blockingLayer))
        if var finding = findings[.targetUnreachable] {
            finding.strengthen(to: 0.92, adding: evidence)
            finding.fix.insert(contentsOf: fixes, at: 0)
            findings[.targetUnreachable] = finding
        } else {
            let blockedTargets = Set(blocked.map(\.target))
            var moved = 0
            if var refused = findings[.targetRefusedConnection] {
                // The logs' "refused" target sits behind a blocking layer: unreachable is the better reading.
                let names = refused.evidence.compactMap { $0.details["target"] }
                if names.contains(where: blockedTargets.contains) {
                    moved = refused.count
                    refused.weaken(by: 0.3, adding: evidence)
                    if !refused.alternatives.contains(.targetUnreachable) {
                        refused.alternatives.append(.targetUnreachable)
                    }
                    findings[.targetRefusedConnection] = refused
                }
            }
            let errors = context.inputs.total("TargetConnectionErrorCount") ?? 0
            let seen = moved > 0 || errors > 0
            findings[.targetUnreachable] = Finding(
                id: .targetUnreachable,
                confidence: seen ? 0.85 : 0.5,
                count: moved > 0 ? moved : errors,
                evidence: evidence,
                confirm: [Self.confirm(layers)],
                fix: fixes,
                alternatives: [.targetRefusedConnection]
            )
        }
    }

    /// The evidence of checks blocked by the same layer, object and rule.
    static func evidence(_ checks: [NetworkPathCheck]) -> Evidence {
        let first = checks[0]
        let targets = Phrase.list(checks.map(\.target))
        let rule = first.rule ?? "no rule allows it"
        var details = [
            "layer": (first.blockingLayer ?? .networkACL).rawValue, "rule": first.rule ?? "-",
            "targets": checks.map(\.target).joined(separator: ","),
        ]
        let summary: String
        switch first.blockingLayer ?? .networkACL {
        case .networkACL:
            details["network_acl"] = first.networkACL ?? "-"
            if let lbSubnet = first.networkACLSubnet {
                details["subnet"] = lbSubnet
                summary =
                    "Network ACL \(first.networkACL ?? "-") of the load balancer's subnet \(first.from ?? lbSubnet) blocks its traffic to \(targets): \(rule)."
            } else {
                details["subnet"] = first.subnetID ?? "-"
                summary =
                    "Network ACL \(first.networkACL ?? "-") of \(first.subnetID ?? "-") (\(first.subnetCIDR ?? "-")) blocks traffic from the load balancer's subnet \(first.from ?? "-") to \(targets): \(rule)."
            }
        case .securityGroup:
            details["security_group"] = first.securityGroup ?? "-"
            if rule.hasPrefix("no outbound") {
                summary =
                    "The load balancer's security group \(first.securityGroup ?? "-") has \(rule), so it cannot open connections to \(targets)."
            } else {
                summary = "Security group \(first.securityGroup ?? "-") of \(targets) has \(rule)."
            }
        case .routeTable:
            details["route_table"] = first.routeTable ?? "-"
            summary =
                "Route table \(first.routeTable ?? "-") of the load balancer's subnet \(first.from ?? "-"): \(rule), so \(targets) cannot be reached from that subnet."
        }
        return Evidence(source: .configuration, summary: summary, details: details)
    }

    /// The fix of a blocked check from an evidence bundle written before checks carried their own.
    static func legacyFix(_ check: NetworkPathCheck) -> String {
        "Allow the load balancer's subnets in the network ACL of \(check.subnetID ?? "-"): inbound TCP to the target port, and outbound TCP 1024-65535 back to them (network ACLs are stateless)."
    }

    /// How to confirm, by the layers that block.
    static func confirm(_ layers: Set<NetworkPathCheck.Layer>) -> String {
        var events: [String] = []
        if layers.contains(.networkACL) {
            events.append(
                "the network ACL (CreateNetworkAclEntry, ReplaceNetworkAclEntry, ReplaceNetworkAclAssociation)"
            )
        }
        if layers.contains(.securityGroup) {
            events.append(
                "the security group (RevokeSecurityGroupIngress, RevokeSecurityGroupEgress, ModifyNetworkInterfaceAttribute, SetSecurityGroups)"
            )
        }
        if layers.contains(.routeTable) {
            events.append("the route table (DeleteRoute, ReplaceRoute, ReplaceRouteTableAssociation)")
        }
        return
            "CloudWatch TargetConnectionErrorCount has data points while the rule is in place; CloudTrail shows who changed \(Phrase.list(events))."
    }

    /// What was checked when nothing blocks.
    static func allOpen(_ paths: [NetworkPathCheck]) -> Evidence {
        let n = paths.count
        func count(_ layer: NetworkPathCheck.Layer) -> Int {
            // A bundle from before the other layers were checked read network ACLs only.
            paths.filter { ($0.checked ?? [.networkACL]).contains(layer) }.count
        }
        var parts: [String] = []
        let routed = count(.routeTable)
        if routed > 0 {
            let local = paths.filter { $0.route?.hasPrefix("local") == true }.count
            parts.append(
                "route tables of the load balancer's subnets (\(local) of \(routed) inside the VPC on the local route\(routed > local ? ", \(routed - local) outside with a route" : ""))"
            )
        }
        let acl = count(.networkACL)
        if acl > 0 {
            parts.append(
                "network ACLs of the targets' and the load balancer's subnets (the port in, 1024-65535 back; \(acl) of \(n))"
            )
        }
        let sg = count(.securityGroup)
        if sg > 0 {
            let inbound = paths.filter { $0.targetSecurityGroups != nil }.count
            parts.append(
                "security groups (the load balancer's outbound, and the targets' inbound for \(inbound) of \(n) whose groups are known)"
            )
        }
        let notChecked = Array(Set(paths.flatMap { $0.notChecked ?? [] })).sorted()
        var summary =
            "Nothing in the network configuration blocks the load balancer from the targets (\(n) target\(n == 1 ? "" : "s") checked): \(parts.isEmpty ? "no layer could be read" : Phrase.list(parts))."
        if !notChecked.isEmpty {
            summary += " Not checked: \(Phrase.list(notChecked, limit: 3))."
        }
        summary += " Look at the targets' host firewalls and whether they listen on the port."
        var details = ["checked": String(n), "blocked": "0"]
        let layers = NetworkPathCheck.Layer.allCases.filter { count($0) > 0 }.map(\.rawValue)
        details["layers"] = layers.joined(separator: ",")
        return Evidence(source: .configuration, summary: summary, details: details)
    }
}
