import ALBAccessLog

/// `HealthyHostCount` (Minimum, per target group) in the minutes of the 502s: fewer healthy targets then means
/// the targets were failing their health checks at the same time — they were down or cut off (refused,
/// unreachable), which a keep-alive race does not cause (health checks open a new connection each time).
public struct CombinedHealthyHostRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        let causes: [CauseID] = [.targetRefusedConnection, .targetUnreachable, .targetKeepaliveTimeout]
        guard causes.contains(where: { findings[$0] != nil }) else { return }
        let minutes = Self.minutesWith502s(context)
        guard !minutes.isEmpty else { return }
        var drops: [Evidence] = []
        var reachedZero = false
        for series in inputs.metrics ?? [] where series.name == "HealthyHostCount" {
            guard let dimension = series.dimensions["TargetGroup"], !series.points.isEmpty else { continue }
            let group = inputs.targetGroup(dimension)
            if group?.isLambda == true { continue }
            let name = group?.name ?? TriageAggregator.groupName(fromARN: dimension)
            let registered = Double(group?.targets?.count ?? 0)
            let highest = max(registered, series.points.map(\.value).max() ?? 0)
            // Periods of this series (1, 5 or 60 minutes) that hold a minute with 502s.
            let periods = Set(minutes.map { series.periodStart(containing: $0) })
            let during = series.points.filter {
                periods.contains(series.periodStart(containing: $0.time.microsecondsSinceEpoch))
            }
            guard let lowest = during.min(by: { $0.value < $1.value }), lowest.value < highest else { continue }
            let low = during.filter { $0.value < highest }.count
            let zero = lowest.value == 0
            reachedZero = reachedZero || zero
            let unhealthy = inputs.targetGroupSeries("UnHealthyHostCount", group: dimension)
            let unhealthyRose = (unhealthy?.peak?.value ?? 0) > 0
            var summary =
                "CloudWatch HealthyHostCount (Minimum) of \(name) fell to \(MetricSeries.format(lowest.value)) of \(MetricSeries.format(highest)) at \(Phrase.time(lowest.time.microsecondsSinceEpoch)), in the minutes of the 502s (\(low) of the \(minutes.count) minute\(minutes.count == 1 ? "" : "s") with 502s had fewer healthy targets): targets were failing their health checks at the same time."
            if zero {
                summary +=
                    " With no healthy target the load balancer fails open: it routes requests to every registered target, unhealthy ones included, so the failing targets kept getting requests and answering them with 502s (with no registered target, or only unused ones, it would answer 503 instead)."
            }
            if unhealthy != nil && !unhealthyRose {
                summary +=
                    " UnHealthyHostCount had no data point above 0: a deregistration also lowers HealthyHostCount without raising it."
            }
            drops.append(
                Evidence(
                    source: .metric,
                    summary: summary,
                    details: [
                        "metric": "HealthyHostCount", "target_group": name,
                        "minimum": MetricSeries.format(lowest.value), "highest": MetricSeries.format(highest),
                        "at": Phrase.time(lowest.time.microsecondsSinceEpoch), "minutes_low": String(low),
                    ]
                )
            )
        }
        guard !drops.isEmpty else { return }
        for cause in [CauseID.targetRefusedConnection, .targetUnreachable] {
            guard var finding = findings[cause] else { continue }
            finding.strengthen(to: min(0.9, finding.confidence + 0.05), adding: drops)
            if reachedZero {
                finding.fix.append(
                    "Keep enough healthy capacity while targets restart (rolling deployments that replace a few targets at a time): with no healthy target the load balancer still sends requests to the failing ones."
                )
            }
            findings[cause] = finding
        }
        if var finding = findings[.targetKeepaliveTimeout] {
            let note = Evidence(
                source: .metric,
                summary:
                    "Health checks failing in the same minutes are not explained by a keep-alive race (each health check opens a new connection): targets were going down, so refused connections or a deregistration are likelier for some of these 502s.",
                details: ["metric": "HealthyHostCount"]
            )
            finding.weaken(by: 0.15, floor: 0.2, adding: drops + [note])
            for alternative in [CauseID.targetRefusedConnection, .targetDeregistered]
            where !finding.alternatives.contains(alternative) {
                finding.alternatives.append(alternative)
            }
            findings[.targetKeepaliveTimeout] = finding
        }
    }

    /// The start (µs) of the minute holding `micros`.
    static func minute(of micros: Int64) -> Int64 {
        micros - ((micros % 60_000_000) + 60_000_000) % 60_000_000
    }

    /// Minutes (start, µs) with load-balancer 502s: from the access logs' timeline and the
    /// `HTTPCode_ELB_502_Count` data points.
    static func minutesWith502s(_ context: CombinedContext) -> Set<Int64> {
        var minutes = Set<Int64>()
        for (index, stats) in context.logs?.logs.timeline ?? [:]
        where stats.elb502 - stats.signatures[.targetReturned502] > 0 {
            minutes.insert(index * 60_000_000)
        }
        for point in context.inputs.loadBalancerSeries("HTTPCode_ELB_502_Count")?.points ?? [] where point.value > 0 {
            minutes.insert(minute(of: point.time.microsecondsSinceEpoch))
        }
        return minutes
    }
}
