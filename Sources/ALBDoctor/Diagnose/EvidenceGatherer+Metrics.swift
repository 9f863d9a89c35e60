import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// CloudWatch: which series to ask for, aligned to their period.
extension EvidenceGatherer {
    // MARK: Metrics

    /// The queries: load-balancer totals, per target group, and per Lambda function.
    static func queries(loadBalancerDimension lb: String, groups: [TargetGroupSnapshot], period: Int = 60) -> [(
        MetricDataQuery, MetricSeries
    )] {
        var out: [(MetricDataQuery, MetricSeries)] = []
        func add(_ namespace: String, _ name: String, _ dimensions: [(String, String)], _ stat: String) {
            let id = "m\(out.count)"
            let query = MetricDataQuery.metric(
                id: id,
                MetricDataQuery.MetricStat(
                    namespace: namespace,
                    metricName: name,
                    dimensions: dimensions.map { MetricDimension(name: $0.0, value: $0.1) },
                    period: period,
                    stat: stat
                )
            )
            let series = MetricSeries(
                namespace: namespace,
                name: name,
                dimensions: Dictionary(dimensions, uniquingKeysWith: { a, _ in a }),
                statistic: stat,
                points: [],
                periodSeconds: period
            )
            out.append((query, series))
        }
        for name in [
            "HTTPCode_ELB_502_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount",
            "TargetConnectionErrorCount", "TargetTLSNegotiationErrorCount",
        ] {
            add("AWS/ApplicationELB", name, [("LoadBalancer", lb)], "Sum")
        }
        for group in groups {
            let dims = [("TargetGroup", group.metricDimension), ("LoadBalancer", lb)]
            if group.isLambda {
                for name in ["LambdaUserError", "LambdaInternalError", "RequestCount"] {
                    add("AWS/ApplicationELB", name, dims, "Sum")
                }
                let functions = Set((group.targets ?? []).map { EvidenceGatherer.functionName(fromARN: $0.id) })
                for function in functions.sorted() {
                    for (name, stat) in [
                        ("Throttles", "Sum"), ("Errors", "Sum"), ("Duration", "Maximum"),
                        ("ConcurrentExecutions", "Maximum"),
                    ] {
                        add("AWS/Lambda", name, [("FunctionName", function)], stat)
                    }
                }
            } else {
                for name in ["TargetConnectionErrorCount", "HTTPCode_Target_5XX_Count", "RequestCount"] {
                    add("AWS/ApplicationELB", name, dims, "Sum")
                }
                add("AWS/ApplicationELB", "UnHealthyHostCount", dims, "Maximum")
                add("AWS/ApplicationELB", "HealthyHostCount", dims, "Minimum")
            }
        }
        return out
    }

    func metrics(loadBalancerARN: String, groups: [TargetGroupSnapshot], missing: inout [MissingEvidence]) async
        -> [MetricSeries]?
    {
        guard let dimension = EvidenceGatherer.metricDimension(ofLoadBalancerARN: loadBalancerARN) else { return nil }
        guard let period = Self.period(start: start, now: now) else {
            missing.append(
                MissingEvidence(
                    source: .metric,
                    what: "CloudWatch metrics (AWS/ApplicationELB, AWS/Lambda)",
                    reason:
                        "the window starts \(Int(now.timeIntervalSince(start) / 86400)) days ago; CloudWatch keeps metrics for 455 days (one-hour periods)",
                    impact: "Who produced the 502s is not cross-checked; the diagnosis rests on the access logs."
                )
            )
            return nil
        }
        let planned = Self.queries(loadBalancerDimension: dimension, groups: groups, period: period)
        let aligned = Self.aligned(start: start, end: end, period: period)
        do {
            let results = try await CloudWatchClient(core: core).getMetricData(
                queries: planned.map(\.0),
                start: aligned.start,
                end: aligned.end
            )
            let byID = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return planned.map { query, series in
                var filled = series
                if let result = byID[query.id] {
                    filled = MetricSeries(
                        namespace: series.namespace,
                        name: series.name,
                        dimensions: series.dimensions,
                        statistic: series.statistic,
                        points: result.points.map {
                            MetricSeries.Point(
                                time: LogTimestamp(
                                    microsecondsSinceEpoch: Int64(
                                        ($0.timestamp.timeIntervalSince1970 * 1_000_000).rounded()
                                    )
                                ),
                                value: $0.value
                            )
                        },
                        complete: result.statusCode == "Complete",
                        periodSeconds: period
                    )
                }
                return filled
            }
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .metric,
                    what: "CloudWatch metrics (AWS/ApplicationELB, AWS/Lambda)",
                    action: "cloudwatch:GetMetricData",
                    impact:
                        "Who produced the 502s is not cross-checked, and connection, TLS and Lambda errors are judged from the logs alone."
                )
            )
            return nil
        }
    }

    /// `[start, end)` widened to whole periods.
    static func aligned(start: Date, end: Date, period: Int) -> (start: Date, end: Date) {
        let p = Double(period)
        let s = (start.timeIntervalSince1970 / p).rounded(.down) * p
        let e = (end.timeIntervalSince1970 / p).rounded(.up) * p
        return (Date(timeIntervalSince1970: s), Date(timeIntervalSince1970: max(e, s + p)))
    }

    /// The finest period CloudWatch still keeps for a window starting at `start`: 60 s for 15 days, 300 s for
    /// 63 days, 3600 s for 455 days (nil beyond). An hour of margin keeps the boundary on the safe side.
    static func period(start: Date, now: Date) -> Int? {
        let age = now.timeIntervalSince(start) + 3600
        let day: TimeInterval = 86400
        if age <= 15 * day { return 60 }
        if age <= 63 * day { return 300 }
        if age <= 455 * day { return 3600 }
        return nil
    }
}
