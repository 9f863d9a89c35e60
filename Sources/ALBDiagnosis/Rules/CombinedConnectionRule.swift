import ALBAccessLog

/// `TargetConnectionErrorCount` against the logs' refused/unreachable findings: data points confirm that new
/// connections to targets failed; none (read as 0) means the not-dispatched 502s came on reused connections.
public struct CombinedConnectionRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        guard let total = inputs.total("TargetConnectionErrorCount") else { return }
        let groups = inputs.nonZeroTargetGroupSeries("TargetConnectionErrorCount")
        let perGroup = groups.map {
            "\(TriageAggregator.groupName(fromARN: $0.dimensions["TargetGroup"] ?? "-")) \($0.count)"
        }
        let series = inputs.loadBalancerSeries("TargetConnectionErrorCount")
        if total > 0 {
            var summary =
                "CloudWatch TargetConnectionErrorCount: \(series?.phrase ?? String(total)) — the load balancer could not open TCP connections to targets (refused with a reset, or no answer)."
            if !perGroup.isEmpty { summary += " Per target group: \(Phrase.list(perGroup))." }
            var details = ["metric": "TargetConnectionErrorCount", "total": String(total)]
            for g in groups {
                details["group:" + TriageAggregator.groupName(fromARN: g.dimensions["TargetGroup"] ?? "-")] = String(
                    g.count
                )
            }
            let metric = Evidence(source: .metric, summary: summary, details: details)
            var health: [Evidence] = []
            for group in inputs.targetGroups ?? [] {
                let bad = (group.targets ?? []).filter { $0.state == "unhealthy" || $0.state == "unavailable" }
                guard !bad.isEmpty else { continue }
                let names = bad.map { "\($0.logAddress ?? $0.id) (\($0.reason ?? $0.state))" }
                health.append(
                    Evidence(
                        source: .configuration,
                        summary:
                            "Target group \(group.name): \(bad.count) target\(bad.count == 1 ? "" : "s") failing health checks now: \(Phrase.list(names)).",
                        details: ["target_group": group.name, "unhealthy": String(bad.count)]
                    )
                )
            }
            for series in (inputs.metrics ?? []).filter({ $0.name == "UnHealthyHostCount" && ($0.peak?.value ?? 0) > 0 }
            ) {
                let group = TriageAggregator.groupName(fromARN: series.dimensions["TargetGroup"] ?? "-")
                health.append(
                    Evidence(
                        source: .metric,
                        summary:
                            "CloudWatch UnHealthyHostCount of \(group) reached \(MetricSeries.format(series.peak?.value ?? 0)) in the window (at \(Phrase.time(series.peak?.time.microsecondsSinceEpoch))): targets failed their health checks too.",
                        details: [
                            "metric": "UnHealthyHostCount", "target_group": group,
                            "maximum": MetricSeries.format(series.peak?.value ?? 0),
                        ]
                    )
                )
            }
            var touched = false
            for cause in [CauseID.targetRefusedConnection, .targetUnreachable] {
                if var finding = findings[cause] {
                    finding.strengthen(to: min(0.9, finding.confidence + 0.2), adding: [metric] + health)
                    findings[cause] = finding
                    touched = true
                }
            }
            if !touched && context.logs == nil {
                findings[.targetRefusedConnection] = Finding(
                    id: .targetRefusedConnection,
                    confidence: 0.55,
                    count: total,
                    evidence: [metric] + health,
                    confirm: [
                        "Access logs of the same minutes: not-dispatched 502s (`-1 -1 -1`, no target status) name the failing targets (enable access logs, or pass --logs).",
                        "`alb-doctor probe --load-balancer \(inputs.loadBalancer?.name ?? "<name>")` from inside the VPC: a refused connect (RST) or a timeout per target.",
                    ],
                    fix: [
                        "Make the application listen on the target group's port on every registered target (check the process is up and bound to 0.0.0.0, not 127.0.0.1).",
                        "If connects time out rather than being refused, open the security group and network ACL of the targets to the load balancer's subnets on that port.",
                    ],
                    alternatives: [.targetUnreachable]
                )
            }
        } else {
            let none = Evidence(
                source: .metric,
                summary:
                    "CloudWatch TargetConnectionErrorCount: \(series?.phrase ?? "0") — no new connection to a target failed, so these 502s came on connections that already existed (a closed keep-alive connection) rather than on refused connects.",
                details: ["metric": "TargetConnectionErrorCount", "total": "0"]
            )
            for cause in [CauseID.targetRefusedConnection, .targetUnreachable] {
                if var finding = findings[cause] {
                    finding.weaken(by: 0.25, adding: [none])
                    if !finding.alternatives.contains(.targetKeepaliveTimeout) {
                        finding.alternatives.append(.targetKeepaliveTimeout)
                    }
                    findings[cause] = finding
                }
            }
        }
    }
}
