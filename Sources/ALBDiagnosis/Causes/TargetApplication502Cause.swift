import ALBAccessLog

/// `target-application-502`: the target answered 502 itself and the load balancer passed it on.
public struct TargetApplication502Cause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetApplication502 }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "The target application answered 502 itself" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    /// Health checks answered with a 5xx (`TargetError`) in the minutes of the targets' own 502s. Checks that passed
    /// do not lower it: the target's own 502 status proves the cause, and a working check path says nothing about the
    /// failing one.
    public func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding]) {
        let targets = context.logs.targetRows.filter { $0.stats.signatures[.targetReturned502] > 0 }.map(\.key)
        HealthCheckReading(reasons: ["TargetError"], errors: "502s", passesWeaken: false)
            .apply(id, targets: targets, context: context, findings: &findings)
    }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        AWSReading().apply(context, to: &findings)
    }
}

extension TargetApplication502Cause {
    // MARK: - Access logs

    /// `target-application-502`: the target answered 502 itself and the load balancer passed it on.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .targetApplication502 }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let logs = context.logs
            let count = logs.count(of: .targetReturned502)
            guard count > 0 else { return nil }
            let stats = logs.stats(of: Signature(.targetReturned502))
            let paths = logs.pathRows.filter { $0.stats.signatures[.targetReturned502] > 0 }
                .sorted { $0.stats.signatures[.targetReturned502] > $1.stats.signatures[.targetReturned502] }
            let targets = logs.targetRows.filter { $0.stats.signatures[.targetReturned502] > 0 }
            var evidence = [
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(Phrase.count502(count)) have elb_status_code 502 and target_status_code 502: the target's own answer, passed through by the load balancer.",
                    details: ["count": String(count), "targets": String(targets.count)],
                    examples: Array((stats?.exampleLines ?? []).prefix(2))
                )
            ]
            if let top = paths.first {
                let n = top.stats.signatures[.targetReturned502]
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(Phrase.share(n, of: count)) are on \(top.key) (\(Phrase.percent(Double(n) / Double(max(1, top.stats.requests)))) of its requests), spread over \(targets.count) target(s).",
                        details: ["path": top.key, "path_502": String(n), "path_requests": String(top.stats.requests)]
                    )
                )
            }
            let path = paths.first?.key ?? "the failing path"
            return Finding(
                id: cause,
                confidence: 0.95,
                count: count,
                evidence: evidence,
                confirm: [
                    "CloudWatch HTTPCode_Target_5XX_Count (per TargetGroup) rises with these 502s, while HTTPCode_ELB_502_Count does not.",
                    "The application or proxy logs on the target show 502 responses for \(path) at the same times.",
                ],
                fix: [
                    "The 502 is written by software on the target, often a proxy (nginx, Envoy, a framework gateway) whose upstream failed: find it in the target's logs and fix the upstream it calls.",
                    "The load balancer only forwards this status; changing load balancer settings will not remove it.",
                ]
            )
        }
    }

    // MARK: - Metrics, configuration and CloudTrail

    /// `HTTPCode_Target_5XX_Count` against `HTTPCode_ELB_502_Count`: 5xx answered by the targets themselves.
    struct AWSReading {
        public init() {}

        public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
            let inputs = context.inputs
            guard let target5xx = inputs.total("HTTPCode_Target_5XX_Count"), target5xx > 0 else { return }
            let elb502 = inputs.total("HTTPCode_ELB_502_Count") ?? 0
            let groups = inputs.nonZeroTargetGroupSeries("HTTPCode_Target_5XX_Count").map {
                (TriageAggregator.groupName(fromARN: $0.dimensions["TargetGroup"] ?? "-"), $0.count)
            }
            var details = [
                "metric": "HTTPCode_Target_5XX_Count", "total": String(target5xx), "elb_502": String(elb502),
            ]
            for (group, count) in groups { details["group:" + group] = String(count) }
            let perGroup = groups.isEmpty ? "" : " Per target group: \(Phrase.list(groups.map { "\($0.0) \($0.1)" }))."
            let evidence = Evidence(
                source: .metric,
                summary:
                    "CloudWatch HTTPCode_Target_5XX_Count: \(inputs.loadBalancerSeries("HTTPCode_Target_5XX_Count")?.phrase ?? String(target5xx)) — answers the targets produced themselves (500-599 together); HTTPCode_ELB_502_Count: \(elb502).\(perGroup)",
                details: details
            )
            if var finding = findings[.targetApplication502] {
                finding.strengthen(to: finding.confidence, adding: [evidence])
                findings[.targetApplication502] = finding
            } else if context.logs == nil && elb502 == 0 {
                findings[.targetApplication502] = Finding(
                    id: .targetApplication502,
                    confidence: 0.5,
                    count: target5xx,
                    evidence: [evidence],
                    confirm: [
                        "The access logs show target_status_code 502 on these lines (HTTPCode_Target_5XX_Count also counts 500, 503 and 504)."
                    ],
                    fix: [
                        "The 502 comes from the application or a proxy on the target (nginx/Envoy in front of the app): look at its logs for an upstream failure at those times."
                    ]
                )
            }
        }
    }
}
