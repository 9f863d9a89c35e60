import ALBAccessLog
import ALBDiagnosis
import ALBReport
import Foundation

/// One refresh of `watch` as a single call (the MCP tool `watch_snapshot`): the `diagnose` report of the last
/// `minutes`, and how it differs from the `minutes` before: the 5xx rate, the causes that appeared, rose, fell or
/// went, the targets whose 502s stopped or started. Both windows are diagnosed the way `diagnose --start --end`
/// does (read-only AWS calls), concurrently.
///
/// JSON: `type` `"snapshot"`, `window` and `previous_window` (`start`, `end`), `minutes`, the change fields, and
/// `report` (the `diagnose --format json` report of the last window, schema/diagnose-report.schema.json).
public struct WatchSnapshot: Sendable {
    /// What to take.
    public struct Options: Sendable {
        /// The `diagnose` options (load balancer, AWS access, status selection); the windows come from `minutes`.
        public var diagnose: DiagnoseRun.Options
        /// The length of each window, minutes.
        public var minutes: Int = 15

        /// Options for `loadBalancer` (name or ARN).
        public init(loadBalancer: String) {
            diagnose = DiagnoseRun.Options(loadBalancer: loadBalancer)
            diagnose.status = .automatic
        }
    }

    /// The longest window a snapshot takes (so the two windows stay within a day).
    public static let maximumMinutes = 720

    /// How a cause compares with the previous window.
    public enum Change: String, Sendable, Encodable {
        /// Not in the previous window.
        case appeared
        /// More errors than in the previous window.
        case rising
        /// Fewer.
        case falling
        /// As many.
        case unchanged
    }

    /// One cause of the last window.
    public struct Cause: Sendable, Encodable {
        /// The cause id.
        public var id: CauseID
        /// The status code it explains, when not 502.
        public var status: Int?
        /// Errors it explains in the last window.
        public var count: Int
        /// In the previous window (0: not a cause there).
        public var previousCount: Int
        /// Its confidence.
        public var confidence: Double
        /// The comparison.
        public var change: Change

        enum CodingKeys: String, CodingKey {
            case id, status, count, confidence, change
            case previousCount = "previous_count"
        }
    }

    /// Start of the last window.
    public var start: Date
    /// End of the last window (now).
    public var end: Date
    /// Start of the previous window (it ends at `start`).
    public var previousStart: Date
    /// 5xx per minute in each window (CloudWatch; the logs' 502s when the metrics are not readable).
    public var errorsPerMinute: Double?
    public var previousErrorsPerMinute: Double?
    /// Requests in the logs of each window.
    public var requests: Int
    public var previousRequests: Int
    /// The causes of the last window, ranked as in its report.
    public var causes: [Cause]
    /// Causes of the previous window that are not causes of the last one.
    public var goneCauses: [CauseID]
    /// Targets with 502s in the previous window and none in the last.
    public var recoveredTargets: [String]
    /// Targets with 502s in the last window and none in the previous → how many.
    public var newFailingTargets: [String: Int]
    /// The change lines (as `watch` shows them).
    public var changes: [String]
    /// The report of the last window.
    public var report: DiagnoseReport

    /// Diagnoses `[now − minutes, now)` and `[now − 2 × minutes, now − minutes)` and compares them.
    public static func take(_ options: Options, now: Date = Date()) async throws(DiagnoseError) -> WatchSnapshot {
        guard (1...maximumMinutes).contains(options.minutes) else {
            throw .window("minutes must be between 1 and \(maximumMinutes), not \(options.minutes)")
        }
        let end = LoadBalancerWatch.wholeSecond(now)
        let start = end.addingTimeInterval(-Double(options.minutes) * 60)
        let previousStart = start.addingTimeInterval(-Double(options.minutes) * 60)
        func run(_ from: Date, _ to: Date) -> DiagnoseRun {
            var settings = options.diagnose
            settings.since = nil
            settings.start = WatchRefresh.iso(from)
            settings.end = WatchRefresh.iso(to)
            settings.now = end
            settings.progress = nil
            return DiagnoseRun(options: settings)
        }
        let last = run(start, end)
        let before = run(previousStart, start)
        async let previousReport = outcome(of: before)
        let report = try await last.run()
        let previous = try await previousReport.get()
        return compare(report, previous: previous, start: start, end: end, previousStart: previousStart)
    }

    static func outcome(of run: DiagnoseRun) async -> Result<DiagnoseReport, DiagnoseError> {
        do {
            return .success(try await run.run())
        } catch {
            return .failure(error)
        }
    }

    /// Targets listed by name in the change fields (the rest are counted).
    public static let maximumTargets = 20

