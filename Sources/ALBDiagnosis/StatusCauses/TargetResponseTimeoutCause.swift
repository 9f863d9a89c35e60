/// `target-response-timeout` (504): the load balancer connected to the target but no response
/// header came back within the idle timeout.
///
/// Logs: 504, a target, no target status, `time` − `request_creation_time` away from the 10 s
/// connection timeout (signature `response-timeout`). The durations cluster at the idle timeout
/// (the configured value when `diagnose` knows it). The successful requests on the same path say
/// whether the endpoint is normally slow (close to the limit: the timeout is too short or the work
/// too long) or normally fast (the target stalled: a hung worker, a lock, a dependency).
public struct TargetResponseTimeoutCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .targetResponseTimeout }
    public var title: String { "Target did not answer within the idle timeout (504)" }
    public var statusCodes: Set<Int> { [504] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let stats = context.statuses.merged(status: 504, id: StatusSignature.responseTimeout), stats.count > 0
        else { return [] }
        let estimate = TargetResponseTimeoutCause.idleTimeout(
            stats,
            configured: context.configuration.idleTimeoutSeconds
        )
        var confidence = 0.7
        var evidence = [
            StatusCauseSupport.lines(
                stats,
                status: 504,
                what:
                    "with a target, no target status and no error_reason (the load balancer waited for response headers)"
            )
        ]
        var durationDetails = StatusCauseSupport.distributionDetails(stats.elapsed)
        if let estimate {
            durationDetails["idle_timeout_seconds"] = String(estimate.seconds)
            durationDetails["idle_timeout_source"] = estimate.configured ? "configuration" : "access-log"
            durationDetails["share_at_idle_timeout"] = Phrase.percent(estimate.share)
            if estimate.share >= 0.5 { confidence += 0.1 }
        }
        evidence.append(
            Evidence(
                source: .accessLog,
                summary: TargetResponseTimeoutCause.durationSentence(stats, estimate: estimate),
                details: durationDetails
            )
        )
        evidence.append(StatusCauseSupport.spread(stats, status: 504))
        if let path = StatusCauseSupport.top(stats.paths, limit: 1).first?.key,
            let comparison = TargetResponseTimeoutCause.successComparison(
                path: path,
                latency: context.statuses.successLatency(onPath: path),
                idle: estimate?.seconds
            )
        {
            evidence.append(comparison.evidence)
            confidence += comparison.adjustment
        }
        let idleText = estimate.map { "\($0.seconds) s" } ?? "the idle timeout"
        return [
            Finding(
                id: id,
                confidence: confidence,
                count: stats.count,
                evidence: evidence,
                confirm: [
                    "CloudWatch TargetResponseTime (Maximum, per TargetGroup) reaches \(idleText) at the same minutes, and HTTPCode_ELB_504_Count has data points there.",
                    "The load balancer attribute idle_timeout.timeout_seconds: `aws elbv2 describe-load-balancer-attributes --load-balancer-arn ARN`.",
                    "The target's own logs show these requests still running (or finishing) after \(idleText); a request to the target itself (`curl -w '%{time_starttransfer}'`) takes as long.",
                ],
                fix: [
                    "Make the endpoint answer within the idle timeout: move long work to a background job and return 202 with a status URL, paginate, or stream a first byte early.",
                    "If such durations are legitimate, raise idle_timeout.timeout_seconds (1–4000 s) above the slowest request, and keep the target's keep-alive timeout above it.",
                    "If successful requests on the path are fast, look for what stalls the target (thread or connection pool exhaustion, locks, a slow dependency without its own timeout).",
                ],
                alternatives: estimate.map { abs(Double($0.seconds) - 10) < 1 } == true ? [.targetConnectTimeout] : [],
                status: 504
            )
        ]
    }

    /// The idle timeout: the configured value, or the most common whole second of the durations when
    /// at least 30 % of the lines share it.
    static func idleTimeout(
        _ stats: StatusSignatureStats,
        configured: Double?
    ) -> (seconds: Int, share: Double, configured: Bool)? {
        if let configured {
            let s = Int(configured.rounded())
            let near = stats.elapsedSeconds.filter { abs($0.key - s) <= 1 }.values.reduce(0, +)
            return (s, Double(near) / Double(max(1, stats.count)), true)
        }
        guard let mode = stats.modalElapsedSecond, mode.share >= 0.3 else { return nil }
        return (mode.second, mode.share, false)
    }

    static func durationSentence(
        _ stats: StatusSignatureStats,
        estimate: (seconds: Int, share: Double, configured: Bool)?
    ) -> String {
        let dist = StatusCauseSupport.distribution(stats.elapsed)
        guard let estimate else {
            return
                "Time from receiving the request to answering 504: \(dist); no single duration dominates (different timeouts, or the durations are not logged)."
        }
        let source = estimate.configured ? "the configured idle timeout" : "the idle timeout these logs imply"
        return
            "Time from receiving the request to answering 504: \(dist); \(Phrase.percent(estimate.share)) at \(estimate.seconds) s, \(source)."
    }

    /// Compares the successful requests on the 504s' main path with the idle timeout.
    static func successComparison(
        path: String,
        latency: PathLatencyStats?,
        idle: Int?
    ) -> (evidence: Evidence, adjustment: Double)? {
        guard let latency, latency.requests > 0 else {
            return (
                Evidence(
                    source: .accessLog,
                    summary:
                        "No request on \(path) succeeded in these logs: nothing shows how long the target normally needs there.",
                    details: ["path": path, "successful_requests": "0"]
                ),
                0
            )
        }
        let slow = latency.atLeast(10)
        var details = [
            "path": path,
            "successful_requests": String(latency.requests),
            "successful_max_seconds": Phrase.seconds(latency.maximum),
            "successful_at_least_10s": String(slow),
        ]
        let maxText = Phrase.seconds(latency.maximum) + " s"
        if let idle {
            details["idle_timeout_seconds"] = String(idle)
            let ratio = latency.maximum / Double(max(1, idle))
            details["max_to_idle_ratio"] = String(format2(ratio))
            if ratio >= 0.5 {
                return (
                    Evidence(
                        source: .accessLog,
                        summary:
                            "The \(latency.requests) successful requests on \(path) took up to \(maxText) (\(slow) of them 10 s or more), close to the \(idle) s idle timeout: the endpoint is slow by nature and the slowest requests cross the limit.",
                        details: details
                    ),
                    0.1
                )
            }
            return (
                Evidence(
                    source: .accessLog,
                    summary:
                        "The \(latency.requests) successful requests on \(path) took at most \(maxText), far below the \(idle) s idle timeout: the target usually answers fast there, so it stalled on these requests (hung worker, lock, slow dependency).",
                    details: details
                ),
                -0.05
            )
        }
        return (
            Evidence(
                source: .accessLog,
                summary:
                    "The \(latency.requests) successful requests on \(path) took up to \(maxText) (\(slow) of them 10 s or more).",
                details: details
            ),
            0
        )
    }

    private static func format2(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return String(r)
    }
}
