import ALBAccessLog

/// `health-check-misconfigured`: a target FAILs its health checks with `ResponseCodeMismatch` or
/// `ResponseStringMismatch` (it answers, but not what the check expects) while ordinary traffic to the same
/// target succeeds: a wrong health check path, port or matcher rather than a sick target.
///
/// It explains no error itself (count 0, no status code): when every target of a group fails its checks the
/// load balancer fails open and routes to all of them; when only some fail, they leave the rotation and the
/// others take their load. Read from the health-check logs joined with the access log on the target.
public struct HealthCheckMisconfiguredCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .healthCheckMisconfigured }
    public var statusCodes: Set<Int> { [] }
    public var title: String { "Health check fails while traffic to the target succeeds (wrong path or matcher)" }

    /// The reason codes of a check that got an answer it did not expect.
    static let mismatches: Set<String> = ["ResponseCodeMismatch", "ResponseStringMismatch"]

    public func fromLogs(_ context: DiagnosisContext) -> Finding? {
        guard let checks = context.loadBalancerLogs?.healthChecks else { return nil }
        var evidence: [Evidence] = []
        var withTraffic = 0
        var groups: [String] = []
        for row in checks.targetRows {
            let mismatched = row.failures(Self.mismatches)
            guard mismatched >= 3, mismatched * 2 >= row.fail else { continue }
            let traffic = context.logs.targetRows.first { $0.key == row.target }?.stats
            let ordinary = traffic.map { $0.requests - $0.elb502 } ?? 0
            let overlaps =
                traffic.map { t in
                    guard let a = t.non502Span.first, let b = t.non502Span.last, let f = row.failSpan.first,
                        let l = row.failSpan.last
                    else { return false }
                    return a <= l && f <= b
                } ?? false
            let succeeding = ordinary > 0 && overlaps && (traffic?.elb502 ?? 0) * 20 <= (traffic?.requests ?? 0)
            if succeeding { withTraffic += 1 }
            if !groups.contains(row.targetGroup) { groups.append(row.targetGroup) }
            let codes = row.failStatusCodes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) × \($0.value)" }
            let reasons = row.failReasons.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }
            var summary =
                "Health checks of \(row.target) (target group \(row.targetGroup)) FAILed \(row.fail) of \(row.pass + row.fail) times between \(Phrase.time(row.failSpan.first)) and \(Phrase.time(row.failSpan.last)) (\(reasons.joined(separator: ", "))), answered with status \(codes.joined(separator: ", "))"
            if succeeding, let t = traffic {
                summary +=
                    "; meanwhile the access log shows \(ordinary) of its \(t.requests) requests answered without a load-balancer 502 (until \(Phrase.time(t.non502Span.last)))."
            } else {
                summary += "; the access log shows no ordinary traffic to it then."
            }
            evidence.append(
                Evidence(
                    source: .healthCheckLog,
                    summary: summary,
                    details: [
                        "target": row.target, "target_group": row.targetGroup, "failed_checks": String(row.fail),
                        "mismatched_checks": String(mismatched),
                        "check_status_codes": row.failStatusCodes.keys.sorted().joined(separator: ","),
                        "requests": String(traffic?.requests ?? 0), "ordinary_requests": String(ordinary),
                    ],
                    examples: row.failExamples
                )
            )
        }
        guard !evidence.isEmpty else { return nil }
        let group = groups.first ?? "<target-group>"
        return Finding(
            id: id,
            confidence: withTraffic > 0 ? 0.75 : 0.45,
            count: 0,
            evidence: Array(evidence.prefix(5)),
            confirm: [
                "The target group's health check settings: `aws elbv2 describe-target-groups --names \(group) --query 'TargetGroups[].[HealthCheckPath,HealthCheckPort,Matcher]'`; request that path on a target yourself (`curl -si http://<target>/<path>`) and compare its status with the matcher.",
                "`aws elbv2 describe-target-health --target-group-arn <arn>`: Target.ResponseCodeMismatch in TargetHealth.Reason with the same codes as the checks above.",
            ],
            fix: [
                "Point the health check at a path every target answers with a status the matcher accepts (HealthCheckPath, Matcher such as 200-399), on the port the application listens on.",
                "If the application redirects (301/302) or requires a Host header or authentication on that path, give it an unauthenticated health endpoint that answers 200.",
            ],
            alternatives: [.targetApplication502]
        )
    }
}
