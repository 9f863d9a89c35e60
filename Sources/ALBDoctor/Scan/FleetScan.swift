import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// `alb-doctor scan`: every Application Load Balancer of the account in the given regions, each one's 5xx
/// picture from CloudWatch in as few `GetMetricData` calls as the 500-query limit allows, ranked by impact with
/// a verdict from the metrics alone (``MetricsVerdict``).
///
/// Per region: `DescribeLoadBalancers` (paginated, `Type` application only), `DescribeTags` in calls of 20
/// ARNs (only with `--tag`), `DescribeTargetGroups` (paginated, all of the region: which groups belong to which
/// load balancer), then one `GetMetricData` per 500 queries for the whole region. Regions run concurrently,
/// at most ``Options/regionConcurrency`` at a time; throttling is retried by the core client's standard policy;
/// a region that refuses access is named in the report, not fatal.
public struct FleetScan: Sendable {
    /// The load-balancer metrics read for each load balancer (`Sum`).
    public static let loadBalancerMetrics = [
        "HTTPCode_ELB_502_Count", "HTTPCode_ELB_503_Count", "HTTPCode_ELB_504_Count", "HTTPCode_ELB_500_Count",
        "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount", "TargetConnectionErrorCount",
        "TargetTLSNegotiationErrorCount", "RejectedConnectionCount",
    ]

    /// The per-target-group metrics: `UnHealthyHostCount` (`Maximum`) and `HealthyHostCount` (`Minimum`).
    public static let targetGroupMetrics = [("UnHealthyHostCount", "Maximum"), ("HealthyHostCount", "Minimum")]

    /// What to scan.
    public struct Options: Sendable {
        /// `--region` (repeatable); empty with `allRegions` false means the configured region.
        public var regions: [String] = []
        /// `--all-regions`: ``AWSRegions/defaultEnabled``.
        public var allRegions = false
        /// A duration before now (`1h`) or an ISO 8601 time (default `1h`).
        public var since: String?
        /// `--tag KEY=VALUE` (repeatable): a load balancer must carry every one.
        public var tags: [(key: String, value: String)] = []
        /// How to reach AWS (`--profile`, `--endpoint-url`; `region` is the fallback region).
        public var aws = AWSAccessOptions()
        /// The environment AWS settings are read from (tests inject one).
        public var awsEnvironment: AWSEnvironment = .process
        /// Endpoints per region, replacing the resolved ones (tests point one region at a loopback stand-in).
        public var regionEndpoints: [String: AWSEndpointResolver] = [:]
        /// Retry policy replacing the resolved one (tests shorten the backoff).
        public var retry: AWSRetryPolicy?
        /// Regions scanned at once.
        public var regionConcurrency = 4
        /// "Now".
        public var now = Date()

        /// Creates options.
        public init() {}
    }

    /// The options.
    public var options: Options

    /// Creates a scan.
    public init(options: Options) {
        self.options = options
    }

    /// Parses `KEY=VALUE`.
    public static func tag(parsing text: String) -> (key: String, value: String)? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// Scans. Throws only when nothing can be scanned (bad window, no AWS settings).
    public func run() async throws(ScanError) -> ScanReport {
        let clock = ContinuousClock.now
        let nowStamp = LogTimestamp(
            microsecondsSinceEpoch: Int64((options.now.timeIntervalSince1970 * 1_000_000).rounded())
        )
        let window: TimeWindow
        do {
            window = try TimeWindow(since: options.since ?? "1h", until: nil, now: nowStamp)
        } catch {
            throw .window(error.description)
        }
        let start = Date(
            timeIntervalSince1970: Double((window.since ?? nowStamp).microsecondsSinceEpoch) / 1_000_000
        )
        guard start < options.now else { throw .window("the window is empty (it starts at or after now)") }
        guard let period = EvidenceGatherer.period(start: start, now: options.now) else {
            throw .window("the window starts more than 455 days ago; CloudWatch keeps no metrics that old")
        }
        let aligned = EvidenceGatherer.aligned(start: start, end: options.now, period: period)
        let context: AWSContext
        do {
            var access = options.aws
            if access.region == nil {
                access.region = options.regions.first ?? (options.allRegions ? "us-east-1" : nil)
            }
            context = try AWSContext.resolve(
                settings: AWSSettings(profile: access.profile, region: access.region, endpointURL: access.endpointURL),
                environment: options.awsEnvironment,
                retry: options.retry
            )
        } catch {
            throw .aws("\(error)")
        }
        var regions = options.allRegions ? AWSRegions.defaultEnabled : options.regions
        if regions.isEmpty { regions = [context.region] }
        regions = regions.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        let log = AWSCallLog()
        let regionList = regions
        let plan = RegionPlan(
            start: aligned.start,
            end: aligned.end,
            period: period,
            tags: options.tags,
            since: options.since ?? "1h"
        )
        let outcomes = await withTaskGroup(of: (Int, RegionOutcome).self) { group in
            var next = 0
            var outcomes: [(Int, RegionOutcome)] = []
            func add(_ index: Int) {
                var core = context.core()
                core.region = regions[index]
                core.callLog = log
                if let endpoints = options.regionEndpoints[regions[index]] { core.endpoints = endpoints }
                let client = core
                group.addTask { (index, await plan.scan(region: regionList[index], core: client)) }
            }
            while next < min(regions.count, max(1, options.regionConcurrency)) {
                add(next)
                next += 1
            }
            for await outcome in group {
                outcomes.append(outcome)
                if next < regions.count {
                    add(next)
                    next += 1
                }
            }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let elapsed = ContinuousClock.now - clock
        return ScanReport(
            start: aligned.start,
            end: aligned.end,
            periodSeconds: period,
            since: options.since ?? "1h",
            tags: options.tags.map { "\($0.key)=\($0.value)" },
            regions: outcomes.map(\.region),
            loadBalancers: ScanReport.ranked(outcomes.flatMap(\.loadBalancers)),
            calls: log.snapshot,
            metricsRequested: outcomes.reduce(0) { $0 + $1.metricsRequested },
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }
}

/// What `scan` could not do at all.
public enum ScanError: Error, Sendable, CustomStringConvertible {
    /// `--since` could not be read, or the window is empty.
    case window(String)
    /// AWS settings could not be resolved (no region, no credentials, bad profile).
    case aws(String)

    public var description: String {
        switch self {
        case .window(let message): "time window: \(message)"
        case .aws(let message): message
        }
    }
}
