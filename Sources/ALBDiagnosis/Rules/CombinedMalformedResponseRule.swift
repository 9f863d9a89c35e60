import ALBAccessLog

/// The connection metrics against the logs' malformed-response finding: no failed connect and no failed TLS
/// handshake means the load balancer reached the targets and got an answer it rejected.
public struct CombinedMalformedResponseRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        guard var finding = findings[.targetMalformedResponse],
            let connections = inputs.total("TargetConnectionErrorCount")
        else { return }
        let tls = inputs.total("TargetTLSNegotiationErrorCount") ?? 0
        if connections == 0 && tls == 0 {
            let elb = inputs.loadBalancerSeries("HTTPCode_ELB_502_Count")
            finding.strengthen(
                to: max(finding.confidence, 0.8),
                adding: [
                    Evidence(
                        source: .metric,
                        summary:
                            "CloudWatch TargetConnectionErrorCount\(inputs.total("TargetTLSNegotiationErrorCount") == nil ? "" : " and TargetTLSNegotiationErrorCount") had no data point in the window (read as 0) while HTTPCode_ELB_502_Count was \(elb?.phrase ?? "not read"): every connection to the targets was made, so the load balancer rejected what the targets sent back.",
                        details: [
                            "metric": "TargetConnectionErrorCount", "total": "0",
                            "elb_502": elb.map { String($0.count) } ?? "-",
                        ]
                    )
                ]
            )
        } else {
            finding.weaken(
                by: 0.1,
                floor: 0.4,
                adding: [
                    Evidence(
                        source: .metric,
                        summary:
                            "CloudWatch TargetConnectionErrorCount: \(connections), TargetTLSNegotiationErrorCount: \(tls) — some connections to the targets failed in the window too, which can also leave responses unfinished.",
                        details: [
                            "metric": "TargetConnectionErrorCount", "total": String(connections),
                            "tls_errors": String(tls),
                        ]
                    )
                ]
            )
        }
        findings[.targetMalformedResponse] = finding
    }
}
