/// `target-deregistered`: a burst of no-valid-response 502s on one target ending at one instant,
/// after which the target gets no more traffic (deregistration delay expired with requests in flight).
public struct DeregistrationRule: DiagnosisRule {
    public init() {}
    public var cause: CauseID { .targetDeregistered }

    public func evaluate(_ context: DiagnosisContext) -> Finding? {
        let bursts = context.noValidResponse.bursts
        guard !bursts.isEmpty else { return nil }
        let count = bursts.reduce(0) { $0 + $1.count }
        var evidence: [Evidence] = []
        var delays: [String] = []
        for b in bursts.prefix(5) {
            let windowMs = max(1, (b.end - b.start) / 1000)
            var summary =
                "\(b.count) no-valid-response 502s on \(b.target.target) within \(windowMs) ms ending \(Phrase.preciseTime(b.end)); the target received no request afterwards"
            var details = [
                "target": b.target.target, "target_group": b.target.targetGroup ?? "-", "count": String(b.count),
                "end": Phrase.preciseTime(b.end),
            ]
            if let last = b.lastOrdinaryRequest, last < b.start {
                let gap = Double(b.end - last) / 1_000_000
                summary +=
                    "; its last ordinary request was at \(Phrase.time(last)), \(Phrase.seconds(gap.rounded())) s earlier (about the deregistration delay)"
                details["seconds_after_last_request"] = Phrase.seconds(gap.rounded())
                delays.append(Phrase.seconds(gap.rounded()))
            }
            if let top = b.paths.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
                summary += "; \(Phrase.share(top.value, of: b.count)) were on \(top.key)"
            }
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary: summary + ".",
                    details: details,
                    examples: Array(b.target.stats.examples.lines.filter { $0.contains(" 502 - ") }.prefix(1))
                )
            )
        }
        let target = bursts.first?.target.target ?? "<target>"
        return Finding(
            id: cause,
            confidence: 0.85,
            count: count,
            evidence: evidence,
            confirm: [
                "CloudTrail: a DeregisterTargets call (or an Auto Scaling / ECS deployment acting for you) for \(target) shortly before the burst: `aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=DeregisterTargets`.",
                "The target group attribute deregistration_delay.timeout_seconds\(delays.isEmpty ? "" : " (about \(Phrase.list(delays)) s judging by the logs)") is shorter than the longest requests on that target.",
            ],
            fix: [
                "Raise deregistration_delay.timeout_seconds above your longest request (uploads, reports, long polls).",
                "Shut down gracefully: on SIGTERM stop accepting new requests, finish those in flight, then exit; use ECS stopTimeout or Auto Scaling lifecycle hooks so instances outlive the delay.",
                "Move very long operations to asynchronous jobs so no request outlives a deployment.",
            ]
        )
    }
}
