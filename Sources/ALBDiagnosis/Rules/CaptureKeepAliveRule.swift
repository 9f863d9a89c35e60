/// `target-keepalive-timeout` from a capture: the target closing pooled connections sooner than the
/// load balancer's idle timeout, and requests that met the target's FIN or RST.
public enum CaptureKeepAliveRule {
    /// The finding, if the target closes idle connections before the idle timeout or a request met a close.
    public static func findings(for o: CaptureObservation) -> [Finding] {
        let races = o.requestsOutstandingAtTargetClose + o.requestsAfterTargetFIN
        guard o.targetIdleClosesBelowIdleTimeout > 0 || races > 0 else { return [] }
        var evidence: [Evidence] = []
        if o.targetIdleClosesBelowIdleTimeout > 0, let d = o.targetIdleCloseSeconds {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary:
                        "The target closed \(CaptureRules.share(o.targetIdleClosesBelowIdleTimeout, of: o.targetIdleCloses)) idle keep-alive connections before the \(CaptureRules.seconds(o.idleTimeoutSeconds)) load balancer idle timeout: after min \(CaptureRules.seconds(d.minimum)), median \(CaptureRules.seconds(d.median)), p90 \(CaptureRules.seconds(d.p90)), max \(CaptureRules.seconds(d.maximum)) idle"
                        + (o.targetIdleClosesWithRST > 0 ? " (\(o.targetIdleClosesWithRST) with RST)" : ""),
                    details: [
                        "target_idle_closes": String(o.targetIdleCloses),
                        "below_idle_timeout": String(o.targetIdleClosesBelowIdleTimeout),
                        "median_seconds": String(d.median),
                        "idle_timeout_seconds": String(o.idleTimeoutSeconds),
                    ],
                    examples: o.targetIdleCloseExamples
                )
            )
        }
        if races > 0 {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary:
                        "\(o.requestsOutstandingAtTargetClose) request(s) were outstanding when the target closed or reset the connection, \(o.requestsAfterTargetFIN) sent after the target's FIN: the load balancer answers these with 502.",
                    details: [
                        "requests_outstanding_at_close": String(o.requestsOutstandingAtTargetClose),
                        "requests_after_target_fin": String(o.requestsAfterTargetFIN),
                    ],
                    examples: o.outstandingExamples
                )
            )
        }
        if !o.announcedKeepAliveTimeouts.isEmpty {
            evidence.append(
                Evidence(
                    source: .packetCapture,
                    summary:
                        "The target announces `Keep-Alive: timeout=` \(CaptureRules.list(o.announcedKeepAliveTimeouts)) (seconds: responses)."
                )
            )
        }
        let confidence: Double =
            races > 0 && o.targetIdleClosesBelowIdleTimeout > 0 ? 0.9 : races > 0 ? 0.7 : 0.6
        let suggested = Int(o.idleTimeoutSeconds.rounded(.up)) + 5
        return [
            Finding(
                id: .targetKeepaliveTimeout,
                confidence: confidence,
                count: races > 0
                    ? max(o.requestsOutstandingAtTargetClose, o.requestsAfterTargetFIN)
                    : o.targetIdleClosesBelowIdleTimeout,
                evidence: evidence,
                confirm: [
                    "Access log: 502s with target_status_code `-`, short target_processing_time, on targets with this server; they come in bursts after quiet periods.",
                    "Compare the target server's keep-alive setting with the load balancer attribute idle_timeout.timeout_seconds (\(CaptureRules.seconds(o.idleTimeoutSeconds))).",
                ],
                fix: [
                    "Set the target's keep-alive (idle) timeout above the load balancer idle timeout, e.g. \(suggested) s: nginx `keepalive_timeout \(suggested)s;`, Apache `KeepAliveTimeout \(suggested)`, Node.js `server.keepAliveTimeout = \(suggested * 1000)` (and `headersTimeout` above it), gunicorn `--keep-alive \(suggested)`.",
                    "Or lower the load balancer idle timeout below the target's.",
                ],
                alternatives: races > 0 && o.targetIdleClosesBelowIdleTimeout == 0 ? [.targetApplication502] : []
            )
        ]
    }
}
