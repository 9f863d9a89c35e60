import ALBAccessLog

/// `target-deregistered`: a burst of no-valid-response 502s on one target ending at one instant,
/// after which the target gets no more traffic (deregistration delay expired with requests in flight).
public struct TargetDeregisteredCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetDeregistered }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Target deregistered while serving requests" }
    public var probeable: Bool { true }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        AWSReading().apply(context, to: &findings)
    }
}

extension TargetDeregisteredCause {
    // MARK: - Access logs

    /// `target-deregistered`: a burst of no-valid-response 502s on one target ending at one instant,
    /// after which the target gets no more traffic (deregistration delay expired with requests in flight).
    struct AccessLogReading {
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
            var claims = ErrorClaims()
            for b in bursts { claims.add(status: 502, target: b.target.target, count: b.count) }
            var finding = Finding(
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
            finding.claims = claims
            return finding
        }
    }

    // MARK: - Metrics, configuration and CloudTrail

    /// CloudTrail `DeregisterTargets` + the target group's deregistration delay against 502 bursts: requests
    /// still in flight on a deregistered target are cut when the delay runs out, at T + delay.
    struct AWSReading {
        public init() {}

        /// How far the end of a burst may be from T + delay and still match, µs: max(5 s, 10 % of the delay).
        static func tolerance(delaySeconds: Int) -> Int64 {
            max(5_000_000, Int64(delaySeconds) * 100_000)
        }

