import ALBAccessLog

/// `target-stopped-while-registered`: the task, instance or pod behind a target stopped (a deploy or a
/// scale-in) while the load balancer still routed to it, and the target's 502s start with the stop.
///
/// Reads the workloads behind the targets (`EvidenceInputs.workloads`: gathered by `diagnose`, or from
/// `--kube-pods`), the target's 502s per second from the logs, CloudTrail's `DeregisterTargets` and the
/// target group's deregistration delay. The matching and the finding are pure functions over those values.
public struct TargetStoppedWhileRegisteredCause: Cause {
    public init() {}

    public var id: CauseID { .targetStoppedWhileRegistered }
    public var title: String { "Target stopped while the load balancer still routed to it (deploy or scale-in)" }

    /// From the access logs alone: targets whose traffic ended with a run of 502s (``TargetDepartures``). The
    /// logs cannot say whether a deploy, a scale-in or a crash stopped the target, so the confidence stays
    /// medium and the finding says what would tell.
    public func fromLogs(_ context: DiagnosisContext) -> Finding? {
        LogReading.finding(context.departures.departures)
    }

    /// The workloads behind the targets (`EvidenceInputs.workloads`, from `diagnose` or `--kube-pods`): a
    /// target whose 502s line up with its workload's stop. Departures the workloads do not explain stay in the
    /// finding as the logs read them.
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        guard let logs = context.logs, let workloads = context.inputs.workloads, !workloads.isEmpty else { return }
        let stopped = Self.match(
            targets: Self.targetErrors(logs),
            workloads: workloads,
            changes: context.inputs.targetChanges ?? [],
            groups: context.inputs.targetGroups ?? []
        )
        if let finding = Self.finding(stopped, departures: logs.departures) { findings[id] = finding }
    }

    /// The finding for the stopped targets the workloads explain, plus the departures the logs show on other
    /// targets (as the logs read them); nil when there is neither.
    public static func finding(_ stopped: [StoppedTarget], departures: TargetDepartures) -> Finding? {
        let matched = Set(stopped.map(\.target))
        let rest = LogReading.finding(departures.departures.filter { !matched.contains($0.target.target) })
        guard var finding = finding(stopped) else { return rest }
        if let rest {
            finding.count += rest.count
            finding.evidence += rest.evidence
            for key in rest.claims.keys {
                finding.claims.add(status: key.status, target: key.target, count: rest.claims[key])
            }
        }
        // The stopped targets' 504 connection timeouts and 460s are the same stop's.
        let alsoOtherCodes = departures.departures.filter { matched.contains($0.target.target) }
        var byStatus = rest?.countsByStatus ?? [:]
        byStatus[502, default: 0] += finding.count - (rest?.count ?? 0)
        for d in alsoOtherCodes {
            finding.claims.add(status: 504, target: d.target.target, count: d.timedOut)
            finding.claims.add(status: 460, target: d.target.target, count: d.gaveUp)
            byStatus[504, default: 0] += d.timedOut
            byStatus[460, default: 0] += d.gaveUp
        }
        byStatus = byStatus.filter { $0.value > 0 }
        if byStatus.keys.contains(where: { $0 != 502 }) {
            finding.countsByStatus = byStatus
            let timedOut = alsoOtherCodes.reduce(0) { $0 + $1.timedOut }
            let gaveUp = alsoOtherCodes.reduce(0) { $0 + $1.gaveUp }
            if timedOut + gaveUp > 0 {
                finding.evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "The same targets also answered \(timedOut) × 504 after the 10 s connection timeout in their last run of errors, and clients gave up on them \(gaveUp) × 460 (nothing answered at their address any more): counted with this stop.",
                        details: ["connect_timeouts_504": String(timedOut), "client_closed_460": String(gaveUp)]
                    )
                )
            }
        }
        return finding
    }

    /// A target's 502s as the logs saw them.
    public struct TargetErrors: Sendable, Hashable {
        /// `ip:port`.
        public var target: String
        /// Its target group's name.
        public var targetGroup: String?
        /// 502s per second.
        public var errors: ErrorSeconds
        /// Its last request (µs).
        public var lastRequest: Int64?

        /// Creates one.
        public init(target: String, targetGroup: String?, errors: ErrorSeconds, lastRequest: Int64?) {
            self.target = target
            self.targetGroup = targetGroup
            self.errors = errors
            self.lastRequest = lastRequest
        }
    }

    /// The targets with 502s in the logs.
    public static func targetErrors(_ logs: DiagnosisContext) -> [TargetErrors] {
        logs.logs.targetRows.filter { $0.stats.elb502 > 0 }.map {
            TargetErrors(
                target: $0.key,
                targetGroup: $0.stats.targetGroup,
                errors: $0.stats.errorSeconds,
                lastRequest: $0.stats.requestSpan.last
            )
        }
    }

    /// The targets whose 502s line up with their workload's stop.
    public static func match(
        targets: [TargetErrors],
        workloads: [Workload],
        changes: [TargetChangeEvent],
        groups: [TargetGroupSnapshot],
        skew: Int64 = StopAlignment.defaultSkew
    ) -> [StoppedTarget] {
        let byAddress = Dictionary(grouping: workloads, by: \.address)
        var out: [StoppedTarget] = []
        for target in targets {
            let host = TargetAddress.host(of: target.target)
            let port = TargetAddress.port(of: target.target)
            for workload in byAddress[host] ?? [] {
                guard let timeline = StopTimeline(workload) else { continue }
                guard
                    case .attributed(let episode) = StopAlignment.align(
                        errors: target.errors.sorted,
                        signal: timeline.signal,
                        stopped: timeline.stopped,
                        skew: skew
                    )
                else { continue }
                let group = groups.first { $0.name == target.targetGroup }
                let deregistration = lastDeregistration(
                    of: host,
                    port: port,
                    instance: workload.ec2Instance?.instanceID,
                    before: max(timeline.signal, episode.last) + skew,
                    in: changes
                )
                var delay: Int?
                var source: String
                if let deregistration {
                    let history = CombinedDeregistrationDelay(
                        group: group?.arn ?? deregistration.targetGroupARN,
                        events: changes,
                        current: group?.deregistrationDelaySeconds
                    )
                    delay = history.inEffect(at: deregistration.time.microsecondsSinceEpoch).seconds
                    source =
                        "deregistration_delay.timeout_seconds of \(group?.name ?? target.targetGroup ?? "the target group") then"
                } else {
                    delay = group?.deregistrationDelaySeconds
                    source =
                        "deregistration_delay.timeout_seconds of \(group?.name ?? target.targetGroup ?? "the target group")"
                }
                if delay == nil {
                    source = "not known (the target group's attributes were not read; the AWS default is 300 s)"
                }
                out.append(
                    StoppedTarget(
                        target: target.target,
                        targetGroup: target.targetGroup,
                        workload: workload,
                        timeline: timeline,
                        episode: episode,
                        deregisteredAt: deregistration?.time.microsecondsSinceEpoch,
                        deregisteredBy: deregistration?.caller,
                        delaySeconds: delay,
                        delaySource: source,
                        lastRequest: target.lastRequest
                    )
                )
                break
            }
        }
        return out.sorted {
            $0.episode.count != $1.episode.count ? $0.episode.count > $1.episode.count : $0.target < $1.target
        }
    }

    /// The last `DeregisterTargets` naming the address (or instance) at or before `before` (µs).
    static func lastDeregistration(
        of host: String,
        port: Int?,
        instance: String?,
        before: Int64,
        in changes: [TargetChangeEvent]
    ) -> TargetChangeEvent? {
        changes.filter { event in
            event.name == "DeregisterTargets" && event.time.microsecondsSinceEpoch <= before
                && event.targets.contains { t in
                    (t.id == host || (instance != nil && t.id == instance))
                        && (t.port == nil || port == nil || t.port == port)
                }
        }.max { $0.time < $1.time }
    }

    /// The finding for the stopped targets (nil when none).
    public static func finding(_ stopped: [StoppedTarget]) -> Finding? {
        guard let top = stopped.first else { return nil }
        let count = stopped.reduce(0) { $0 + $1.episode.count }
        var evidence: [Evidence] = []
        for target in stopped.prefix(5) {
            evidence.append(lineUp(target))
        }
        if stopped.count > 5 {
            evidence.append(
                Evidence(
                    source: .accessLog,
                    summary: "\(stopped.count - 5) more targets' 502s line up with their workload's stop.",
                    details: ["more_targets": String(stopped.count - 5)]
                )
            )
        }
        var fixes: [String] = []
        for target in stopped {
            for fix in StopMismatch.fixes(for: target) where !fixes.contains(fix) { fixes.append(fix) }
        }
        let explained = !StopMismatch.mismatches(for: top).isEmpty
        let hasPlatformStop = top.timeline.stopped != nil
        var claims = ErrorClaims()
        for target in stopped { claims.add(status: 502, target: target.target, count: target.episode.count) }
        var finding = Finding(
            id: .targetStoppedWhileRegistered,
            confidence: hasPlatformStop && explained ? 0.9 : 0.75,
            count: count,
            evidence: evidence,
            confirm: [
                top.exitCodes.values.contains(137)
                    ? "The workload was killed (exit 137, SIGKILL) at \(Phrase.time(top.timeline.stopped ?? top.episode.last)): its own log ends without a clean shutdown, and the requests in flight then were cut."
                    : "The stopped workload's own log shows requests cut or refused at \(Phrase.time(top.timeline.signal)) (SIGTERM received, exit).",
                "ECS: DescribeServices events / task stoppedReason; Kubernetes: kubectl get events for the pod; Auto Scaling: DescribeScalingActivities.",
            ],
            fix: fixes,
            alternatives: [.targetDeregistered]
        )
        finding.claims = claims
        return finding
    }

    /// The evidence line for one target: the times side by side.
    static func lineUp(_ stopped: StoppedTarget) -> Evidence {
        let t = stopped.timeline
        let e = stopped.episode
        var parts: [String] = []
        if let deployment = stopped.workload.deployment {
            parts.append(
                "deployment \(deployment.id) started \(Phrase.time(deployment.startedAt?.microsecondsSinceEpoch))\(deployment.description.map { " (\($0))" } ?? "")"
            )
        }
        if let at = stopped.deregisteredAt {
            parts.append("DeregisterTargets \(Phrase.time(at))\(stopped.deregisteredBy.map { " by \($0)" } ?? "")")
        }
        parts.append(
            stopped.delaySeconds.map { "deregistration delay \($0) s (\(stopped.delaySource))" }
                ?? "deregistration delay \(stopped.delaySource)"
        )
        parts.append("stop signal \(Phrase.time(t.signal)) (\(t.signalSource))")
        if let stoppedAt = t.stopped {
            parts.append(
                "stopped \(Phrase.time(stoppedAt)) (\(t.stoppedSource ?? "-"), \(Phrase.seconds(Double(stoppedAt - t.signal) / 1_000_000)) s after the signal\(t.killAfterSeconds.map { "; \(t.killSetting ?? "kill after") \($0) s" } ?? ""))"
            )
        }
        let codes = stopped.exitCodes.sorted { $0.key < $1.key }.map { "\($0.key) exit \($0.value)" }
        if !codes.isEmpty { parts.append(codes.joined(separator: ", ")) }
        parts.append(
            "\(Phrase.count502(e.count)) from \(Phrase.time(e.first)) (\(e.offsetSeconds >= 0 ? "+" : "")\(Phrase.seconds(e.offsetSeconds)) s from the signal) to the last at \(Phrase.time(e.last))"
        )
        var details: [String: String] = [
            "target": stopped.target,
            "workload": stopped.workload.name,
            "workload_kind": stopped.workload.kind.rawValue,
            "stop_signal": Phrase.time(t.signal),
            "stop_signal_source": t.signalSource,
            "first_502": Phrase.time(e.first),
            "last_502": Phrase.time(e.last),
            "count": String(e.count),
            "offset_seconds": Phrase.seconds(e.offsetSeconds),
        ]
        if let stoppedAt = t.stopped { details["stopped"] = Phrase.time(stoppedAt) }
        if let kill = t.killAfterSeconds {
            details[t.killSetting == "stopTimeout" ? "stop_timeout_seconds" : "grace_period_seconds"] = String(kill)
        }
        if let delay = stopped.delaySeconds { details["deregistration_delay_seconds"] = String(delay) }
        if let at = stopped.deregisteredAt { details["deregister_targets"] = Phrase.time(at) }
        if let deployment = stopped.workload.deployment {
            details["deployment"] = deployment.id
            if let start = deployment.startedAt {
                details["deployment_started"] = Phrase.time(start.microsecondsSinceEpoch)
            }
        }
        if let task = stopped.workload.ecsTask {
            details["task_id"] = task.taskID
            if let service = task.service { details["service"] = service }
            if let family = task.family {
                details["task_definition"] = task.revision.map { "\(family):\($0)" } ?? family
            }
            if let code = task.stopCode { details["stop_code"] = code }
        }
        if let pod = stopped.workload.pod {
            details["pod"] = pod.qualifiedName
            details["pre_stop_hook"] = pod.hasPreStopHook ? "yes" : "no"
        }
        if let instance = stopped.workload.ec2Instance { details["instance_id"] = instance.instanceID }
        for (container, code) in stopped.exitCodes { details["exit_code.\(container)"] = String(code) }
        return Evidence(
            source: .accessLog,
            summary:
                "\(stopped.target) was \(stopped.workload.name); it stopped while the load balancer still routed to it: \(parts.joined(separator: "; ")).",
            details: details
        )
    }
}
