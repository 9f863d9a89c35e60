/// `target-connect-timeout` (504): the load balancer could not establish a TCP connection to the
/// target within its fixed 10 s connection timeout.
///
/// Logs: 504, a target, no target status, about 10 s between receiving the request and answering
/// (signature `connect-timeout`), on plain-HTTP targets. Causes the logs cannot separate: a security
/// group or network ACL dropping the SYN (or the return traffic on ephemeral ports 1024–65535), a
/// route, or a target too overloaded to accept. `TargetConnectionErrorCount` and `diagnose`'s
/// network-path check decide.
public struct TargetConnectTimeoutCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .targetConnectTimeout }
    public var title: String { "No connection to the target within 10 s (504)" }
    public var statusCodes: Set<Int> { [504] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let stats = context.statuses.merged(status: 504, id: StatusSignature.connectTimeout), stats.count > 0
        else { return [] }
        let split = ConnectTimeoutSplit(stats, excluding: context.departures)
        guard split.plain > 0 else { return [] }
        var evidence = [
            StatusCauseSupport.lines(
                stats,
                status: 504,
                what:
                    "with a target, no target status and about 10 s between receiving the request and answering (the fixed connection timeout)",
                details: ["plain_targets": String(split.plainTargets.count)]
            ),
            StatusCauseSupport.spread(stats, status: 504),
        ]
        if split.departed > 0 {
            evidence.append(Self.departedEvidence(split.departed))
        }
        if let gaveUp = context.statuses.merged(status: 460) {
            let unanswered = ClientClosedEarlyCause.onUnresponsiveTargets(
                gaveUp,
                context.statuses,
                excluding: context.departures
            )
            if unanswered.count > 0 {
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "Clients also gave up (460) on \(Phrase.list(unanswered.targets, limit: 3)) in the same period: \(unanswered.count) requests, explained by these targets not accepting connections.",
                        details: ["also_460": String(unanswered.count)]
                    )
                )
            }
        }
        if let idle = context.configuration.idleTimeoutSeconds, abs(idle - 10) < 1 {
            evidence.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "The idle timeout is also \(Int(idle)) s, so these durations cannot tell a connection timeout from a response timeout.",
                    details: ["idle_timeout_seconds": String(Int(idle))]
                )
            )
        }
        var alternatives: [CauseID] = []
        if split.tls > 0 { alternatives.append(.targetTLSHandshakeTimeout) }
        if let idle = context.configuration.idleTimeoutSeconds, abs(idle - 10) < 1 {
            alternatives.append(.targetResponseTimeout)
        }
        return [
            Finding(
                id: id,
                confidence: alternatives.contains(.targetResponseTimeout) ? 0.55 : 0.75,
                count: split.plain,
                evidence: evidence,
                confirm: [
                    "CloudWatch TargetConnectionErrorCount (per TargetGroup) has data points at the same minutes.",
                    "The targets' security groups allow the load balancer's security group (or subnets) on the target port; `alb-doctor diagnose` evaluates it.",
                    "The network ACLs of the target subnets allow the target port in from the load balancer subnets and ephemeral ports 1024–65535 back out (and the load balancer subnets' ACLs the reverse).",
                    "The target accepts connections at all under load (listen backlog, CPU, connection limits): `ss -ltn` on the target, or `alb-doctor probe`.",
                ],
                fix: [
                    "Allow the load balancer's security group on the target port in the targets' security group.",
                    "Fix the network ACLs so that return traffic on ephemeral ports 1024–65535 flows between target and load-balancer subnets.",
                    "If the target is overloaded, scale out or raise its accept capacity; deregister targets that stopped listening.",
                ],
                alternatives: alternatives,
                status: 504
            )
        ]
    }

    /// The line saying which timeouts a stop explains instead.
    static func departedEvidence(_ departed: Int) -> Evidence {
        Evidence(
            source: .accessLog,
            summary:
                "\(departed) more 504 connection timeouts were on targets whose traffic ended with them (the target left while registered): target-stopped-while-registered explains them and they are not counted here.",
            details: ["explained_elsewhere": String(departed), "by": CauseID.targetStoppedWhileRegistered.rawValue]
        )
    }
}
