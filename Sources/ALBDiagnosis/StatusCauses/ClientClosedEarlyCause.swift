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
        guard let stats = context.statuses.merged(status: 460), stats.count > 0 else { return [] }
        // 460s on a target that left while registered, in its last minutes, are that stop's (TargetDepartures).
        let departed = context.departures.reduce(0) { $0 + $1.gaveUp }
        let unanswered = Self.onUnresponsiveTargets(stats, context.statuses, excluding: context.departures)
        let own = stats.count - departed
        guard own > 0 else { return [] }
        if unanswered.count >= own {
            var finding = Self.gaveUpOnUnresponsiveTargets(stats, unanswered)
            finding.count = own
            if departed > 0 { finding.evidence.append(Self.departedEvidence(departed)) }
            return [finding]
        }
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
            StatusCauseSupport.lines(stats, status: 460, what: "(the client closed the connection before the answer)")
        ]
        if unanswered.count > 0 {
            evidence.append(Self.unansweredEvidence(unanswered))
        }
        if departed > 0 { evidence.append(Self.departedEvidence(departed)) }
        evidence += [
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
                count: own - unanswered.count,
                evidence: evidence,
                confirm: [
                    "The client's (or the proxy's, SDK's, mobile app's) request timeout equals the duration where the 460s cluster.",
                    "CloudWatch TargetResponseTime for the target group is close to that duration at the same minutes; HTTPCode_ELB_4XX_Count includes the 460s.",
                ],
                fix: [
                    "Make the target answer before the client's timeout (faster endpoint, asynchronous job with polling).",
                    "Or raise the client's timeout to at least the load balancer's idle timeout, if the client allows it.",
                ],
                alternatives: unanswered.count > 0 ? [.targetConnectTimeout] : [],
                status: 460
            )
        ]
    }

    /// 460s on targets that did not accept connections in the same period (504 connection timeouts on them):
    /// those clients gave up on a target that was not answering, not on a slow answer.
    struct Unanswered {
        var count = 0
        var targets: [String] = []
    }

    /// The 460s on a target in a minute (±1) in which the same target had 504 connection timeouts, leaving out
    /// the ones a departure counts (the target's last minutes, ``TargetDepartures/Departure/gaveUp``).
    static func onUnresponsiveTargets(
        _ stats: StatusSignatureStats,
        _ statuses: StatusAggregator,
        excluding departures: [TargetDepartures.Departure] = []
    ) -> Unanswered {
        guard let timeouts = statuses.merged(status: 504, id: StatusSignature.connectTimeout), timeouts.count > 0
        else { return Unanswered() }
        var out = Unanswered()
        var targets = Set<String>()
        let departed = Dictionary(
            departures.map {
                ($0.target.target, TargetDepartures.minute($0.first) - 1...TargetDepartures.minute($0.lastRequest) + 1)
            },
            uniquingKeysWith: { first, _ in first }
        )
        for (key, count) in stats.targetMinutes {
            if let minutes = departed[key.target], minutes.contains(key.minute) { continue }
            let near = (key.minute - 1...key.minute + 1).contains {
                (timeouts.targetMinutes[.init(target: key.target, minute: $0)] ?? 0) > 0
            }
            guard near else { continue }
            out.count += count
            targets.insert(key.target)
        }
        out.targets = targets.sorted()
        return out
    }

    static func unansweredEvidence(_ unanswered: Unanswered) -> Evidence {
        Evidence(
            source: .accessLog,
            summary:
                "\(unanswered.count) of these 460s were on \(Phrase.list(unanswered.targets, limit: 3)), which did not accept connections in the same period (504 after the 10 s connection timeout): those clients gave up on a target that was not answering; target-connect-timeout explains them and they are not counted here.",
            details: [
                "on_unresponsive_targets": String(unanswered.count),
                "targets": unanswered.targets.joined(separator: ","),
            ]
        )
    }

    /// Every 460 fell on targets that were not accepting connections: the finding points at them.
    static func gaveUpOnUnresponsiveTargets(_ stats: StatusSignatureStats, _ unanswered: Unanswered) -> Finding {
        Finding(
            id: .clientClosedEarly,
            title: "Clients gave up on targets that did not accept connections (460)",
            confidence: 0.7,
            count: stats.count,
            evidence: [
                StatusCauseSupport.lines(
                    stats,
                    status: 460,
                    what: "(the client closed the connection before the answer)"
                ),
                unansweredEvidence(unanswered),
            ],
            confirm: [
                "The same targets have 504s after the 10 s connection timeout at the same minutes (target-connect-timeout), and CloudWatch TargetConnectionErrorCount rises then."
            ],
            fix: [
                "Fix what stopped these targets from accepting connections (see target-connect-timeout: security groups, network ACLs, an overloaded or stopped target); the clients' timeouts are not the problem."
            ],
            alternatives: [.targetConnectTimeout],
            status: 460
        )
    }

    /// The line saying which 460s a stop explains instead.
    static func departedEvidence(_ departed: Int) -> Evidence {
        Evidence(
            source: .accessLog,
            summary:
                "\(departed) more 460s were on targets in their last minutes before they left while registered: those clients gave up on a target that was going away; target-stopped-while-registered explains them and they are not counted here.",
            details: ["explained_elsewhere": String(departed), "by": CauseID.targetStoppedWhileRegistered.rawValue]
        )
    }
}
