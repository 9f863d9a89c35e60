extension TargetStoppedWhileRegisteredCause {
    /// The health checks of each departed target: checks that stop (or FAIL, then stop) around the end of its
    /// traffic while the logs go on checking other targets show the target left (supported,
    /// `strengthen(to: min(0.9, before + 0.15))`); checks that go on PASSing well after its traffic ended show a
    /// target still up and registered (weakened by 0.15).
    public func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding]) {
        guard let checks = context.loadBalancerLogs?.healthChecks, let end = checks.span.last,
            var finding = findings[id]
        else { return }
        let minute: Int64 = 60_000_000
        var left: [Evidence] = []
        var alive: [Evidence] = []
        for d in context.departures.departures.prefix(10) {
            let rows = checks.rows(target: d.target.target)
            guard let last = rows.compactMap(\.span.last).max() else { continue }
            let failsAfter = rows.reduce(0) { n, row in
                n + row.minutes.filter { $0.key * minute >= d.first - minute }.reduce(0) { $0 + $1.value.fail }
            }
            let passesAfter = rows.reduce(0) { n, row in
                n + row.minutes.filter { $0.key * minute > d.lastRequest + 2 * minute }.reduce(0) { $0 + $1.value.pass }
            }
            let groups = rows.map(\.targetGroup)
            if end - last >= 2 * minute && last <= d.lastRequest + 5 * minute {
                left.append(
                    Evidence(
                        source: .healthCheckLog,
                        summary:
                            "Health checks of \(d.target.target) (target group \(Phrase.list(groups))) stop at \(Phrase.time(last)), with its traffic (last request \(Phrase.time(d.lastRequest))), while the logs go on checking other targets until \(Phrase.time(end))"
                            + (failsAfter > 0 ? "; \(failsAfter) checks FAILed from its first 502 on." : "."),
                        details: [
                            "target": d.target.target, "target_group": groups.joined(separator: ","),
                            "last_check": Phrase.time(last), "failed_checks": String(failsAfter),
                        ],
                        examples: Array(rows.flatMap(\.failExamples).prefix(1))
                    )
                )
            } else if passesAfter > 0 {
                alive.append(
                    Evidence(
                        source: .healthCheckLog,
                        summary:
                            "Health checks of \(d.target.target) go on PASSing after its traffic ended (\(passesAfter) passes from \(Phrase.time(d.lastRequest + 2 * minute)) on): the target is still registered and answering.",
                        details: ["target": d.target.target, "passed_checks": String(passesAfter)]
                    )
                )
            }
        }
        if !left.isEmpty {
            finding.strengthen(to: min(0.9, finding.confidence + 0.15), adding: left)
        } else if !alive.isEmpty {
            finding.weaken(by: 0.15, adding: alive)
        } else {
            return
        }
        findings[id] = finding
    }
}
