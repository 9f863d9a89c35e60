/// `target-keepalive-timeout`: the target closes idle pooled connections before the load balancer
/// does, so a request sent on one just as it closes fails. In the logs: rare no-valid-response 502s
/// (and possibly not-dispatched ones) spread over all targets and paths, answered within
/// milliseconds.
public struct KeepAliveTimeoutRule: DiagnosisRule {
    public init() {}
    public var cause: CauseID { .targetKeepaliveTimeout }

    public func evaluate(_ context: DiagnosisContext) -> Finding? {
        let nvr = context.noValidResponse
        let nd = context.notDispatched
        let count = nvr.remaining + nd.spread
        guard count > 0 else { return nil }
        var evidence: [Evidence] = []
        var confidence = 0.3
        if nvr.remaining > 0 {
            let fastShare = Double(nvr.remainingFast) / Double(nvr.remaining)
            let spread = nvr.remainingTargets >= 3 && nvr.remainingMaxTargetShare <= 0.5
            let rare = nvr.remainingRate < 0.02
            if fastShare >= 0.6 { confidence += 0.2 }
            if spread { confidence += 0.15 }
            if rare { confidence += 0.05 }
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(nvr.remaining) no-valid-response 502s (dispatched, no target status) outside any burst or concentrated path: \(Phrase.percent(nvr.remainingRate)) of the remaining requests, on \(nvr.remainingTargets) targets (at most \(Phrase.percent(nvr.remainingMaxTargetShare)) on one); \(Phrase.share(nvr.remainingFast, of: nvr.remaining)) had target_processing_time under 10 ms — the connection died as the request went out.",
                    details: [
                        "count": String(nvr.remaining), "fast": String(nvr.remainingFast),
                        "targets": String(nvr.remainingTargets), "rate": Phrase.percent(nvr.remainingRate),
                    ],
                    examples: examples(context)
                )
            )
        }
        if nd.spread > 0 {
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(nd.spread) not-dispatched 502s (-1 -1 -1) spread thinly over \(nd.spreadTargets) targets: AWS documents this pattern both for a refused connection and for a target that closed a reused keep-alive connection.",
                    details: ["count": String(nd.spread), "targets": String(nd.spreadTargets)]
                )
            )
        }
        return Finding(
            id: cause,
            confidence: min(0.75, confidence),
            count: count,
            evidence: evidence,
            confirm: [
                "Compare the target server's idle keep-alive timeout with the load balancer's idle timeout (`aws elbv2 describe-load-balancer-attributes`, key idle_timeout.timeout_seconds, default 60 s): the target's must be longer.",
                "CloudWatch TargetConnectionErrorCount stays flat while these 502s occur (the connection existed; only new connections that fail count there).",
                "`alb-doctor probe` keep-alive timing against a target shows how long it keeps an idle connection open.",
                "A capture on a target (`sudo tcpdump -i any -w keepalive.pcap 'tcp port <port>'`) shows the target's FIN or RST on an idle connection crossing the load balancer's next request.",
            ],
            fix: [
                "Set the target's keep-alive idle timeout above the load balancer idle timeout (e.g. 65 s with the default 60 s). Defaults that are too short: Apache KeepAliveTimeout 5 s, Node.js server.keepAliveTimeout 5 s before v26 (raise headersTimeout above it too), gunicorn --keep-alive 2 s, uvicorn --timeout-keep-alive 5 s, Tomcat keepAliveTimeout (20 s in the stock server.xml), Puma persistent_timeout 20 s on older versions, Go http.Server IdleTimeout (falls back to ReadTimeout). nginx keepalive_timeout defaults to 75 s, which is fine unless the idle timeout was raised to 75 s or more.",
                "Or lower the load balancer idle timeout below the target's keep-alive timeout.",
            ],
            alternatives: nd.spread > 0 ? [.targetRefusedConnection] : []
        )
    }

    private func examples(_ context: DiagnosisContext) -> [String] {
        let burstTargets = Set(context.noValidResponse.bursts.map(\.target.target))
        let clusterPaths = Set(context.noValidResponse.paths.map(\.path))
        var out: [String] = []
        for row in context.logs.targetRows
        where row.stats.fastNoValidResponse > 0 && !burstTargets.contains(row.key) {
            for line in row.stats.examples.lines where line.contains(" 502 - ") {
                let path = PathNormalizer.path(ofRequest: Self.requestField(of: line))
                if !clusterPaths.contains(path) && !line.contains(" -1 -1 -1 ") {
                    out.append(line)
                    break
                }
            }
            if out.count >= 2 { break }
        }
        return out
    }

    /// The quoted request field of a raw line (the first quoted field).
    static func requestField(of line: String) -> String {
        guard let open = line.firstIndex(of: "\"") else { return "" }
        let rest = line[line.index(after: open)...]
        guard let close = rest.firstIndex(of: "\"") else { return String(rest) }
        return String(rest[..<close])
    }
}