        public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
            let inputs = context.inputs
            guard let changes = inputs.targetChanges else { return }
            let deregistrations = changes.filter { $0.name == "DeregisterTargets" }
            let bursts = context.logs?.noValidResponse.bursts ?? []
            var matchedTargets = Set<String>()
            for event in deregistrations {
                let group = inputs.targetGroup(event.targetGroupARN)
                let groupName =
                    group?.name ?? event.targetGroupARN.map(TriageAggregator.groupName(fromARN:)) ?? "a target group"
                let history = CombinedDeregistrationDelay(
                    group: group?.arn ?? event.targetGroupARN,
                    events: changes,
                    current: group?.deregistrationDelaySeconds
                )
                let at = event.time.microsecondsSinceEpoch
                let state = history.inEffect(at: at)
                for target in event.targets {
                    let address = Self.address(of: target, group: group)
                    let burst = address.flatMap { a in bursts.first { $0.target.target == a } }
                    // The delay then: the last change before the call, the current value when nothing changed since,
                    // or — changed only afterwards — what the end of the target's burst says it was.
                    var delay = state.seconds ?? (state.later.isEmpty ? 300 : nil)
                    var inferred = false
                    if delay == nil, let burst, burst.end > at, burst.end - at <= 3_600_000_000 {
                        delay = Int((Double(burst.end - at) / 1_000_000).rounded())
                        inferred = true
                    }
                    let delayOrigin: String
                    if let setBy = state.setBy {
                        delayOrigin = "deregistration_delay.timeout_seconds of \(groupName) then, as \(setBy.phrase)"
                    } else if inferred {
                        delayOrigin =
                            "as the end of the burst shows; CloudTrail shows the attribute changed only afterwards"
                    } else if group?.deregistrationDelaySeconds != nil {
                        delayOrigin = "deregistration_delay.timeout_seconds of \(groupName)"
                    } else {
                        delayOrigin = "the AWS default; the target group's attributes were not read"
                    }
                    let historyEvidence = history.evidence(at: at, groupName: groupName, delay: delay)
                    guard let delay else { continue }
                    let cut = at + Int64(delay) * 1_000_000
                    let trail = Evidence(
                        source: .cloudtrail,
                        summary:
                            "CloudTrail: DeregisterTargets for \(address ?? target.id) in \(groupName) at \(Phrase.time(at))\(event.caller.map { " by \($0)" } ?? ""); with a deregistration delay of \(delay) s (\(delayOrigin)) requests still running on it were cut at \(Phrase.time(cut)).",
                        details: [
                            "event": "DeregisterTargets", "target": address ?? target.id,
                            "time": Phrase.time(at),
                            "deregistration_delay_seconds": String(delay), "cut_at": Phrase.time(cut),
                        ]
                    )
                    let current = group?.deregistrationDelaySeconds
                    let delayNow =
                        current == nil || current == delay
                        ? "now \(delay) s"
                        : "\(delay) s at the deregistration, now \(current.map(String.init) ?? "-") s"
                    if let address, let burst, inferred || abs(burst.end - cut) <= Self.tolerance(delaySeconds: delay) {
                        matchedTargets.insert(address)
                        let offset = Double(burst.end - cut) / 1_000_000
                        let logs = Evidence(
                            source: .accessLog,
                            summary:
                                "The access logs' burst of \(burst.count) no-valid-response 502s on \(address) ended at \(Phrase.preciseTime(burst.end)), \(Phrase.seconds(abs(offset))) s \(offset < 0 ? "before" : "after") deregistration + delay: the requests outlived the delay.",
                            details: [
                                "target": address, "count": String(burst.count),
                                "offset_seconds": Phrase.seconds(offset),
                            ]
                        )
                        var finding =
                            findings[.targetDeregistered]
                            ?? Finding(
                                id: .targetDeregistered,
                                confidence: inferred ? 0.85 : 0.9,
                                count: burst.count,
                                evidence: []
                            )
                        finding.strengthen(
                            to: inferred ? 0.85 : 0.95,
                            adding: [trail, logs] + (historyEvidence.map { [$0] } ?? [])
                        )
                        finding.fix.insert(
                            "Raise deregistration_delay.timeout_seconds of \(group?.name ?? "the target group") (\(delayNow)) above the longest request these targets serve, or make those requests shorter.",
                            at: 0
                        )
                        if finding.confirm.isEmpty {
                            finding.confirm = [
                                "The target's longest requests (target_processing_time in the access logs) exceed \(delay) s."
                            ]
                        }
                        findings[.targetDeregistered] = finding
                    } else if context.logs == nil, let series = inputs.loadBalancerSeries("HTTPCode_ELB_502_Count") {
                        let minute = series.periodStart(containing: cut)
                        guard let point = series.points.first(where: { $0.time.microsecondsSinceEpoch == minute }),
                            point.value > 0
                        else { continue }
                        let metric = Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch HTTPCode_ELB_502_Count: \(MetricSeries.format(point.value)) in the \(series.periodSeconds == 60 ? "minute" : MetricSeries.periodName(series.periodSeconds) + " period") of \(Phrase.time(minute)), when the deregistration delay ran out.",
                            details: [
                                "metric": "HTTPCode_ELB_502_Count", "minute": Phrase.time(minute),
                                "value": MetricSeries.format(point.value),
                            ]
                        )
                        var finding =
                            findings[.targetDeregistered]
                            ?? Finding(
                                id: .targetDeregistered,
                                confidence: 0.6,
                                count: 0,
                                evidence: [],
                                confirm: [
                                    "Access logs of that minute: a burst of no-valid-response 502s on \(address ?? target.id), after which it gets no request."
                                ],
                                fix: [
                                    "Raise deregistration_delay.timeout_seconds (\(delayNow)) above the longest request, and shut targets down gracefully (finish requests in flight on SIGTERM)."
                                ]
                            )
                        finding.count += Int(point.value.rounded())
                        finding.strengthen(to: 0.6, adding: [trail, metric] + (historyEvidence.map { [$0] } ?? []))
                        findings[.targetDeregistered] = finding
                    }
                }
            }
            // The logs saw a burst CloudTrail cannot explain.
            if var finding = findings[.targetDeregistered], matchedTargets.isEmpty, context.logs != nil,
                finding.evidence.allSatisfy({ $0.source != .cloudtrail })
            {
                let unexplained = bursts.map(\.target.target)
                finding.weaken(
                    by: 0.1,
                    floor: 0.5,
                    adding: [
                        Evidence(
                            source: .cloudtrail,
                            summary:
                                "CloudTrail has no DeregisterTargets whose delay ran out at the end of the burst on \(Phrase.list(unexplained)) (\(deregistrations.count) DeregisterTargets call\(deregistrations.count == 1 ? "" : "s") in the window): the target may have stopped or crashed on its own rather than been deregistered.",
                            details: ["deregister_targets_events": String(deregistrations.count)]
                        )
                    ]
                )
                if !finding.alternatives.contains(.targetRefusedConnection) {
                    finding.alternatives.append(.targetRefusedConnection)
                }
                findings[.targetDeregistered] = finding
            }
        }

        /// `ip:port` of a deregistered target as the logs write it.
        static func address(of target: TargetChangeEvent.Target, group: TargetGroupSnapshot?) -> String? {
            let port = target.port ?? group?.port
            if let known = group?.targets?.first(where: { $0.id == target.id }), let address = known.address, let port {
                return address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
            }
            guard let port, target.id.first?.isNumber == true || target.id.contains(":") else { return nil }
            return target.id.contains(":") ? "[\(target.id)]:\(port)" : "\(target.id):\(port)"
        }
    }
}
