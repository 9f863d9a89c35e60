/// `target-tls-handshake-failed` from a capture: alerts, closes before the handshake completed, and
/// the target's choice checked against the ELB back-end security policy.
public enum CaptureTLSHandshakeRule {
    /// The finding, if handshakes failed (or the target chose outside the back-end policy).
    public static func findings(for o: CaptureObservation) -> [Finding] {
        guard o.tlsFailed > 0 || o.tlsChosenOutsidePolicy > 0 else { return [] }
        let targetAlerts = o.tlsAlerts.filter { $0.key.hasPrefix("target:") && $0.key.contains("fatal") }
        let confidence = o.tlsFailed > 0 ? (targetAlerts.isEmpty ? 0.75 : 0.9) : 0.6
        var evidence = [
            Evidence(
                source: .packetCapture,
                summary: "\(CaptureRules.share(o.tlsFailed, of: o.tlsConnections)) TLS handshakes to the target failed"
                    + (o.tlsAlerts.isEmpty ? "" : "; alerts: \(CaptureRules.list(o.tlsAlerts))"),
                details: [
                    "tls_connections": String(o.tlsConnections),
                    "handshakes_failed": String(o.tlsFailed),
                    "handshakes_completed": String(o.tlsCompleted),
                    "backend_policy": o.backendPolicy,
                ],
                examples: o.tlsFailureExamples
            )
        ]
        if !o.tlsFailureReasons.isEmpty {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary: "Offered vs chosen vs \(o.backendPolicy): " + o.tlsFailureReasons.joined(separator: "; "),
                    details: [
                        "offered_versions": CaptureRules.list(o.tlsOfferedVersions),
                        "chosen": CaptureRules.list(o.tlsChosen),
                    ]
                )
            )
        }
        if o.tlsHelloOutsidePolicy > 0 {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary:
                        "\(o.tlsHelloOutsidePolicy) ClientHello(s) offered versions or suites outside \(o.backendPolicy): the client in this capture is not a load balancer using that policy, so its results may differ from the ALB's."
                )
            )
        }
        let reasons = o.tlsFailureReasons.joined(separator: " ")
        var fix: [String] = []
        if reasons.contains("refused every offered version") {
            fix.append(
                "Enable TLS 1.2 on the target (the back-end policy \(o.backendPolicy) offers TLS 1.0–1.2 only), or move the listener to a TLS 1.3 security policy so the load balancer uses ELBSecurityPolicy-TLS13-1-0-2021-06 towards targets."
            )
        }
        if reasons.contains("no cipher suite in common") || o.tlsChosenOutsidePolicy > 0 {
            fix.append(
                "Allow at least one suite of \(o.backendPolicy) on the target, e.g. ECDHE-RSA-AES128-GCM-SHA256 / ECDHE-RSA-AES256-GCM-SHA384 (nginx `ssl_ciphers`, Apache `SSLCipherSuite`, Java `jdk.tls.disabledAlgorithms`)."
            )
        }
        if fix.isEmpty {
            fix.append(
                "Make the target accept a TLS handshake with \(o.backendPolicy) (versions and suites); the certificate itself is not validated by the load balancer."
            )
        }
        return [
            Finding(
                id: .targetTLSHandshakeFailed,
                confidence: confidence,
                count: max(o.tlsFailed, o.tlsChosenOutsidePolicy),
                evidence: evidence,
                confirm: [
                    "CloudWatch TargetTLSNegotiationErrorCount rises with the 502s.",
                    "`alb-doctor probe --tls --backend-policy \(o.backendPolicy)` against the target, or `openssl s_client -connect TARGET:PORT -tls1_2 -cipher '<policy list>'`.",
                ],
                fix: fix
            )
        ]
    }
}
