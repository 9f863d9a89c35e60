/// What CloudWatch alone says about one load balancer's 5xx, for `alb-doctor scan`: who produced the errors
/// (``SourceAttribution``), the likely cause and the one-line verdict.
///
/// The 502 causes read the metrics through their own ``Cause/weigh(_:findings:)`` and the cross-cause rules
/// (``CombinedDiagnosis`` without logs). The other codes have no metric-only reading in their causes, so this
/// type adds the few the metrics can carry, each as the cause's own finding:
///
/// - `HTTPCode_ELB_504_Count` with `TargetConnectionErrorCount` → `target-connect-timeout`, without it →
///   `target-response-timeout`;
/// - `HTTPCode_ELB_503_Count` with a target group whose `HealthyHostCount` minimum was 0 (or no target group
///   at all) → `no-registered-targets`;
/// - `HTTPCode_Target_5XX_Count` → `target-application-error` (the targets' own answers).
///
/// No log line was read, so every finding is then weakened (``Finding/weaken(by:floor:adding:)``) to at most
/// ``ceiling``, with an evidence line saying so: a scan ranks and points, `diagnose` decides.
public struct MetricsVerdict: Sendable, Hashable {
    /// The confidence a metric-only finding keeps at most.
    public static let ceiling = 0.5

    /// Who produced the errors, from `HTTPCode_ELB_502_Count` against `HTTPCode_Target_5XX_Count`.
    public var attribution: SourceAttribution?
    /// The likely causes, most likely first (confidence at most ``ceiling``).
    public var findings: [Finding]
    /// 5xx the load balancer generated (`HTTPCode_ELB_5XX_Count`, or the sum of 500/502/503/504 when larger).
    public var elb5xx: Int
    /// 5xx the targets answered (`HTTPCode_Target_5XX_Count`).
    public var target5xx: Int
    /// `RequestCount` over the window.
    public var requests: Int
    /// The one-line verdict.
    public var summary: String

    /// Reads `inputs` (metrics of one load balancer, its target groups without targets).
    public init(inputs: EvidenceInputs) {
        let combined = CombinedDiagnosis(logs: nil, inputs: inputs)
        attribution = combined.attribution
        let byCode = [500, 502, 503, 504].reduce(0) { $0 + (inputs.total("HTTPCode_ELB_\($1)_Count") ?? 0) }
        elb5xx = max(inputs.total("HTTPCode_ELB_5XX_Count") ?? 0, byCode)
        target5xx = inputs.total("HTTPCode_Target_5XX_Count") ?? 0
        requests = inputs.total("RequestCount") ?? 0
        var byCause: [CauseID: Finding] = [:]
        for finding in combined.findings { byCause[finding.id] = finding }
        for finding in Self.statusFindings(inputs) where byCause[finding.id] == nil { byCause[finding.id] = finding }
        let note = Evidence(
            source: .metric,
            summary:
                "From CloudWatch alone (no access log read): the cause family, not the cause; `alb-doctor diagnose` reads the logs and confirms or rules it out.",
            details: ["ceiling": String(Self.ceiling)]
        )
        findings = Finding.ranked(
            byCause.values.map { finding in
                var capped = finding
                capped.weaken(by: max(0, finding.confidence - Self.ceiling), floor: 0.1, adding: [note])
                return capped
            }
        )
        summary = Self.summary(
            elb5xx: elb5xx,
            target5xx: target5xx,
            requests: requests,
            attribution: attribution,
            top: findings.first
        )
    }

    /// Errors of both origins.
    public var errors: Int { elb5xx + target5xx }

    /// Errors per request (0 without requests).
    public var errorRate: Double { requests > 0 ? Double(errors) / Double(requests) : 0 }

    static func statusFindings(_ inputs: EvidenceInputs) -> [Finding] {
        var out: [Finding] = []
        let connect = inputs.total("TargetConnectionErrorCount") ?? 0
        if let n504 = inputs.total("HTTPCode_ELB_504_Count"), n504 > 0 {
            let id: CauseID = connect > 0 ? .targetConnectTimeout : .targetResponseTimeout
            out.append(
                Finding(
                    id: id,
                    confidence: 0.4,
                    count: n504,
                    evidence: [
                        Evidence(
                            source: .metric,
                            summary: connect > 0
                                ? "CloudWatch HTTPCode_ELB_504_Count: \(n504), with TargetConnectionErrorCount \(connect): connections to targets that did not open within 10 s."
                                : "CloudWatch HTTPCode_ELB_504_Count: \(n504), TargetConnectionErrorCount 0: the targets accepted the connection but did not answer within the idle timeout.",
                            details: ["metric": "HTTPCode_ELB_504_Count", "total": String(n504)]
                        )
                    ],
                    confirm: ["The access logs' 504 lines: request_processing_time and target_processing_time of -1."],
                    status: 504
                )
            )
        }
        if let n503 = inputs.total("HTTPCode_ELB_503_Count"), n503 > 0 {
            let healthy = (inputs.metrics ?? []).filter { $0.name == "HealthyHostCount" && !$0.points.isEmpty }
            let empty = healthy.filter { series in series.points.contains { $0.value == 0 } }
            let groups = inputs.targetGroups ?? []
            if groups.isEmpty || !empty.isEmpty {
                let names = empty.map { TriageAggregator.groupName(fromARN: $0.dimensions["TargetGroup"] ?? "-") }
                out.append(
                    Finding(
                        id: .noRegisteredTargets,
                        confidence: 0.45,
                        count: n503,
                        evidence: [
                            Evidence(
                                source: .metric,
                                summary: groups.isEmpty
                                    ? "CloudWatch HTTPCode_ELB_503_Count: \(n503), and the load balancer has no target group."
                                    : "CloudWatch HTTPCode_ELB_503_Count: \(n503), while HealthyHostCount of \(Phrase.list(names)) fell to 0: no target to send requests to.",
                                details: ["metric": "HTTPCode_ELB_503_Count", "total": String(n503)]
                            )
                        ],
                        confirm: [
                            "`aws elbv2 describe-target-health` of the target group: registered targets and their state."
                        ],
                        status: 503
                    )
                )
            }
        }
        if let target = inputs.total("HTTPCode_Target_5XX_Count"), target > 0 {
            out.append(
                Finding(
                    id: .targetApplicationError,
                    confidence: 0.45,
                    count: target,
                    evidence: [
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch HTTPCode_Target_5XX_Count: \(target): the targets answered 5xx themselves and the load balancer passed them on.",
                            details: ["metric": "HTTPCode_Target_5XX_Count", "total": String(target)]
                        )
                    ],
                    confirm: ["The application's own logs for the minutes of the errors."],
                    status: 500
                )
            )
        }
        return out
    }

    static func summary(
        elb5xx: Int,
        target5xx: Int,
        requests: Int,
        attribution: SourceAttribution?,
        top: Finding?
    ) -> String {
        guard elb5xx + target5xx > 0 else {
            return requests > 0 ? "No 5xx in \(requests) requests." : "No traffic and no 5xx in the window."
        }
        let who: String =
            switch (elb5xx > 0, target5xx > 0) {
            case (true, false): "the load balancer generated them (\(elb5xx) ELB 5xx, no target 5xx)"
            case (false, true): "the targets answered them (\(target5xx) target 5xx, no ELB 5xx)"
            default: "both: \(elb5xx) from the load balancer, \(target5xx) from the targets"
            }
        guard let top else { return "5xx: \(who); no cause family stands out in the metrics." }
        return
            "5xx: \(who); likely \(top.id.rawValue) (\(Phrase.percent(top.confidence)) from metrics alone)."
    }
}
