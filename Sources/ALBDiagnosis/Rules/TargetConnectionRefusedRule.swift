/// `target-refused-connection`: not-dispatched 502s concentrated on single targets (TCP RST on connect).
public struct TargetConnectionRefusedRule: DiagnosisRule {
    public init() {}
    public var cause: CauseID { .targetRefusedConnection }

    public func evaluate(_ context: DiagnosisContext) -> Finding? {
        let clusters = context.notDispatched.clusters.filter { $0.kind == .singleTarget }
        guard !clusters.isEmpty else { return nil }
        let count = clusters.reduce(0) { $0 + $1.count }
        var evidence: [Evidence] = []
        for c in clusters.prefix(5) {
            guard let t = c.targets.first else { continue }
            let nd = t.stats.signatures[.notDispatched]
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(nd) not-dispatched 502s (-1 -1 -1, no target status) on \(t.target) between \(Phrase.time(c.first)) and \(Phrase.time(c.last)): \(Phrase.percent(t.notDispatchedRate)) of its \(t.stats.requests) requests, against a median of \(Phrase.percent(context.notDispatched.medianRate)) per target.",
                    details: [
                        "target": t.target, "target_group": t.targetGroup ?? "-", "count": String(nd),
                        "first": Phrase.time(c.first), "last": Phrase.time(c.last),
                        "requests": String(t.stats.requests),
                    ],
                    examples: Array(t.stats.examples.lines.prefix(1))
                )
            )
        }
        let names = clusters.compactMap { $0.targets.first?.target }
        let port =
            clusters.first?.targets.first.flatMap { TargetAddress.port(of: $0.target) }.map(String.init) ?? "<port>"
        return Finding(
            id: cause,
            confidence: 0.6,
            count: count,
            evidence: evidence,
            confirm: [
                "CloudWatch TargetConnectionErrorCount (Sum, per TargetGroup and AvailabilityZone) has data points in the same minutes: the load balancer could not open a connection.",
                "From a host in the load balancer's subnets, `alb-doctor probe` against \(Phrase.list(names, limit: 3)): a refused connection (RST) confirms it.",
                "On the target: is anything listening on port \(port) on all interfaces (`ss -ltnp 'sport = :\(port)'`)? Was the process restarting or crashing then?",
                "A capture on the target (`sudo tcpdump -i any -w refused.pcap 'tcp port \(port)'`) shows the load balancer's SYN answered by RST.",
            ],
            fix: [
                "Make the service listen on the target port on 0.0.0.0 (or ::), not only 127.0.0.1, and keep it running: fix the crash or restart loop seen in its logs.",
                "Tighten the health check (HealthCheckIntervalSeconds, UnhealthyThresholdCount) so a target whose port is closed leaves the rotation quickly.",
                "Check host firewalls (iptables/nftables) for rules that reject the load balancer's addresses.",
            ],
            alternatives: [.targetUnreachable, .targetKeepaliveTimeout]
        )
    }
}
