/// `target-unreachable`: not-dispatched 502s on several targets of one subnet at the same time.
public struct TargetUnreachableRule: DiagnosisRule {
    public init() {}
    public var cause: CauseID { .targetUnreachable }

    public func evaluate(_ context: DiagnosisContext) -> Finding? {
        let clusters = context.notDispatched.clusters.filter { $0.kind == .subnet }
        guard !clusters.isEmpty else { return nil }
        let count = clusters.reduce(0) { $0 + $1.count }
        var evidence: [Evidence] = []
        for c in clusters.prefix(5) {
            let names = c.targets.map(\.target)
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(c.count) not-dispatched 502s (-1 -1 -1, no target status) on \(names.count) targets of subnet \(c.label) (\(Phrase.list(names))) at the same time, \(Phrase.time(c.first)) to \(Phrase.time(c.last)); \(c.healthyTargetsInSubnet) other target(s) seen in that subnet were fine, targets elsewhere were not affected.",
                    details: [
                        "subnet": c.label, "targets": names.joined(separator: ","), "count": String(c.count),
                        "first": Phrase.time(c.first), "last": Phrase.time(c.last),
                    ],
                    examples: Array(c.targets.compactMap { $0.stats.examples.lines.first }.prefix(2))
                )
            )
        }
        let port =
            clusters.first?.targets.first.flatMap { TargetAddress.port(of: $0.target) }.map(String.init) ?? "<port>"
        let subnets = clusters.map(\.label)
        return Finding(
            id: cause,
            confidence: 0.7,
            count: count,
            evidence: evidence,
            confirm: [
                "CloudWatch TargetConnectionErrorCount per AvailabilityZone: data points only in the zone of \(Phrase.list(subnets)).",
                "The network ACL of \(Phrase.list(subnets)) allows inbound TCP \(port) from the load balancer subnets and outbound 1024-65535 back to them; the targets' security group allows the load balancer's security group on \(port); the route tables were not changed.",
                "CloudTrail in that window: CreateNetworkAclEntry / ReplaceNetworkAclEntry / DeleteNetworkAclEntry / RevokeSecurityGroupIngress / ReplaceRoute events.",
                "`alb-doctor probe` from an instance in a load balancer subnet to one of these targets: a timeout or ICMP unreachable confirms it.",
            ],
            fix: [
                "Allow the load balancer subnets to reach the targets on port \(port) in both the security group and the subnet's network ACL (NACLs are stateless: also allow the return traffic on ephemeral ports 1024-65535).",
                "Undo the network change made at the start of the failures, then watch TargetConnectionErrorCount return to zero.",
            ],
            alternatives: [.targetRefusedConnection]
        )
    }
}
