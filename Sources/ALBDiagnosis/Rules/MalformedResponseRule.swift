/// `target-malformed-response`: no-valid-response 502s concentrated on a request path, where the
/// application answers in a way the load balancer rejects.
public struct MalformedResponseRule: DiagnosisRule {
    public init() {}
    public var cause: CauseID { .targetMalformedResponse }

    public func evaluate(_ context: DiagnosisContext) -> Finding? {
        let paths = context.noValidResponse.paths
        guard !paths.isEmpty else { return nil }
        let count = paths.reduce(0) { $0 + $1.count }
        let evidence = paths.prefix(5).map { p in
            Evidence(
                source: .accessLog,
                summary:
                    "\(p.count) no-valid-response 502s (dispatched, no target status) on \(p.path): \(Phrase.percent(p.rate)) of its \(p.requests) requests, against \(Phrase.percent(context.noValidResponse.remainingRate)) elsewhere, on \(p.targets) target(s) — the same code path fails wherever it runs.",
                details: [
                    "path": p.path, "count": String(p.count), "requests": String(p.requests),
                    "targets": String(p.targets),
                ],
                examples: Array(p.examples.prefix(2))
            )
        }
        let path = paths.first?.path ?? "<path>"
        return Finding(
            id: cause,
            confidence: 0.75,
            count: count,
            evidence: Array(evidence),
            confirm: [
                "Capture the response on a target while \(path) is requested: `sudo tcpdump -i any -s 0 -w malformed.pcap 'tcp port <port>'`, then `alb-doctor pcap malformed.pcap` lists header violations.",
                "Request \(path) directly from a target (`curl -sv --raw http://<target-ip>:<port>\(path)`): check the header section size (limit 32 KB), CRLF line ends, header names, a single Content-Length that matches the body.",
                "If the response is fine, the application may instead be closing the connection (crashing) on this path: check its logs at the same times.",
            ],
            fix: [
                "Keep the response header section under 32 KB (large Set-Cookie, Link or Content-Security-Policy headers are the usual culprits).",
                "Send valid HTTP/1.1: CRLF line ends, token header names (no spaces or underscores), no folded header lines, one Content-Length equal to the body length, not both Transfer-Encoding and Content-Length.",
            ]
        )
    }
}
