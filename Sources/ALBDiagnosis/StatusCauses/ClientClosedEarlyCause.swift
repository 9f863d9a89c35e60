/// `client-closed-early` (460): the client closed its connection before the load balancer could
/// answer — the client's timeout is shorter than the time the target needs.
///
/// Logs: every 460. The distribution of `time` − `request_creation_time` shows how long clients
/// waited; a sharp mode (e.g. 30 s) is the client timeout. The successful requests on the same
/// path show how long the target needs there.
public struct ClientClosedEarlyCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .clientClosedEarly }
    public var title: String { "Client closed the connection before the answer (460)" }
    public var statusCodes: Set<Int> { [460] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        var stats: StatusSignatureStats?
        for entry in context.statuses.signatures(of: 460) {
            if stats == nil { stats = entry.stats } else { stats?.merge(entry.stats) }
        }
        guard let stats, stats.count > 0 else { return [] }
        var details = StatusCauseSupport.distributionDetails(stats.elapsed)
        var summary =
            "How long the clients waited before closing: \(StatusCauseSupport.distribution(stats.elapsed))"
        var confidence = 0.75
        if let mode = stats.modalElapsedSecond, mode.share >= 0.3 {
            details["client_timeout_seconds"] = String(mode.second)
            details["share_at_client_timeout"] = Phrase.percent(mode.share)
            summary +=
                "; \(Phrase.percent(mode.share)) gave up at \(mode.second) s, which looks like the client's timeout"
            confidence = 0.85
        }
        var evidence = [
            StatusCauseSupport.lines(stats, status: 460, what: "(the client closed the connection before the answer)"),
            Evidence(source: .accessLog, summary: summary + ".", details: details),
            StatusCauseSupport.spread(stats, status: 460),
        ]
        if let path = StatusCauseSupport.top(stats.paths, limit: 1).first?.key,
            let latency = context.statuses.successLatency(onPath: path), latency.requests > 0
        {
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary:
                        "The \(latency.requests) successful requests on \(path) took up to \(Phrase.seconds(latency.maximum)) s (\(latency.atLeast(10)) of them 10 s or more).",
                    details: [
                        "path": path, "successful_requests": String(latency.requests),
                        "successful_max_seconds": Phrase.seconds(latency.maximum),
                    ]
                )
            )
        }
        return [
            Finding(
                id: id,
                confidence: confidence,
                count: stats.count,
                evidence: evidence,
                confirm: [
                    "The client's (or the proxy's, SDK's, mobile app's) request timeout equals the duration where the 460s cluster.",
                    "CloudWatch TargetResponseTime for the target group is close to that duration at the same minutes; HTTPCode_ELB_4XX_Count includes the 460s.",
                ],
                fix: [
                    "Make the target answer before the client's timeout (faster endpoint, asynchronous job with polling).",
                    "Or raise the client's timeout to at least the load balancer's idle timeout, if the client allows it.",
                ],
                status: 460
            )
        ]
    }
}
