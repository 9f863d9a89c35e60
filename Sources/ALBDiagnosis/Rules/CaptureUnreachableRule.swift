/// `target-unreachable` from a capture: SYNs never answered and ICMP destination unreachable.
public enum CaptureUnreachableRule {
    /// The finding, if SYNs went unanswered or ICMP reported the target unreachable.
    public static func findings(for o: CaptureObservation) -> [Finding] {
        guard o.unansweredSYNs > 0 || o.icmpUnreachable > 0 else { return [] }
        var evidence: [Evidence] = []
        if o.unansweredSYNs > 0 {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary:
                        "\(o.unansweredSYNs) connection attempt(s) got no answer at all (SYN retransmitted, no SYN/ACK, no RST)",
                    details: ["unanswered_syn": String(o.unansweredSYNs)],
                    examples: o.unansweredExamples
                )
            )
        }
        if o.icmpUnreachable > 0 {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary:
                        "\(o.icmpUnreachable) ICMP destination unreachable message(s) about target connections: \(CaptureRules.list(o.icmpByCode))",
                    details: o.icmpByCode.mapValues(String.init),
                    examples: o.icmpExamples
                )
            )
        }
        return [
            Finding(
                id: .targetUnreachable,
                confidence: o.icmpUnreachable > 0 ? 0.9 : 0.8,
                count: o.unansweredSYNs + o.icmpUnreachable,
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
