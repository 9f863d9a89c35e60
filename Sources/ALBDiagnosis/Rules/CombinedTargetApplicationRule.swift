import ALBAccessLog

/// `HTTPCode_Target_5XX_Count` against `HTTPCode_ELB_502_Count`: 5xx answered by the targets themselves.
public struct CombinedTargetApplicationRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        guard let target5xx = inputs.total("HTTPCode_Target_5XX_Count"), target5xx > 0 else { return }
        let elb502 = inputs.total("HTTPCode_ELB_502_Count") ?? 0
        let groups = inputs.nonZeroTargetGroupSeries("HTTPCode_Target_5XX_Count").map {
            (TriageAggregator.groupName(fromARN: $0.dimensions["TargetGroup"] ?? "-"), $0.count)
        }
        var details = ["metric": "HTTPCode_Target_5XX_Count", "total": String(target5xx), "elb_502": String(elb502)]
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
