/// `target-tls-handshake-failed`: not-dispatched 502s on targets that speak HTTPS.
public struct TLSHandshakeRule: DiagnosisRule {
    public init() {}
    public var cause: CauseID { .targetTLSHandshakeFailed }

    public func evaluate(_ context: DiagnosisContext) -> Finding? {
        let clusters = context.notDispatched.clusters.filter { $0.kind == .httpsTargets }
        guard !clusters.isEmpty else { return nil }
        let count = clusters.reduce(0) { $0 + $1.count }
        var evidence: [Evidence] = []
        var names: [String] = []
        for c in clusters {
            for t in c.targets {
                names.append(t.target)
                let nd = t.stats.signatures[.notDispatched]
                let ok = t.stats.requests - t.stats.elb502
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(nd) not-dispatched 502s on \(t.target) in target group \(t.targetGroup ?? "-"), which serves HTTPS (port or name), from \(Phrase.time(t.stats.spanNotDispatched.first)) to \(Phrase.time(t.stats.spanNotDispatched.last)); \(ok) of its \(t.stats.requests) requests succeeded.",
                        details: [
                            "target": t.target, "target_group": t.targetGroup ?? "-", "count": String(nd),
                            "requests": String(t.stats.requests),
                        ],
                        examples: Array(t.stats.examples.lines.prefix(1))
                    )
                )
            }
        }
        let first = names.first ?? "<target>"
        return Finding(
            id: cause,
            confidence: 0.65,
            count: count,
            evidence: evidence,
            confirm: [
                "CloudWatch TargetTLSNegotiationErrorCount (per TargetGroup) has data points with these 502s; TargetConnectionErrorCount does not (TCP itself connected).",
                "From inside the VPC: `openssl s_client -connect \(first) -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256` (a cipher of ELBSecurityPolicy-2016-08) fails, or `alb-doctor probe` with TLS against \(first) reports a handshake alert.",
                "A capture on the target (`sudo tcpdump -i any -w tls.pcap 'tcp port \(TargetAddress.port(of: first).map(String.init) ?? "443")'`) shows the ClientHello answered by an alert (handshake_failure, protocol_version) or a reset.",
            ],
            fix: [
                "Let the target accept what the load balancer offers to targets: with a listener policy without TLS 1.3 that is ELBSecurityPolicy-2016-08 (TLS 1.0-1.2, ECDHE-RSA-AES128-GCM-SHA256 and friends); with a TLS 1.3 listener policy, ELBSecurityPolicy-TLS13-1-0-2021-06. A target that only allows TLS 1.3 or only exotic ciphers fails.",
                "The certificate on the target is not validated (self-signed or expired is fine); the protocol version and cipher suites are what must match.",
                "If TLS to the target is not required, use an HTTP target group instead.",
            ],
            alternatives: [.targetRefusedConnection]
        )
    }
}
