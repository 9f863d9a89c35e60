import ALBAccessLog

/// CloudTrail `RegisterTargets` against the logs: a target whose not-dispatched 502s start right after it was
/// registered, before it answered any request, received traffic before its application was listening.
public struct CombinedRegistrationRule: CombinedRule {
    public init() {}

    /// How long after the registration the first 502 may come and still be tied to it, µs.
    static let window: Int64 = 300_000_000
    /// How early (clock differences between CloudTrail and the logs), µs.
    static let slack: Int64 = 5_000_000

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        guard let logs = context.logs, let changes = inputs.targetChanges else { return }
        let registrations = changes.filter { $0.name == "RegisterTargets" }
        guard !registrations.isEmpty else { return }
        var stats: [String: TargetStats] = [:]
        for row in logs.logs.targetRows where row.stats.signatures[.notDispatched] > 0 { stats[row.key] = row.stats }
        var evidence: [Evidence] = []
        var count = 0
        var seen = Set<String>()
        var groups: [TargetGroupSnapshot] = []
        for event in registrations {
            let group = inputs.targetGroup(event.targetGroupARN)
            let groupName =
                group?.name ?? event.targetGroupARN.map(TriageAggregator.groupName(fromARN:)) ?? "a target group"
            let at = event.time.microsecondsSinceEpoch
            for target in event.targets {
                guard let address = TargetDeregisteredCause.AWSReading.address(of: target, group: group),
                    !seen.contains(address), let facts = stats[address],
                    let first = facts.spanNotDispatched.first, let last = facts.spanNotDispatched.last,
                    first >= at - Self.slack, first - at <= Self.window
                else { continue }
                // It answered nothing before failing: the failures are its first requests.
                if let answered = facts.non502Span.first, answered < first { continue }
                seen.insert(address)
                if let group, !groups.contains(where: { $0.arn == group.arn }) { groups.append(group) }
                let n = facts.signatures[.notDispatched]
                count += n
                let answered = facts.non502Span.first
                let after = Double(first - at) / 1_000_000
                evidence.append(
                    Evidence(
                        source: .cloudtrail,
                        summary:
                            "CloudTrail: RegisterTargets for \(address) in \(groupName) at \(Phrase.time(at))\(event.caller.map { " by \($0)" } ?? ""); its first not-dispatched 502 came \(Phrase.seconds(max(0, after))) s later, \(n) in all until \(Phrase.time(last))\(answered.map { ", before its first answered request at \(Phrase.time($0))" } ?? " with no answered request at all"): the target received traffic before its application was listening.",
                        details: [
                            "event": "RegisterTargets", "target": address, "target_group": groupName,
                            "registered_at": Phrase.time(at), "first_502": Phrase.time(first),
                            "last_502": Phrase.time(last), "count": String(n),
                            "seconds_after_registration": Phrase.seconds(after),
                        ]
                    )
                )
            }
        }
        guard !evidence.isEmpty else { return }
        let checks = groups.map { "\($0.name) (path \($0.healthCheckPath ?? "-"))" }
        let fix = [
            "A new target gets requests once it passes its health check (or at once when no target is healthy, as the load balancer then fails open): make the health check\(checks.isEmpty ? "" : " of \(Phrase.list(checks))") test the application itself on the traffic port, so a target whose application is not listening yet stays out of rotation.",
            "Register targets only after their application is up: a deployment hook, or with Auto Scaling a launch lifecycle hook that holds the instance until it is ready.",
            "If the application also needs to warm up once it listens, enable slow start (slow_start.duration_seconds, 30-900 s) so a new target's share of requests grows gradually.",
        ]
        let cause: CauseID =
            findings[.targetRefusedConnection] == nil && findings[.targetUnreachable] != nil
            ? .targetUnreachable : .targetRefusedConnection
        var finding =
            findings[cause]
            ?? Finding(
                id: .targetRefusedConnection,
                confidence: 0.7,
                count: count,
                evidence: [],
                confirm: [],
                fix: [],
                alternatives: [.targetUnreachable]
            )
        finding.strengthen(to: max(finding.confidence, 0.85), adding: evidence)
        finding.fix.insert(contentsOf: fix, at: 0)
        finding.confirm.insert(
            "The application's own start-up log on \(Phrase.list(Array(seen).sorted(), limit: 3)) shows it began listening after the first of these 502s.",
            at: 0
        )
        findings[cause] = finding
    }
}
