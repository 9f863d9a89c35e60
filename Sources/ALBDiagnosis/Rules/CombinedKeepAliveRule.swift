import ALBAccessLog

/// The load balancer's idle timeout and the connection-error metric against the keep-alive finding.
public struct CombinedKeepAliveRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        let idle = inputs.loadBalancer?.idleTimeoutSeconds
        var config: [Evidence] = []
        if let idle {
            config.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "The load balancer's idle timeout is \(idle) s (idle_timeout.timeout_seconds): every target must keep idle connections open longer than that, e.g. \(idle + 5) s.",
                    details: ["idle_timeout_seconds": String(idle)]
                )
            )
        }
        let connections = inputs.total("TargetConnectionErrorCount")
        let tls = inputs.total("TargetTLSNegotiationErrorCount")
        if var finding = findings[.targetKeepaliveTimeout] {
            var added = config
            var minimum = finding.confidence
            if let tls, tls > 0 {
                added.append(
                    Evidence(
                        source: .metric,
                        summary:
                            "CloudWatch TargetTLSNegotiationErrorCount: \(tls) — TLS handshakes to targets failed in the window, which also gives not-dispatched 502s; the keep-alive reading is weaker.",
                        details: ["metric": "TargetTLSNegotiationErrorCount", "total": String(tls)]
                    )
                )
                finding.weaken(by: 0.2, adding: [])
                minimum = finding.confidence
                if !finding.alternatives.contains(.targetTLSHandshakeFailed) {
                    finding.alternatives.append(.targetTLSHandshakeFailed)
                }
            } else if connections == 0 {
                added.append(
                    Evidence(
                        source: .metric,
                        summary:
                            "CloudWatch TargetConnectionErrorCount has no data point in the window (read as 0): no new connection failed, as expected when targets close reused keep-alive connections.",
                        details: ["metric": "TargetConnectionErrorCount", "total": "0"]
                    )
                )
                minimum = max(minimum, 0.8)
            }
            if let idle {
                finding.fix.insert(
                    "Set every target's keep-alive idle timeout above this load balancer's \(idle) s idle timeout (e.g. \(idle + 5) s), or lower the idle timeout below the targets' keep-alive timeout.",
                    at: 0
                )
            }
            finding.strengthen(to: minimum, adding: added)
            findings[.targetKeepaliveTimeout] = finding
            return
        }
        // Without logs: ELB 502s with no connection or TLS error and no Lambda target fit keep-alive best.
        guard context.logs == nil, let elb502 = inputs.total("HTTPCode_ELB_502_Count"), elb502 > 0,
            connections == 0, tls ?? 0 == 0,
            !(inputs.targetGroups ?? []).contains(where: \.isLambda)
        else { return }
        let metric = Evidence(
            source: .metric,
            summary:
                "CloudWatch: \(elb502) HTTPCode_ELB_502_Count while TargetConnectionErrorCount\(tls == nil ? "" : " and TargetTLSNegotiationErrorCount") had no data point (read as 0): connections were made, then the targets gave no valid response.",
            details: ["elb_502": String(elb502), "target_connection_errors": "0"]
        )
        findings[.targetKeepaliveTimeout] = Finding(
            id: .targetKeepaliveTimeout,
            confidence: 0.35,
            count: elb502,
            evidence: [metric] + config,
            confirm: [
                "Access logs of the same minutes: no-valid-response 502s spread over all targets with target_processing_time under 10 ms (enable access logs, or pass --logs).",
                "`alb-doctor probe --load-balancer \(inputs.loadBalancer?.name ?? "<name>")` measures how long each target keeps an idle connection.",
            ],
            fix: [
                "Set every target's keep-alive idle timeout above the load balancer idle timeout\(idle.map { " (\($0) s)" } ?? "")."
            ],
            alternatives: [.targetMalformedResponse, .targetDeregistered]
        )
    }
}
