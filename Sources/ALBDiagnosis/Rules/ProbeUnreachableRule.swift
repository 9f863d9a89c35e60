/// `target-unreachable` from a probe: the connect timed out (SYN dropped) or ICMP said unreachable.
public struct ProbeUnreachableRule: ProbeRule {
    public init() {}
    public var cause: CauseID { .targetUnreachable }

    public func evaluate(_ observation: ProbeObservation) -> Finding? {
        let connect = observation.connect
        guard connect.outcome == .unreachable || connect.outcome == .timedOut else { return nil }
        let address = observation.address ?? observation.target
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
                        "target": observation.target, "address": address, "outcome": connect.outcome.rawValue,
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
