import ALBAccessLog

/// The load balancer's own logs besides the access logs, aggregated: the health-check logs (per target and
/// target group, per minute) and the connection logs (TLS verify failures, the connections of the access
/// log's 502s). ``DiagnosisContext/loadBalancerLogs`` holds them when any were read; causes read them in
/// ``Cause/weighLoadBalancerLogs(_:findings:)`` (the join) and ``Cause/fromLogs(_:)`` (the findings only they
/// can show).
public struct LoadBalancerLogs: Sendable {
    /// The health-check logs, when any were read.
    public var healthChecks: HealthCheckAggregator?
    /// The connection logs, when any were read.
    public var connections: ConnectionAggregator?

    /// Creates the value.
    public init(healthChecks: HealthCheckAggregator? = nil, connections: ConnectionAggregator? = nil) {
        self.healthChecks = healthChecks
        self.connections = connections
    }

    /// What the health checks of one target show in a set of minutes (``LoadBalancerLogs/join(target:minutes:reasons:)``).
    public struct TargetJoin: Sendable, Hashable {
        /// The target (`ip:port`).
        public var target: String
        /// Its target group names in the health-check logs.
        public var targetGroups: [String]
        /// Minutes (µs / 60 000 000) with both errors in the access log and failed checks with one of the reasons.
        public var minutes: [Int64]
        /// Failed checks with one of the reasons in those minutes, per reason.
        public var failures: [String: Int]
        /// Passed checks in the minutes of the errors.
        public var passesInErrorMinutes: Int
        /// Minutes of errors the health-check logs have checks of the target for.
        public var checkedErrorMinutes: Int
        /// Whether the target's checks are made over TLS.
        public var usesTLS: Bool
        /// Failed check lines, verbatim.
        public var examples: [String]

        /// Failed checks with one of the reasons in the error minutes.
        public var failureCount: Int { failures.values.reduce(0, +) }
    }

    /// Joins one target's health checks with the minutes of its errors: the failed checks with one of
    /// `reasons` (all failures when empty) in those minutes. `nil` when the health-check logs have no check of
    /// the target.
    public func join(target: String, minutes: Set<Int64>, reasons: Set<String> = []) -> TargetJoin? {
        guard let rows = healthChecks?.rows(target: target), !rows.isEmpty else { return nil }
        var matched = Set<Int64>()
        var failures: [String: Int] = [:]
        var passes = 0
        var checked = Set<Int64>()
        for row in rows {
            for minute in minutes {
                guard let checks = row.minutes[minute] else { continue }
                checked.insert(minute)
                passes += checks.pass
                for (reason, n) in checks.reasons where reasons.isEmpty || reasons.contains(reason) {
                    failures[reason, default: 0] += n
                    matched.insert(minute)
                }
            }
        }
        return TargetJoin(
            target: target,
            targetGroups: rows.map(\.targetGroup),
            minutes: matched.sorted(),
            failures: failures,
            passesInErrorMinutes: passes,
            checkedErrorMinutes: checked.count,
            usesTLS: rows.contains { $0.usesTLS },
            examples: Array(rows.flatMap(\.failExamples).prefix(2))
        )
    }

    /// The evidence of a join: the target, its minutes, counts and reasons (`nil` when no failure matched).
    public static func evidence(_ join: TargetJoin, errors: String) -> Evidence? {
        guard join.failureCount > 0, let first = join.minutes.first, let last = join.minutes.last else { return nil }
        let reasons = join.failures.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let reasonText = reasons.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        let span =
            first == last
            ? "in the minute \(UTCTime.iso8601Minute(micros: first * 60_000_000))"
            : "in \(join.minutes.count) minutes between \(UTCTime.iso8601Minute(micros: first * 60_000_000)) and \(UTCTime.iso8601Minute(micros: last * 60_000_000))"
        var details = [
            "target": join.target,
            "target_group": join.targetGroups.joined(separator: ","),
            "failed_checks": String(join.failureCount),
            "reasons": reasons.map(\.key).joined(separator: ","),
            "minutes": String(join.minutes.count),
            "first_minute": UTCTime.iso8601Minute(micros: first * 60_000_000),
            "last_minute": UTCTime.iso8601Minute(micros: last * 60_000_000),
            "passed_checks": String(join.passesInErrorMinutes),
        ]
        if join.usesTLS { details["check_type"] = "https" }
        return Evidence(
            source: .healthCheckLog,
            summary:
                "Health checks of \(join.target) (target group \(Phrase.list(join.targetGroups))) FAILed \(join.failureCount) time\(join.failureCount == 1 ? "" : "s") (\(reasonText)) \(span), the minutes of its \(errors); \(join.passesInErrorMinutes) passed in those minutes.",
            details: details,
            examples: join.examples
        )
    }
}
