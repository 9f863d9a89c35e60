import ALBAccessLog
import ALBWire

/// `target-unreachable`: not-dispatched 502s on several targets of one subnet at the same time.
public struct TargetUnreachableCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetUnreachable }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Target unreachable from the load balancer" }
    public var probeable: Bool { true }
    public var probeOutcome: String? { "a connect timeout or an ICMP unreachable confirms it" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    /// Health checks that FAILed with `TimedOut` (a security group or route dropping them too) in the minutes
    /// of the subnet's not-dispatched 502s.
    public func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding]) {
        let targets = context.notDispatched.clusters.filter { $0.kind == .subnet }.flatMap(\.targets).map(\.target)
        HealthCheckReading(reasons: HealthCheckReading.timeouts, errors: "not-dispatched 502s")
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

extension TargetUnreachableCause {
    // MARK: - Access logs

    /// `target-unreachable`: not-dispatched 502s on several targets of one subnet at the same time.
    struct AccessLogReading {
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

    // MARK: - Probe

    /// `target-unreachable` from a probe: the connect timed out (SYN dropped) or ICMP said unreachable.
    struct ProbeReading {
        public init() {}
        public var cause: CauseID { .targetUnreachable }

        public func evaluate(_ observation: ProbeResult) -> Finding? {
            let connect = observation.connect
            guard connect.outcome == .unreachable || connect.outcome == .timedOut else { return nil }
            let address = observation.address ?? observation.target.url
            let summary: String
            if connect.outcome == .timedOut {
                summary =
                    "A TCP connect to \(address) got no answer within \(Phrase.seconds(connect.timeout)) s (the load balancer also gives up after 10 s): the SYN or its answer is dropped on the way."
            } else {
                summary =
                    "A TCP connect to \(address) failed after \(Phrase.seconds(connect.seconds)) s with \(connect.detail)."
            }
            return Finding(
                id: cause,
                title:
                    "Target \(address) unreachable (\(connect.outcome == .timedOut ? "connect timed out" : "ICMP unreachable"))",
                confidence: connect.outcome == .timedOut ? 0.75 : 0.85,
                count: 0,
                evidence: [
                    Evidence(
                        source: .probe,
                        summary: summary,
                        details: [
                            "target": observation.target.url, "address": address, "outcome": connect.outcome.rawValue,
                            "seconds": Phrase.seconds(connect.seconds), "timeout": Phrase.seconds(connect.timeout),
                        ]
                    )
                ],
                confirm: [
                    "The probe must run where the load balancer's traffic comes from (an instance in the load balancer's subnets, or with the same security group); from elsewhere a timeout may only mean the probe host is not allowed in.",
                    "CloudWatch TargetConnectionErrorCount rises with the 502s; the access log shows `-1 -1 -1` processing times.",
                    "VPC Flow Logs for the target's ENI show REJECT for traffic from the load balancer subnets on this port.",
                ],
                fix: [
                    "Check the security groups and network ACLs between the load balancer subnets and this port: the target's security group must allow the load balancer's security group (or its subnets' CIDRs) on the target port, and the NACLs must allow that port inbound and the ephemeral ports (1024-65535) back.",
                    "Check that the instance or task is running and that the route tables connect the load balancer subnets with the target's subnet.",
                    "If the network allows the traffic, a full accept queue also drops SYNs silently: on the target, `nstat -az TcpExtListenOverflows` grows; raise the listen backlog or the number of workers.",
                ],
                alternatives: []
            )
        }
    }

    // MARK: - Packet capture

    /// `target-unreachable` from a capture: SYNs never answered and ICMP destination unreachable.
    enum CaptureReading {
        /// The finding, if SYNs went unanswered or ICMP reported the target unreachable.
        public static func findings(for o: CaptureAnalysis) -> [Finding] {
            guard o.connections.unansweredSYN > 0 || o.connections.icmpUnreachable > 0 else { return [] }
            var evidence: [Evidence] = []
            if o.connections.unansweredSYN > 0 {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "\(o.connections.unansweredSYN) connection attempt(s) got no answer at all (SYN retransmitted, no SYN/ACK, no RST)",
                        details: ["unanswered_syn": String(o.connections.unansweredSYN)],
                        examples: o.unansweredExamples.map(\.line)
                    )
                )
            }
            if o.connections.icmpUnreachable > 0 {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "\(o.connections.icmpUnreachable) ICMP destination unreachable message(s) about target connections: \(CaptureText.list(o.icmpByCode))",
                        details: o.icmpByCode.mapValues(String.init),
                        examples: o.icmpExamples.map(\.line)
                    )
                )
            }
            return [
                Finding(
                    id: .targetUnreachable,
                    confidence: o.connections.icmpUnreachable > 0 ? 0.9 : 0.8,
                    count: o.connections.unansweredSYN + o.connections.icmpUnreachable,
                    evidence: evidence,
                    confirm: [
                        "The target's security group allows the load balancer's security group (or subnets) on the target port; network ACLs allow the port and ephemeral ports back.",
                        "Unanswered SYNs captured on the target itself mean the packets arrive but the host drops them (host firewall, full accept queue: `nstat -az TcpExtListenOverflows`).",
                    ],
                    fix: [
                        "Open the target port to the load balancer in the target's security group and network ACLs; check routes.",
                        "If the accept queue overflows, raise the backlog (`net.core.somaxconn`, the server's listen backlog) or add capacity.",
                    ],
                    alternatives: [.targetRefusedConnection]
                )
            ]
        }
    }
}
