import ALBAccessLog

/// Network ACLs that block the path from the load balancer's subnets to targets: the targets are unreachable.
public struct CombinedNetworkRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        guard let paths = context.inputs.networkPaths else { return }
        let blocked = paths.filter(\.blocked)
        guard !blocked.isEmpty else {
            if var finding = findings[.targetUnreachable], !paths.isEmpty {
                finding.evidence.append(
                    Evidence(
                        source: .configuration,
                        summary:
                            "The network ACLs of the targets' subnets allow the load balancer's subnets in and the answers out (\(paths.count) target\(paths.count == 1 ? "" : "s") checked); look at the targets' security groups, route tables and host firewalls.",
                        details: ["checked": String(paths.count), "blocked": "0"]
                    )
                )
                findings[.targetUnreachable] = finding
            }
            return
        }
        var bySubnet: [String: [NetworkPathCheck]] = [:]
        for check in blocked { bySubnet[check.subnetID ?? "-", default: []].append(check) }
        let evidence = bySubnet.sorted { $0.key < $1.key }.map { subnet, checks in
            let first = checks[0]
            return Evidence(
                source: .configuration,
                summary:
                    "Network ACL \(first.networkACL ?? "-") of \(subnet) (\(first.subnetCIDR ?? "-")) blocks traffic from the load balancer's subnet \(first.from ?? "-") to \(Phrase.list(checks.map(\.target))): \(first.rule ?? "no rule allows it").",
                details: [
                    "network_acl": first.networkACL ?? "-", "subnet": subnet, "rule": first.rule ?? "-",
                    "targets": checks.map(\.target).joined(separator: ","),
                ]
            )
        }
        let fix =
            "Allow the load balancer's subnets in the network ACL of \(Phrase.list(bySubnet.keys.sorted())): inbound TCP to the target port, and outbound TCP 1024-65535 back to them (network ACLs are stateless)."
        if var finding = findings[.targetUnreachable] {
            finding.strengthen(to: 0.92, adding: evidence)
            finding.fix.insert(fix, at: 0)
            findings[.targetUnreachable] = finding
        } else {
            let blockedTargets = Set(blocked.map(\.target))
            var moved = 0
            if var refused = findings[.targetRefusedConnection] {
                // The logs' "refused" target sits behind a blocking ACL: unreachable is the better reading.
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
                confirm: [
                    "CloudWatch TargetConnectionErrorCount has data points while the rule is in place; CloudTrail shows who changed the network ACL (CreateNetworkAclEntry, ReplaceNetworkAclEntry, ReplaceNetworkAclAssociation)."
                ],
                fix: [fix],
                alternatives: [.targetRefusedConnection]
            )
        }
    }
}
