/// `target-application-502`: the target answered 502 itself and the load balancer passed it on.
public struct TargetApplication502Rule: DiagnosisRule {
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