    /// The comparison of two windows' reports.
    static func compare(
        _ report: DiagnoseReport,
        previous: DiagnoseReport,
        start: Date,
        end: Date,
        previousStart: Date
    ) -> WatchSnapshot {
        func rate(_ report: DiagnoseReport, _ from: Date, _ to: Date) -> Double? {
            if let value = WatchPicture.metricErrorsPerMinute(report.metrics, from: from, to: to) { return value }
            guard let logs = report.accessLogs else { return nil }
            return Double(logs.elb502) / max(1, to.timeIntervalSince(from) / 60)
        }
        let now = rate(report, start, end)
        let before = rate(previous, previousStart, start)
        var lines: [String] = []
        let minutes = Int((end.timeIntervalSince(start) / 60).rounded())
        if let now {
            if let before, before != now {
                lines.append(
                    "5xx/min \(WatchRefresh.rate(before)) → \(WatchRefresh.rate(now)) (\(now > before ? "rising" : "falling"), the last \(minutes) min against the \(minutes) before)"
                )
            } else {
                lines.append("5xx/min \(WatchRefresh.rate(now)) (as in the \(minutes) min before)")
            }
        }
        var causes: [Cause] = []
        for finding in report.causes {
            let old = previous.causes.first { $0.id == finding.id && $0.status == finding.status }
            let change: Change
            if let old {
                change =
                    finding.count > old.count ? .rising : (finding.count < old.count ? .falling : .unchanged)
                if change == .rising {
                    lines.append("↑ \(finding.id.rawValue) \(old.count) → \(finding.count)")
                } else if change == .falling {
                    lines.append("↓ \(finding.id.rawValue) \(old.count) → \(finding.count)")
                }
            } else {
                change = .appeared
                lines.append(
                    "+ \(finding.id.rawValue) appeared: \(finding.count) error\(finding.count == 1 ? "" : "s") (confidence \(LoadBalancerWatch.confidence(finding.confidence)))"
                )
            }
            causes.append(
                Cause(
                    id: finding.id,
                    status: finding.status,
                    count: finding.count,
                    previousCount: old?.count ?? 0,
                    confidence: finding.confidence,
                    change: change
                )
            )
        }
        let gone = previous.causes.filter { old in
            !report.causes.contains { $0.id == old.id && $0.status == old.status }
        }.map(\.id)
        for id in gone { lines.append("- \(id.rawValue) is no longer a cause") }
        let failing = Dictionary(report.logTargets.map { ($0.endpoint, $0.elb502) }, uniquingKeysWith: +)
        let failed = Dictionary(previous.logTargets.map { ($0.endpoint, $0.elb502) }, uniquingKeysWith: +)
        let allRecovered = failed.keys.filter { failing[$0] == nil }.sorted()
        let recovered = Array(allRecovered.prefix(maximumTargets))
        for target in recovered {
            lines.append(
                "✓ \(target): no 502 in the last \(minutes) min (\(failed[target] ?? 0) the \(minutes) before)"
            )
        }
        if allRecovered.count > recovered.count {
            lines.append("✓ … and \(allRecovered.count - recovered.count) more targets without 502s now")
        }
        let allNewFailing = failing.filter { failed[$0.key] == nil }.sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }
        let newFailing = Dictionary(
            uniqueKeysWithValues: allNewFailing.prefix(maximumTargets).map { ($0.key, $0.value) }
        )
        for (target, count) in allNewFailing.prefix(maximumTargets) {
            lines.append("! \(target): \(count) 502\(count == 1 ? "" : "s"), none the \(minutes) min before")
        }
        if allNewFailing.count > newFailing.count {
            lines.append("! … and \(allNewFailing.count - newFailing.count) more targets with new 502s")
        }
        if report.accessLogs == nil {
            lines.append("no access-log line in the last \(minutes) min yet (ALB delivers every 5 minutes)")
        }
        return WatchSnapshot(
            start: start,
            end: end,
            previousStart: previousStart,
            errorsPerMinute: now,
            previousErrorsPerMinute: before,
            requests: report.accessLogs?.requests ?? 0,
            previousRequests: previous.accessLogs?.requests ?? 0,
            causes: causes,
            goneCauses: gone,
            recoveredTargets: recovered,
            newFailingTargets: newFailing,
            changes: lines,
            report: report
        )
    }

    /// The snapshot as JSON: the change fields and `report` (the diagnose JSON of the last window).
    public func json() throws(ReportRenderError) -> String {
        let reportText = try ReportOutput.render(report, format: .json, color: .off, environment: [:])
        let change = Encoded(snapshot: self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard
            let changeData = try? encoder.encode(change),
            var object = (try? JSONSerialization.jsonObject(with: changeData)) as? [String: Any],
            let reportObject = try? JSONSerialization.jsonObject(with: Data(reportText.utf8))
        else { return reportText }
        object["report"] = reportObject
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            )
        else { return reportText }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The encoded change fields.
    struct Encoded: Encodable {
        var snapshot: WatchSnapshot

        enum CodingKeys: String, CodingKey {
            case type, minutes, window, causes, changes
            case previousWindow = "previous_window"
            case errorsPerMinute = "errors_per_minute"
            case previousErrorsPerMinute = "previous_errors_per_minute"
            case requests
            case previousRequests = "previous_requests"
            case goneCauses = "gone_causes"
            case recoveredTargets = "recovered_targets"
            case newFailingTargets = "new_failing_targets"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let s = snapshot
            try c.encode("snapshot", forKey: .type)
            try c.encode(Int((s.end.timeIntervalSince(s.start) / 60).rounded()), forKey: .minutes)
            try c.encode(["start": WatchRefresh.iso(s.start), "end": WatchRefresh.iso(s.end)], forKey: .window)
            try c.encode(
                ["start": WatchRefresh.iso(s.previousStart), "end": WatchRefresh.iso(s.start)],
                forKey: .previousWindow
            )
            try c.encode(s.errorsPerMinute.map(WatchRefresh.rounded), forKey: .errorsPerMinute)
            try c.encode(s.previousErrorsPerMinute.map(WatchRefresh.rounded), forKey: .previousErrorsPerMinute)
            try c.encode(s.requests, forKey: .requests)
            try c.encode(s.previousRequests, forKey: .previousRequests)
            try c.encode(s.causes, forKey: .causes)
            try c.encode(s.goneCauses, forKey: .goneCauses)
            try c.encode(s.recoveredTargets, forKey: .recoveredTargets)
            try c.encode(s.newFailingTargets, forKey: .newFailingTargets)
            try c.encode(s.changes, forKey: .changes)
        }
    }
}
