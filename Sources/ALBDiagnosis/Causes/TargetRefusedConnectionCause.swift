import ALBAccessLog
import ALBWire

/// `target-refused-connection`: not-dispatched 502s concentrated on single targets (TCP RST on connect).
public struct TargetRefusedConnectionCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetRefusedConnection }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Target refused the connection (TCP RST on connect)" }
    public var probeable: Bool { true }
    public var probeOutcome: String? { "a refused connect (TCP RST) confirms it" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        AWSReading().apply(context, to: &findings)
    }
    /// Health checks that FAILed with `ConnectionReset` in the minutes of a target's not-dispatched 502s.
    public func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding]) {
        let targets = context.notDispatched.clusters.filter { $0.kind == .singleTarget }.flatMap(\.targets).map(
            \.target
        )
        HealthCheckReading(reasons: ["ConnectionReset"], errors: "not-dispatched 502s")
            .apply(id, targets: targets, context: context, findings: &findings)
    }
    public func fromProbe(_ observation: ProbeResult) -> Finding? { ProbeReading().evaluate(observation) }
    public func probeHealthy(_ observation: ProbeResult) -> String? {
        return observation.connect.outcome == .connected ? "connected" : nil
    }
    public func fromCapture(_ analysis: CaptureAnalysis) -> Finding? {
        CaptureReading.findings(for: analysis).first
    }
}

extension TargetRefusedConnectionCause {
    // MARK: - Access logs

    /// `target-refused-connection`: not-dispatched 502s concentrated on single targets (TCP RST on connect).
    struct AccessLogReading {
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
            var claims = ErrorClaims()
            for c in clusters {
                for t in c.targets {
                    claims.add(status: 502, target: t.target, count: t.stats.signatures[.notDispatched])
                }
            }
            var finding = Finding(
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
            finding.claims = claims
            return finding
        }
    }

    // MARK: - Probe

    /// `target-refused-connection` from a probe: the target answered the SYN with a RST (nothing listens).
    struct ProbeReading {
        public init() {}
        public var cause: CauseID { .targetRefusedConnection }

        public func evaluate(_ observation: ProbeResult) -> Finding? {
            guard observation.connect.outcome == .refused else { return nil }
            let address = observation.address ?? observation.target.url
            return Finding(
                id: cause,
                title: "Target \(address) refused the connection (TCP RST on connect)",
                confidence: 0.95,
                count: 0,
                evidence: [
                    Evidence(
                        source: .probe,
                        summary:
                            "A TCP connect to \(address) was refused (ECONNREFUSED) after \(Phrase.seconds(observation.connect.seconds)) s: the host answered the SYN with a RST, so nothing listens on that port.",
                        details: [
                            "target": observation.target.url, "address": address, "outcome": "refused",
                            "seconds": Phrase.seconds(observation.connect.seconds),
                        ]
                    )
                ],
                confirm: [
                    "On the target: `ss -ltnp 'sport = :\(Self.port(of: address))'` lists no listener (or one bound to 127.0.0.1 only).",
                    "CloudWatch TargetConnectionErrorCount rises with the 502s, and the access log shows `-1 -1 -1` processing times for them.",
                ],
                fix: [
                    "Start the service, or make it listen on the target group's port on all interfaces (0.0.0.0 / ::), not only on 127.0.0.1.",
                    "Check that the target group port (or the registered port) matches the port the application listens on.",
                    "If the service restarts or crashes, find why in its logs; the health check should take it out of service meanwhile.",
                ],
                alternatives: []
            )
        }

        static func port(of address: String) -> String {
            guard let colon = address.lastIndex(of: ":") else { return "<port>" }
            return String(address[address.index(after: colon)...])
        }
    }

    // MARK: - Packet capture

    /// `target-refused-connection` from a capture: SYNs answered with RST.
    enum CaptureReading {
        /// The finding, if any SYN was refused.
        public static func findings(for o: CaptureAnalysis) -> [Finding] {
            guard o.connections.refused > 0 else { return [] }
            let attempts = o.connections.refused + o.connections.established + o.connections.unansweredSYN
            return [
                Finding(
                    id: .targetRefusedConnection,
                    confidence: 0.95,
                    count: o.connections.refused,
                    evidence: [
                        Evidence(
                            source: .packetCapture,
                            summary:
                                "\(CaptureText.share(o.connections.refused, of: attempts)) connection attempts to the target were answered with RST (nothing listening on the port, or the listen queue overflowing)",
                            details: ["refused": String(o.connections.refused), "attempts": String(attempts)],
                            examples: o.refusedExamples.map(\.line)
                        )
                    ],
                    confirm: [
                        "On the target: `ss -ltnp` shows whether the application listens on the target port (and on 0.0.0.0, not 127.0.0.1).",
                        "CloudWatch TargetConnectionErrorCount rises with the 502s; health checks fail.",
                    ],
                    fix: [
                        "Start the application (or fix its port/bind address) so it listens on the target group's port on all interfaces.",
                        "If it restarts often, use a deregistration delay and health checks so the load balancer stops sending during restarts.",
                    ]
                )
            ]
        }
    }

    // MARK: - Metrics, configuration and CloudTrail

    /// `TargetConnectionErrorCount` against the logs' refused/unreachable findings: data points confirm that new
    /// connections to targets failed; none (read as 0) means the not-dispatched 502s came on reused connections.
    struct AWSReading {
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
                    details["group:" + TriageAggregator.groupName(fromARN: g.dimensions["TargetGroup"] ?? "-")] =
                        String(
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
                for series in (inputs.metrics ?? []).filter({
                    $0.name == "UnHealthyHostCount" && ($0.peak?.value ?? 0) > 0
                }
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
}
