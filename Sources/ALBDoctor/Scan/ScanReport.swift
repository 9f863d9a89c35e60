import ALBDiagnosis
import ALBReport
import AWSClients
import Foundation

/// The report of `alb-doctor scan`: the fleet ranked by impact, a verdict per load balancer from the metrics
/// alone, the `diagnose` command for the ones worth a look, and what the scan cost.
///
/// JSON (schema `schema/scan-report.schema.json`, `schema_version` 2): `title`, `window`, `tag_filters`,
/// `regions[]`, `load_balancers[]` (ranked), `api_calls`, `metrics_requested`, `get_metric_data_calls`,
/// `cloudwatch_cost_usd`, `elapsed_seconds`.
public struct ScanReport: RenderableReport {
    /// CloudWatch's price of `GetMetricData`: US$ 0.01 per 1,000 metrics requested.
    public static let dollarsPerThousandMetrics = 0.01
    /// How many load balancers the findings block details (the table lists all).
    public static let detailed = 10

    /// Start of the window (aligned to the period).
    public var start: Date
    /// End of the window.
    public var end: Date
    /// Metric period, seconds.
    public var periodSeconds: Int
    /// `--since` as given.
    public var since: String
    /// `--tag` filters.
    public var tags: [String]
    /// Every region asked for, in order.
    public var regions: [ScanRegion]
    /// Every load balancer scanned, ranked (``ranked(_:)``).
    public var loadBalancers: [ScannedLoadBalancer]
    /// Requests sent by `service:Operation`, retries included.
    public var calls: [String: AWSCallLog.Count]
    /// Metric queries sent to `GetMetricData` (what CloudWatch bills).
    public var metricsRequested: Int
    /// Wall-clock time of the scan, seconds.
    public var elapsedSeconds: Double

    /// Creates a report.
    public init(
        start: Date,
        end: Date,
        periodSeconds: Int,
        since: String,
        tags: [String],
        regions: [ScanRegion],
        loadBalancers: [ScannedLoadBalancer],
        calls: [String: AWSCallLog.Count],
        metricsRequested: Int,
        elapsedSeconds: Double
    ) {
        self.start = start
        self.end = end
        self.periodSeconds = periodSeconds
        self.since = since
        self.tags = tags
        self.regions = regions
        self.loadBalancers = loadBalancers
        self.calls = calls
        self.metricsRequested = metricsRequested
        self.elapsedSeconds = elapsedSeconds
    }

    /// By impact: errors (ELB and target 5xx), then error rate, then region and name.
    public static func ranked(_ balancers: [ScannedLoadBalancer]) -> [ScannedLoadBalancer] {
        balancers.sorted { a, b in
            if a.verdict.errors != b.verdict.errors { return a.verdict.errors > b.verdict.errors }
            if a.verdict.errorRate != b.verdict.errorRate { return a.verdict.errorRate > b.verdict.errorRate }
            if a.region != b.region { return a.region < b.region }
            return a.name < b.name
        }
    }

    /// Every request sent.
    public var totalCalls: Int { calls.values.reduce(0) { $0 + $1.requests } }
    /// Of which retries.
    public var retries: Int { calls.values.reduce(0) { $0 + $1.retries } }
    /// `GetMetricData` requests sent (retries included).
    public var getMetricDataCalls: Int {
        calls.filter { $0.key.hasSuffix(":GetMetricData") }.reduce(0) { $0 + $1.value.requests }
    }
    /// What the metrics cost, US$.
    public var cloudWatchCost: Double { Double(metricsRequested) / 1000 * Self.dollarsPerThousandMetrics }

    // MARK: RenderableReport

    public var title: String { "ALB fleet scan" }
    public var schemaVersion: Int { 2 }
    public var findingsTitle: String { "Worth a look (causes from the metrics alone; diagnose decides)" }
    public var noFindingsMessage: String { "No load balancer answered a 5xx in the window." }

    public var headline: String? {
        let bad = loadBalancers.filter(\.worthALook)
        guard let top = bad.first else {
            return "No 5xx in \(loadBalancers.count) load balancers over \(regions.count) region(s)."
        }
        return
            "\(bad.count) of \(loadBalancers.count) load balancers answered 5xx; most: \(top.name) (\(top.region)), \(top.verdict.errors) errors."
    }

    /// The top finding of each load balancer worth a look, in fleet order, titled with its name.
    public var findings: [Finding] {
        loadBalancers.filter(\.worthALook).prefix(Self.detailed).compactMap { balancer in
            guard var finding = balancer.verdict.findings.first else { return nil }
            finding.title = "\(balancer.name) (\(balancer.region)): \(finding.title)"
            finding.confirm.insert("`\(balancer.diagnoseCommand)`", at: 0)
            return finding
        }
    }

