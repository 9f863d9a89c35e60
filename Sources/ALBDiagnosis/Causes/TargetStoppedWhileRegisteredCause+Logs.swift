extension TargetStoppedWhileRegisteredCause {
    /// `target-stopped-while-registered` from the access logs alone: the targets that left with a run of 502s
    /// while the load balancer still routed to them (``TargetDepartures``).
    enum LogReading {
        /// The confidence of a departure read from the logs alone: the pattern is specific, but a crash that was
        /// not replaced looks the same as a stop, and only the platform can say which.
        static let baseConfidence = 0.6

        /// The finding for the departures (nil when none).
        static func finding(_ departures: [TargetDepartures.Departure]) -> Finding? {
            guard let top = departures.first else { return nil }
            let count = departures.reduce(0) { $0 + $1.count }
            var confidence = baseConfidence
            // The usual shape of a stop: requests in flight cut when the process exits, then new connections
            // refused until the load balancer stops routing.
            // (or, when its address vanished, connection attempts that time out).
            if departures.contains(where: { ($0.refused > 0 || $0.timedOut > 0) && $0.cut > 0 }) { confidence += 0.1 }
            if departures.count >= 2 { confidence += 0.05 }
            var evidence = departures.prefix(5).map(Self.evidence)
            if departures.count > 5 {
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary: "\(departures.count - 5) more targets' traffic ended the same way.",
                        details: ["more_targets": String(departures.count - 5)]
                    )
                )
            }
            let claims = TargetDepartures.claims(of: departures)
            let at = Phrase.time(top.first)
            var finding = Finding(
                id: .targetStoppedWhileRegistered,
                confidence: min(0.75, confidence),
                count: count,
                evidence: evidence,
                confirm: [
                    "CloudTrail: the DeregisterTargets call for \(top.target.target) (`aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=DeregisterTargets`); one at or after \(at) means the target stopped before the load balancer stopped routing to it.",
                    "ECS: the stopped task with that IP (`aws ecs list-tasks --desired-status STOPPED`, then `describe-tasks`: stoppedReason, stopCode, stoppingAt); EC2 Auto Scaling: `aws autoscaling describe-scaling-activities` shows a termination at that time.",
                    "Kubernetes: `kubectl get events -A --field-selector reason=Killing` around \(at), or rerun with `--kube-pods FILE` (`kubectl get pods -A -o json`) to line the pod's deletion up with the 502s.",
                    "`alb-doctor diagnose --load-balancer NAME` reads CloudTrail, ECS and Auto Scaling and names the workload behind each target.",
                    "A crash instead of a stop: the workload's restart count or exit code at \(at) (a crash loop shows several such runs; these targets have one).",
                ],
                fix: deployFixes,
                alternatives: [.targetDeregistered, .targetRefusedConnection]
                    + (departures.contains { $0.timedOut > 0 } ? [.targetConnectTimeout] : [])
            )
            finding.claims = claims
            finding.countsByStatus = TargetDepartures.countsByStatus(of: departures)
            return finding
        }

        /// What prevents 502s at a stop, each with the evidence that shows it missing (Docs/Diagnose.md,
        /// "Deploys without 502s").
        static let deployFixes = [
            "Keep serving until the load balancer has stopped routing to the target: on SIGTERM go on accepting requests for a few seconds before draining (Kubernetes: a preStop hook that sleeps 10–15 s; ECS: handle SIGTERM in the application, stopTimeout long enough for the drain).",
            "Give the workload longer to stop than the deregistration delay (terminationGracePeriodSeconds or ECS stopTimeout above deregistration_delay.timeout_seconds), or shorten the delay to what the longest request needs.",
            "Kubernetes with the AWS Load Balancer Controller: enable pod readiness gates (label the namespace elbv2.k8s.aws/pod-readiness-gate-inject=enabled) so a rollout waits for new targets to be healthy before old pods go.",
            "EC2 Auto Scaling: a termination lifecycle hook (or the group's traffic-source integration) so an instance is deregistered and drained before it shuts down.",
        ]

        /// The evidence line for one departure.
        static func evidence(_ d: TargetDepartures.Departure) -> Evidence {
            let group = d.target.targetGroup.map { " (target group \($0))" } ?? ""
            var parts: [String] = []
            if d.refused > 0 { parts.append("\(d.refused) refused: -1 -1 -1") }
            if d.cut > 0 { parts.append("\(d.cut) in flight cut") }
            let other = d.count - d.refused - d.cut
            if other > 0 { parts.append("\(other) other") }
            var errors = d.count > 0 ? [Phrase.count502(d.count)] : []
            if d.timedOut > 0 {
                errors.append("\(d.timedOut) × 504 after the 10 s connection timeout (nothing answered at its address)")
            }
            let what = errors.joined(separator: " and ") + (parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))")
            let gaveUp =
                d.gaveUp > 0
                ? " Clients also gave up on it: \(d.gaveUp) × 460 in those minutes, counted with it."
                : ""
            let minutes = Int(d.silenceAfter / 60_000_000)
            var details: [String: String] = [
                "target": d.target.target,
                "target_group": d.target.targetGroup ?? "-",
                "count": String(d.count),
                "refused": String(d.refused),
                "cut": String(d.cut),
                "first_502": Phrase.time(d.first),
                "last_502": Phrase.time(d.last),
                "last_request": Phrase.time(d.lastRequest),
                "silence_after_seconds": String(d.silenceAfter / 1_000_000),
            ]
            if let ordinary = d.lastOrdinaryRequest { details["last_ordinary_request"] = Phrase.time(ordinary) }
            if d.timedOut > 0 { details["connect_timeouts_504"] = String(d.timedOut) }
            if d.gaveUp > 0 { details["client_closed_460"] = String(d.gaveUp) }
            return Evidence(
                source: .accessLog,
                summary:
                    "\(d.target.target)\(group) answered ordinary requests until \(Phrase.time(d.lastOrdinaryRequest)), then \(what) from \(Phrase.time(d.first)) to \(Phrase.time(d.last)), and got no request after \(Phrase.time(d.lastRequest)) while the logs go on for \(minutes) more minute\(minutes == 1 ? "" : "s"): it stopped while the load balancer still routed to it.\(gaveUp)",
                details: details,
                examples: Array(
                    d.target.stats.examples.lines.filter { $0.contains(" 502 - ") || $0.contains(" 504 - ") }.prefix(2)
                )
            )
        }
    }
}
