import ALBAccessLog

/// Weighs the status causes with what `diagnose` gathered: the per-code CloudWatch metrics of the
/// load balancer and the metrics that separate the 504 causes.
///
/// - `HTTPCode_ELB_500/503/504_Count` (and `HTTPCode_ELB_4XX_Count` for 460/463/464) with data
///   points confirm that the load balancer generated the code (confidence +0.05), and are shown next
///   to the logs' count;
/// - `TargetConnectionErrorCount` > 0 supports `target-connect-timeout` (+0.1); none at all while the
///   logs show connect timeouts weakens it (−0.15) and points to the TLS handshake;
/// - `TargetTLSNegotiationErrorCount` > 0 supports `target-tls-handshake-timeout` (+0.15);
/// - `TargetResponseTime` (Maximum per target group) reaching the idle timeout supports
///   `target-response-timeout` (+0.05);
/// - `ELBAuthError` > 0 supports `authentication-error` and `idp-unauthorized` (+0.05);
/// - the network-path check (route tables, network ACLs, security groups): a blocked path to a target
///   the connect timeouts name confirms `target-connect-timeout` (+0.15); open paths to all of them
///   weaken it (−0.1: an overloaded target is then the likelier reading).
public enum StatusMetricEvidence {
    /// The load-balancer-level metrics `diagnose --status` reads besides the 502 ones.
    public static let loadBalancerMetrics = [
        "HTTPCode_ELB_500_Count", "HTTPCode_ELB_503_Count", "HTTPCode_ELB_504_Count", "HTTPCode_ELB_4XX_Count",
        "RejectedConnectionCount", "ELBAuthError",
    ]

    /// The metric that counts a code (`nil` when CloudWatch has none for it).
    public static func metric(for status: Int) -> String? {
        switch status {
        case 500, 503, 504: "HTTPCode_ELB_\(status)_Count"
        case 400...499: "HTTPCode_ELB_4XX_Count"
        case 501...599: "HTTPCode_ELB_5XX_Count"
        default: nil
        }
    }

    /// The findings with metric evidence added and confidences adjusted.
    public static func weigh(_ findings: [Finding], inputs: EvidenceInputs) -> [Finding] {
        guard inputs.metrics != nil else { return findings }
        return findings.map { finding in
            guard let status = finding.status, finding.id != .targetApplicationError else { return finding }
            var f = finding
            if let name = metric(for: status), let series = inputs.loadBalancerSeries(name) {
                let total = series.count
                f.evidence.append(
                    Evidence(
                        source: .metric,
                        summary: total > 0
                            ? "CloudWatch \(name): \(total) in the window (peak \(MetricSeries.format(series.peak?.value ?? 0)) at \(Phrase.time(series.peak?.time.microsecondsSinceEpoch))): the load balancer generated them."
                            : "CloudWatch \(name) has no data point in the window (read as 0): the logs' lines may be outside the metrics' window.",
                        details: ["metric": name, "total": String(total)]
                    )
                )
                if total > 0 { f.confidence = Finding.clamp(f.confidence + 0.05) }
            }
            switch f.id {
            case .targetConnectTimeout, .targetTLSHandshakeTimeout:
                let connect = inputs.total("TargetConnectionErrorCount")
                let tls = inputs.total("TargetTLSNegotiationErrorCount")
                if let connect {
                    f.evidence.append(
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch TargetConnectionErrorCount: \(connect); TargetTLSNegotiationErrorCount: \(tls.map(String.init) ?? "not read").",
                            details: [
                                "metric": "TargetConnectionErrorCount", "total": String(connect),
                                "tls_total": tls.map(String.init) ?? "-",
                            ]
                        )
                    )
                    if f.id == .targetConnectTimeout {
                        f.confidence = Finding.clamp(f.confidence + (connect > 0 ? 0.1 : -0.15))
                    } else if (tls ?? 0) > 0 {
                        f.confidence = Finding.clamp(f.confidence + 0.15)
                    }
                }
                if f.id == .targetConnectTimeout { f = networkPath(f, inputs: inputs) }
            case .targetResponseTimeout:
                let idle = inputs.loadBalancer?.idleTimeoutSeconds
                let peaks = inputs.nonZeroTargetGroupSeries("TargetResponseTime").compactMap { s in
                    s.peak.map { (s.dimensions["TargetGroup"] ?? "?", $0.value) }
                }
                if let top = peaks.max(by: { $0.1 < $1.1 }) {
                    let reaches = idle.map { top.1 >= Double($0) * 0.9 } ?? false
                    f.evidence.append(
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch TargetResponseTime Maximum reached \(MetricSeries.format(top.1)) s on \(top.0)\(idle.map { " (idle timeout \($0) s)" } ?? "").",
                            details: [
                                "metric": "TargetResponseTime", "maximum": MetricSeries.format(top.1),
                                "target_group": top.0,
                            ]
                        )
                    )
                    if reaches { f.confidence = Finding.clamp(f.confidence + 0.05) }
                }
            case .authenticationError, .idpUnauthorized:
                if let auth = inputs.total("ELBAuthError"), auth > 0 {
                    f.evidence.append(
                        Evidence(
                            source: .metric,
                            summary: "CloudWatch ELBAuthError: \(auth) in the window.",
                            details: ["metric": "ELBAuthError", "total": String(auth)]
                        )
                    )
                    f.confidence = Finding.clamp(f.confidence + 0.05)
                }
            default:
                break
            }
            return f
        }
    }

    /// Adds the network-path verdicts for the targets a connect-timeout finding names.
    static func networkPath(_ finding: Finding, inputs: EvidenceInputs) -> Finding {
        guard let checks = inputs.networkPaths else { return finding }
        let named = checks.filter { check in finding.evidence.contains { $0.summary.contains(check.target) } }
        guard !named.isEmpty else { return finding }
        var f = finding
        let blocked = named.filter(\.blocked)
        if blocked.isEmpty {
            f.evidence.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "Route tables, network ACLs and security groups let the load balancer reach \(named.map(\.target).joined(separator: ", ")): a target too busy to accept connections is the likelier reading.",
                    details: ["network_path": "open", "targets": named.map(\.target).joined(separator: ",")]
                )
            )
            f.confidence = Finding.clamp(f.confidence - 0.1)
            return f
        }
        for check in blocked {
            f.evidence.append(
                Evidence(
                    source: .configuration,
                    summary:
                        "The \(check.layer?.phrase ?? "network ACL") blocks \(check.target)\(check.rule.map { ": \($0)" } ?? "")\(check.fix.map { " — \($0)" } ?? "").",
                    details: [
                        "network_path": "blocked", "target": check.target,
                        "layer": (check.layer ?? .networkACL).rawValue, "rule": check.rule ?? "-",
                    ]
                )
            )
        }
        f.confidence = Finding.clamp(f.confidence + 0.15)
        return f
    }
}
