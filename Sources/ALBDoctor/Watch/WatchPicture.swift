import ALBAccessLog
import ALBDiagnosis
import Foundation

/// What one refresh saw, reduced to what the next compares against: the causes of the whole window so far (id,
/// count, confidence), the error rate of the refresh's new minutes, and the targets with 502s among the new
/// log lines.
struct WatchPicture: Sendable, Hashable {
    /// One cause of the report.
    struct Cause: Sendable, Hashable {
        var id: CauseID
        var status: Int?
        var count: Int
        var confidence: Double
        /// Errors the cause gained in this refresh.
        var gained: Int
    }

    var causes: [Cause]
    /// ELB and target 5xx per minute over the refresh's new minutes (nil: no minute was read).
    var errorsPerMinute: Double?
    /// Targets (`ip:port`) with 502s among the new lines → their count.
    var failingTargets: [String: Int]
    /// Targets that served new lines.
    var servingTargets: Set<String>

    /// The causes of `report`, each with what it gained over `previous`.
    static func causes(of report: DiagnoseReport, previous: WatchPicture?) -> [Cause] {
        report.causes.map { finding in
            let before = previous?.causes.first { $0.id == finding.id && $0.status == finding.status }?.count ?? 0
            return Cause(
                id: finding.id,
                status: finding.status,
                count: finding.count,
                confidence: finding.confidence,
                gained: max(0, finding.count - before)
            )
        }
    }

    /// 5xx per minute over `[from, to)` from the load balancer's metrics: per minute the larger of
    /// `HTTPCode_ELB_5XX_Count` and `HTTPCode_ELB_502_Count` (the 5XX series is not always there), plus
    /// `HTTPCode_Target_5XX_Count` (nil without any of those series).
    static func metricErrorsPerMinute(_ metrics: [MetricSeries]?, from: Date, to: Date) -> Double? {
        let loadBalancerSeries = (metrics ?? []).filter { $0.dimensions.count == 1 }
        func perMinute(_ name: String) -> [LogTimestamp: Double]? {
            guard let series = loadBalancerSeries.first(where: { $0.name == name }) else { return nil }
            return Dictionary(series.points.map { ($0.time, $0.value) }, uniquingKeysWith: +)
        }
        let elb5xx = perMinute("HTTPCode_ELB_5XX_Count")
        let elb502 = perMinute("HTTPCode_ELB_502_Count")
        let target5xx = perMinute("HTTPCode_Target_5XX_Count")
        guard elb5xx != nil || elb502 != nil || target5xx != nil else { return nil }
        let firstMinute = (from.timeIntervalSince1970 / 60).rounded(.down)
        let first = EvidenceGatherer.stamp(Date(timeIntervalSince1970: firstMinute * 60))
        let last = EvidenceGatherer.stamp(to)
        let minutes = max(1, (to.timeIntervalSince1970 / 60).rounded(.up) - firstMinute)
        var times = Set<LogTimestamp>()
        for table in [elb5xx, elb502, target5xx] { times.formUnion(table?.keys ?? [:].keys) }
        let errors = times.filter { $0 >= first && $0 < last }.reduce(0.0) { sum, time in
            sum + max(elb5xx?[time] ?? 0, elb502?[time] ?? 0) + (target5xx?[time] ?? 0)
        }
        return errors / minutes
    }

    /// The time of the newest metric point with 5xx (nil when none).
    static func lastMetricError(_ metrics: [MetricSeries]?) -> Date? {
        let wanted = ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_502_Count"]
        let times = (metrics ?? []).filter { wanted.contains($0.name) }.flatMap(\.points).filter { $0.value > 0 }
            .map(\.time)
        return times.max().map { Date(timeIntervalSince1970: Double($0.microsecondsSinceEpoch) / 1_000_000 + 60) }
    }
}
