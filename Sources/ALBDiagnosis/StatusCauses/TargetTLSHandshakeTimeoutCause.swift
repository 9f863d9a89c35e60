/// `target-tls-handshake-timeout` (504): the TLS handshake with an HTTPS target did not complete
/// within 10 s.
///
/// Logs: the `connect-timeout` 504s (about 10 s) whose target speaks TLS (port 443/8443/9443, or a
/// target group named https/tls/ssl). A TCP connect timeout ends at the same 10 s, so it stays the
/// alternative; `TargetTLSNegotiationErrorCount` against `TargetConnectionErrorCount` decides.
public struct TargetTLSHandshakeTimeoutCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .targetTLSHandshakeTimeout }
    public var title: String { "TLS handshake to the HTTPS target timed out (504)" }
    public var statusCodes: Set<Int> { [504] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let stats = context.statuses.merged(status: 504, id: StatusSignature.connectTimeout), stats.count > 0
        else { return [] }
        let split = ConnectTimeoutSplit(stats, excluding: context.departures)
        guard split.tls > 0 else { return [] }
        return [
            Finding(
                id: id,
                confidence: 0.6,
                count: split.tls,
                evidence: [
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(StatusCauseSupport.count(split.tls, 504)) after about 10 s on TLS targets \(StatusCauseSupport.list(split.tlsTargets)): the connection or the TLS handshake to them did not finish in time.",
                        details: ["count": String(split.tls), "tls_targets": String(split.tlsTargets.count)],
                        examples: Array(stats.exampleLines.prefix(2))
                    )
                ],
                confirm: [
                    "CloudWatch TargetTLSNegotiationErrorCount (per TargetGroup) has data points at the same minutes (TargetConnectionErrorCount would point to the TCP connection instead).",
                    "`alb-doctor probe` against the target measures the TCP connect and the TLS handshake separately.",
                    "A capture on the target (`tcpdump -i any -w tls.pcap port PORT`) shows a ClientHello without a complete server answer.",
                ],
                fix: [
                    "Make the target finish TLS handshakes quickly under load (enough worker threads, session resumption, no blocking OCSP or entropy waits).",
                    "Offload TLS, or use HTTP to the target inside the VPC if the security requirements allow it.",
                ],
                alternatives: [.targetConnectTimeout],
                status: 504
            )
        ]
    }
}
