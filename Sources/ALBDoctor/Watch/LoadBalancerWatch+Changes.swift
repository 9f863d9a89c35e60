import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// What changed between two refreshes: the error rate, causes that appeared, rose, faded or went, targets that
/// recovered or started failing.
extension LoadBalancerWatch {
    /// The refresh's record, and the picture the next one compares against.
    func describe(
        _ state: inout WatchState,
        report: DiagnoseReport,
        fresh: FreshLogs,
        newPoints: Int,
        missing: [MissingEvidence],
        before: [String: AWSCallLog.Count]
    ) -> WatchRefresh {
        let previous = state.previous
        let first = previous == nil
        let from = first ? state.start : (state.metricsReadUpTo ?? state.start)
        var rate = WatchPicture.metricErrorsPerMinute(state.metrics, from: from, to: state.end)
        let newErrors = fresh.aggregate.map(Self.errors(in:)) ?? 0
        if rate == nil, fresh.aggregate != nil {
            let minutes = max(1, state.end.timeIntervalSince(from) / 60)
            rate = Double(newErrors) / minutes
        }
        state.metricsReadUpTo = state.end

        // Without new log lines (ALB delivers every five minutes) the log-based comparisons wait for the next
        // refresh that has some: the previous refresh's failing targets and gains are carried over.
        let logsAdvanced = (fresh.aggregate?.requests ?? 0) > 0
        var failing: [String: Int] = [:]
        var serving = Set<String>()
        for row in fresh.aggregate?.targetRows ?? [] where row.stats.requests > 0 {
            serving.insert(row.key)
            if row.stats.elb502 > 0 { failing[row.key] = row.stats.elb502 }
        }
        let causes = WatchPicture.causes(of: report, previous: previous)
        var picture = WatchPicture(
            causes: causes,
            errorsPerMinute: rate,
            failingTargets: logsAdvanced ? failing : (previous?.failingTargets ?? [:]),
            servingTargets: serving
        )
        if !logsAdvanced, let previous {
            picture.causes = causes.map { cause in
                var carried = cause
                if cause.gained == 0,
                    let before = previous.causes.first(where: { $0.id == cause.id && $0.status == cause.status })
                {
                    carried.gained = before.gained
                }
                return carried
            }
        }

        // The last error seen, for --until-quiet.
        var lastError = WatchPicture.lastMetricError(state.metrics)
        if newErrors > 0 {
            // The newest line of a refresh with 5xx (the logs say when their lines were, not only their errors).
            let lastLog = fresh.aggregate?.span.last.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
            lastError = [lastError, lastLog ?? state.end].compactMap { $0 }.max()
        }
        if let lastError, state.lastErrorAt.map({ lastError > $0 }) ?? true { state.lastErrorAt = lastError }

        var lines: [String] = []
        let logs = state.logs
        let totalErrors = logs.map(Self.errors(in:)) ?? 0
        if first {
            var line = "watching \(state.loadBalancerName) since \(WatchRefresh.clock(state.start))"
            if let logs { line += ": \(logs.requests) requests, \(totalErrors) 5xx in the logs so far" }
            if let rate { line += "; \(WatchRefresh.rate(rate)) 5xx/min" }
            lines.append(line)
        } else if let rate {
            if let before = previous?.errorsPerMinute, before != rate {
                let direction = rate > before ? "rising" : "falling"
                lines.append(
                    "5xx/min \(WatchRefresh.rate(before)) → \(WatchRefresh.rate(rate)) (\(direction))"
                )
            } else {
                lines.append("5xx/min \(WatchRefresh.rate(rate)) (steady)")
            }
        }
        var records: [WatchRefresh.Cause] = []
        for cause in causes {
            let before = previous?.causes.first { $0.id == cause.id && $0.status == cause.status }
            let change: WatchRefresh.Change
            if first {
                change = .present
            } else if before == nil {
                change = .appeared
                lines.append(
                    "+ \(cause.id.rawValue) appeared: \(cause.count) error\(cause.count == 1 ? "" : "s") (confidence \(Self.confidence(cause.confidence)))"
                )
            } else if cause.gained > 0 {
                change = .rising
                lines.append("↑ \(cause.id.rawValue) +\(cause.gained) (\(cause.count) in all)")
            } else if logsAdvanced && (before?.gained ?? 0) > 0 {
                change = .faded
                lines.append(
                    "↓ \(cause.id.rawValue) faded: no new errors since the last refresh (\(cause.count) in all)"
                )
            } else {
                change = .unchanged
            }
            records.append(
                WatchRefresh.Cause(
                    id: cause.id,
                    status: cause.status,
                    count: cause.count,
                    confidence: cause.confidence,
                    gained: cause.gained,
                    change: change
                )
            )
        }
        let gone = (previous?.causes ?? []).filter { old in
            !causes.contains { $0.id == old.id && $0.status == old.status }
        }.map(\.id)
        for id in gone { lines.append("- \(id.rawValue) is no longer a cause") }
        let recovered =
            logsAdvanced
            ? (previous?.failingTargets ?? [:]).keys.filter { failing[$0] == nil && serving.contains($0) }.sorted() : []
        for target in recovered {
            let before = previous?.failingTargets[target] ?? 0
            lines.append("✓ \(target) recovered: requests without a 502 (\(before) the refresh before)")
        }
        for (target, count) in failing.sorted(by: { $0.key < $1.key }) where previous?.failingTargets[target] == nil {
            if !first { lines.append("! \(target): \(count) new 502\(count == 1 ? "" : "s")") }
        }
        if !first && fresh.objects == 0 { lines.append("no new access-log object (ALB delivers every 5 minutes)") }
        // Evidence that could not be read is named once, when it starts missing (the report lists it in full).
        let missingNow = Set(missing.map(\.what))
        for what in missing.map(\.what) where !state.missingBefore.contains(what) {
            lines.append("missing: \(what) (see the report's missing evidence)")
        }
        state.missingBefore = missingNow

        state.previous = picture
        let after = callLog.snapshot
        var calls: [String: Int] = [:]
        for (key, count) in after {
            let delta = count.requests - (before[key]?.requests ?? 0)
            if delta > 0 { calls[key] = delta }
        }
        return WatchRefresh(
            refresh: state.refreshes,
            time: state.end,
            loadBalancer: state.loadBalancerName,
            windowStart: state.start,
            newLogObjects: fresh.objects,
            newRequests: fresh.aggregate?.requests ?? 0,
            newErrors: newErrors,
            newMetricPoints: newPoints,
            errorsPerMinute: rate,
            previousErrorsPerMinute: previous?.errorsPerMinute,
            totalRequests: logs?.requests ?? 0,
            totalErrors: totalErrors,
            causes: records,
            goneCauses: gone,
            recoveredTargets: recovered,
            failingTargets: failing,
            changes: lines,
            apiCalls: calls,
            missing: missing.map { "\($0.what): \($0.reason)" },
            quietSeconds: state.lastErrorAt.map { max(0, Int(state.end.timeIntervalSince($0))) }
        )
    }

    /// 5xx (`elb_status_code` 500–599) among an aggregate's lines.
    static func errors(in logs: TriageAggregator) -> Int {
        logs.statusCodes.filter { (500...599).contains($0.key) }.reduce(0) { $0 + $1.value }
    }

    /// `0.80`.
    static func confidence(_ value: Double) -> String { String(format: "%.2f", value) }
}
