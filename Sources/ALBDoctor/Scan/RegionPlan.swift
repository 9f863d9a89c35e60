import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// One region of a scan: its describes, then one `GetMetricData` per 500 queries for every load balancer of
/// the region together.
struct RegionPlan: Sendable {
    var start: Date
    var end: Date
    var period: Int
    var tags: [(key: String, value: String)]
    var since: String

    /// Scans `region` through `core` (already set to the region); never throws: a refused or failed region
    /// is an outcome.
    func scan(region: String, core: AWSHTTPClient) async -> RegionOutcome {
        do {
            return try await scanning(region: region, core: core)
        } catch let error as AWSServiceError where error.isAccessDenied {
            return RegionOutcome(
                region: ScanRegion(region: region, status: .accessDenied, loadBalancers: 0, message: "\(error)"),
                loadBalancers: [],
                metricsRequested: 0
            )
        } catch {
            return RegionOutcome(
                region: ScanRegion(region: region, status: .failed, loadBalancers: 0, message: "\(error)"),
                loadBalancers: [],
                metricsRequested: 0
            )
        }
    }

    private func scanning(region: String, core: AWSHTTPClient) async throws -> RegionOutcome {
        let elb = ELBv2Client(core: core)
        var balancers = try await elb.describeLoadBalancers().filter { ($0.type ?? "application") == "application" }
        var tagsByARN: [String: [String: String]] = [:]
        if !tags.isEmpty && !balancers.isEmpty {
            tagsByARN = try await elb.describeTags(arns: balancers.map(\.arn))
            balancers = balancers.filter { balancer in
                let own = tagsByARN[balancer.arn] ?? [:]
                return tags.allSatisfy { own[$0.key] == $0.value }
            }
        }
        guard !balancers.isEmpty else {
            return RegionOutcome(
                region: ScanRegion(region: region, status: .scanned, loadBalancers: 0, message: nil),
                loadBalancers: [],
                metricsRequested: 0
            )
        }
        let wanted = Set(balancers.map(\.arn))
        let groups = try await elb.describeTargetGroups().filter { group in
            group.loadBalancerARNs.contains { wanted.contains($0) }
        }
        var planned: [(query: MetricDataQuery, series: MetricSeries, owner: Int)] = []
        for (index, balancer) in balancers.enumerated() {
            guard let dimension = balancer.metricDimension else { continue }
            func add(_ name: String, _ dimensions: [(String, String)], _ stat: String) {
                let query = MetricDataQuery.metric(
                    id: "q\(planned.count)",
                    MetricDataQuery.MetricStat(
                        namespace: "AWS/ApplicationELB",
                        metricName: name,
                        dimensions: dimensions.map { MetricDimension(name: $0.0, value: $0.1) },
                        period: period,
                        stat: stat
                    )
                )
                let series = MetricSeries(
                    namespace: "AWS/ApplicationELB",
                    name: name,
                    dimensions: Dictionary(dimensions, uniquingKeysWith: { a, _ in a }),
                    statistic: stat,
                    points: [],
                    periodSeconds: period
                )
                planned.append((query, series, index))
            }
            for name in FleetScan.loadBalancerMetrics { add(name, [("LoadBalancer", dimension)], "Sum") }
            for group in groups where group.loadBalancerARNs.contains(balancer.arn) {
                guard let groupDimension = group.metricDimension else { continue }
                for (name, stat) in FleetScan.targetGroupMetrics {
                    add(name, [("TargetGroup", groupDimension), ("LoadBalancer", dimension)], stat)
                }
            }
        }
        let results = try await CloudWatchClient(core: core).getMetricData(
            queries: planned.map(\.query),
            start: start,
            end: end
        )
        let byID = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seriesByOwner: [Int: [MetricSeries]] = [:]
        for item in planned {
            var series = item.series
            if let result = byID[item.query.id] {
                series.points = result.points.map {
                    MetricSeries.Point(
                        time: LogTimestamp(
                            microsecondsSinceEpoch: Int64(($0.timestamp.timeIntervalSince1970 * 1_000_000).rounded())
                        ),
                        value: $0.value
                    )
                }
                series.complete = result.statusCode == "Complete"
            }
            seriesByOwner[item.owner, default: []].append(series)
        }
        let startStamp = LogTimestamp(microsecondsSinceEpoch: Int64(start.timeIntervalSince1970 * 1_000_000))
        let endStamp = LogTimestamp(microsecondsSinceEpoch: Int64(end.timeIntervalSince1970 * 1_000_000))
        let scanned = balancers.enumerated().map { index, balancer in
            let own = groups.filter { $0.loadBalancerARNs.contains(balancer.arn) }.map {
                TargetGroupSnapshot(
                    name: $0.name,
                    arn: $0.arn,
                    protocol: $0.protocol,
                    port: $0.port,
                    targetType: $0.targetType
                )
            }
            let inputs = EvidenceInputs(
                start: startStamp,
                end: endStamp,
                targetGroups: own,
                metrics: seriesByOwner[index] ?? []
            )
            return ScannedLoadBalancer(
                name: balancer.name,
                arn: balancer.arn,
                region: region,
                tags: tagsByARN[balancer.arn] ?? [:],
                inputs: inputs,
                since: since
            )
        }
        return RegionOutcome(
            region: ScanRegion(region: region, status: .scanned, loadBalancers: scanned.count, message: nil),
            loadBalancers: scanned,
            metricsRequested: planned.count
        )
    }
}

/// What one region gave.
struct RegionOutcome: Sendable {
    var region: ScanRegion
    var loadBalancers: [ScannedLoadBalancer]
    var metricsRequested: Int
}
