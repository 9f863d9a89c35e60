import ALBAccessLog

/// `TargetTLSNegotiationErrorCount` and HTTPS target groups: TLS handshakes to targets failed.
public struct CombinedTLSRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        let https = (inputs.targetGroups ?? []).filter(\.isHTTPS)
        var config: [Evidence] = []
        if !https.isEmpty {
            let policies = inputs.loadBalancer?.tlsPolicies ?? []
            let backend =
                policies.contains { $0.uppercased().contains("TLS13") }
                ? "ELBSecurityPolicy-TLS13-1-0-2021-06" : "ELBSecurityPolicy-2016-08"
            config.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "Target group\(https.count == 1 ? "" : "s") \(Phrase.list(https.map { "\($0.name) (HTTPS, port \($0.port.map(String.init) ?? "-"))" })) make the load balancer speak TLS to the targets; with listener polic\(policies.count == 1 ? "y" : "ies") \(policies.isEmpty ? "none (no HTTPS listener)" : Phrase.list(policies)) it offers the targets what \(backend) allows.",
                    details: ["target_groups": https.map(\.name).joined(separator: ","), "backend_policy": backend]
                )
            )
        }
        guard let total = inputs.total("TargetTLSNegotiationErrorCount") else {
            if var finding = findings[.targetTLSHandshakeFailed], !config.isEmpty {
                finding.evidence += config
                findings[.targetTLSHandshakeFailed] = finding
            }
            return
        }
        let series = inputs.loadBalancerSeries("TargetTLSNegotiationErrorCount")
        if total > 0 {
            let metric = Evidence(
                source: .metric,
                summary:
                    "CloudWatch TargetTLSNegotiationErrorCount: \(series?.phrase ?? String(total)) — TLS handshakes from the load balancer to targets failed.",
                details: ["metric": "TargetTLSNegotiationErrorCount", "total": String(total)]
            )
            if var finding = findings[.targetTLSHandshakeFailed] {
                finding.strengthen(to: https.isEmpty ? 0.8 : 0.92, adding: [metric] + config)
                findings[.targetTLSHandshakeFailed] = finding
            } else {
                findings[.targetTLSHandshakeFailed] = Finding(
                    id: .targetTLSHandshakeFailed,
                    confidence: https.isEmpty ? 0.6 : 0.85,
                    count: total,
                    evidence: [metric] + config,
                    confirm: [
                        "From inside the VPC: `alb-doctor probe --load-balancer \(inputs.loadBalancer?.name ?? "<name>")` reports the handshake alert per target.",
                        "`openssl s_client -connect <target-ip>:<port> -tls1_2` from an instance in the load balancer's subnets.",
                    ],
                    fix: [
                        "Let the targets accept the protocol versions and ciphers of the back-end policy above (TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 works with every policy); a target that only allows TLS 1.3 or exotic ciphers fails.",
                        "If TLS to the targets is not needed, use an HTTP target group.",
                    ],
                    alternatives: [.targetRefusedConnection]
                )
            }
            if var refused = findings[.targetRefusedConnection], (inputs.total("TargetConnectionErrorCount") ?? 1) == 0
            {
                refused.weaken(by: 0.2, adding: [metric])
                findings[.targetRefusedConnection] = refused
            }
        } else if var finding = findings[.targetTLSHandshakeFailed] {
            let none = Evidence(
                source: .metric,
                summary:
                    "CloudWatch TargetTLSNegotiationErrorCount: \(series?.phrase ?? "0") — no TLS handshake to a target failed in the window.",
                details: ["metric": "TargetTLSNegotiationErrorCount", "total": "0"]
            )
            finding.weaken(by: https.isEmpty && inputs.targetGroups != nil ? 0.45 : 0.3, adding: [none] + config)
            findings[.targetTLSHandshakeFailed] = finding
        }
    }
}