    public var sections: [ReportSection] {
        var sections: [ReportSection] = []
        let scanned = regions.filter { $0.status == .scanned }
        sections.append(
            ReportSection(
                title: "Scan",
                placement: .beforeFindings,
                blocks: [
                    .keyValues([
                        ReportKeyValue(
                            "window",
                            "\(Self.iso(start)) – \(Self.iso(end)) (\(MetricSeries.periodName(periodSeconds)) periods)"
                        ),
                        ReportKeyValue(
                            "regions",
                            "\(scanned.count) of \(regions.count) scanned"
                                + (scanned.count < regions.count
                                    ? " (not: \(regions.filter { $0.status != .scanned }.map(\.region).joined(separator: ", ")))"
                                    : ""),
                            emphasis: scanned.count < regions.count ? .warning : .normal
                        ),
                        ReportKeyValue(
                            "load balancers",
                            "\(loadBalancers.count) Application Load Balancers"
                                + (tags.isEmpty ? "" : " tagged \(tags.joined(separator: ", "))")
                                + ", \(loadBalancers.filter(\.worthALook).count) with 5xx"
                        ),
                        ReportKeyValue(
                            "API calls",
                            "\(totalCalls)" + (retries > 0 ? " (\(retries) retried after throttling or errors)" : "")
                                + " — "
                                + calls.keys.sorted().map {
                                    "\($0.split(separator: ":").last ?? "") \(calls[$0]?.requests ?? 0)"
                                }
                                .joined(separator: ", ")
                        ),
                        ReportKeyValue(
                            "CloudWatch cost",
                            "\(metricsRequested) metrics in \(getMetricDataCalls) GetMetricData call\(getMetricDataCalls == 1 ? "" : "s") = US$ \(String(format: "%.4f", cloudWatchCost)) (US$ 0.01 per 1,000 metrics)"
                        ),
                        ReportKeyValue("took", String(format: "%.1f s", elapsedSeconds)),
                    ])
                ]
            )
        )
        sections.append(
            ReportSection(
                title: "Fleet by impact",
                placement: .beforeFindings,
                blocks: [
                    .table(
                        ReportTable(
                            columns: [
                                .init("#", alignment: .right), .init("load balancer"), .init("region"),
                                .init("requests", alignment: .right), .init("5xx", alignment: .right),
                                .init("rate", alignment: .right),
                                .init("5xx per \(sparklineColumnMinutes) min"),
                                .init("likely"),
                            ],
                            rows: loadBalancers.enumerated().map { index, balancer in
                                [
                                    String(index + 1), balancer.name, balancer.region,
                                    String(balancer.verdict.requests), String(balancer.verdict.errors),
                                    Phrase.percent(balancer.verdict.errorRate),
                                    Self.sparkline(balancer.perPeriod),
                                    balancer.worthALook ? (balancer.verdict.findings.first?.id.rawValue ?? "?") : "-",
                                ]
                            }
                        )
                    )
                ]
            )
        )
        let bad = loadBalancers.filter(\.worthALook)
        if !bad.isEmpty {
            sections.append(
                ReportSection(
                    title: "Verdicts and next step",
                    blocks: [
                        .bullets(bad.map { "\($0.name) (\($0.region)): \($0.verdict.summary)" }),
                        .verbatim(caption: "Diagnose from the logs:", lines: bad.map(\.diagnoseCommand)),
                    ]
                )
            )
        }
        let notScanned = regions.filter { $0.status != .scanned }
        if !notScanned.isEmpty {
            sections.append(
                ReportSection(
                    title: "Regions not scanned",
                    blocks: [
                        .bullets(notScanned.map { "\($0.region): \($0.status.rawValue) — \($0.message ?? "")" })
                    ]
                )
            )
        }
        return sections
    }

    // MARK: Helpers

    /// The minutes one sparkline character covers (periods are summed beyond 60 characters).
    public var sparklineColumnMinutes: Int {
        let periods = max(1, Int((end.timeIntervalSince(start) / Double(periodSeconds)).rounded(.up)))
        return max(1, (periods + 59) / 60) * periodSeconds / 60
    }

    /// One character per value (at most `width`, values summed into wider buckets beyond): `·` for none, then
    /// eighth blocks scaled to the largest.
    public static func sparkline(_ values: [Int], width: Int = 60) -> String {
        guard !values.isEmpty else { return "" }
        let per = max(1, (values.count + width - 1) / width)
        let buckets = stride(from: 0, to: values.count, by: per).map {
            values[$0..<min(values.count, $0 + per)].reduce(0, +)
        }
        let peak = buckets.max() ?? 0
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(
            buckets.map { value -> Character in
                guard value > 0, peak > 0 else { return "·" }
                return blocks[min(7, max(0, Int((Double(value) / Double(peak) * 8).rounded(.up)) - 1))]
            }
        )
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
