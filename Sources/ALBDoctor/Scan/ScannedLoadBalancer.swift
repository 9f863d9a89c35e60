import ALBAccessLog
import ALBDiagnosis
import Foundation

/// One load balancer of a scan: its metrics over the window and what they say (``MetricsVerdict``).
public struct ScannedLoadBalancer: Sendable {
    /// Name.
    public var name: String
    /// ARN.
    public var arn: String
    /// Region.
    public var region: String
    /// Tags (read only with `--tag`).
    public var tags: [String: String]
    /// The metrics read, as `diagnose` holds them.
    public var inputs: EvidenceInputs
    /// The verdict from the metrics alone.
    public var verdict: MetricsVerdict
    /// `--since` as given, repeated in the `diagnose` command.
    public var since: String

    /// Reads the verdict from `inputs`.
    public init(
        name: String,
        arn: String,
        region: String,
        tags: [String: String],
        inputs: EvidenceInputs,
        since: String
    ) {
        self.name = name
        self.arn = arn
        self.region = region
        self.tags = tags
        self.inputs = inputs
        self.since = since
        verdict = MetricsVerdict(inputs: inputs)
    }

    /// Total of a load-balancer metric (0 without data points).
    public func total(_ metric: String) -> Int { inputs.total(metric) ?? 0 }

    /// The highest `UnHealthyHostCount` of any of its target groups.
    public var unhealthyHostsMax: Int {
        Int(
            (inputs.metrics ?? []).filter { $0.name == "UnHealthyHostCount" }.compactMap { $0.peak?.value }.max() ?? 0
        )
    }

    /// Errors (ELB 5xx and target 5xx) per period from the window's start, one value per period.
    public var perPeriod: [Int] {
        let start = inputs.start.microsecondsSinceEpoch
        let period = Int64((inputs.metrics?.first?.periodSeconds ?? 60)) * 1_000_000
        let count = max(1, Int((inputs.end.microsecondsSinceEpoch - start + period - 1) / period))
        func bucketed(_ name: String) -> [Int] {
            var values = [Int](repeating: 0, count: count)
            for point in inputs.loadBalancerSeries(name)?.points ?? [] {
                let index = Int((point.time.microsecondsSinceEpoch - start) / period)
                if values.indices.contains(index) { values[index] += Int(point.value.rounded()) }
            }
            return values
        }
        let elb = bucketed("HTTPCode_ELB_5XX_Count")
        let codes = ["500", "502", "503", "504"].map { bucketed("HTTPCode_ELB_\($0)_Count") }
        let target = bucketed("HTTPCode_Target_5XX_Count")
        return (0..<count).map { i in max(elb[i], codes.reduce(0) { $0 + $1[i] }) + target[i] }
    }

    /// Whether `diagnose` is worth running (it had 5xx).
    public var worthALook: Bool { verdict.errors > 0 }

    /// The exact `diagnose` command for it.
    public var diagnoseCommand: String {
        "alb-doctor diagnose --load-balancer \(name) --region \(region) --since \(since)"
    }
}

/// One region of a scan and what became of it.
public struct ScanRegion: Sendable, Hashable, Encodable {
    /// How the region went.
    public enum Status: String, Sendable, Hashable, Encodable {
        /// Scanned.
        case scanned
        /// The credentials may not describe or read metrics there (AccessDenied, UnauthorizedOperation).
        case accessDenied = "access-denied"
        /// Any other failure (no answer, throttled beyond the retries).
        case failed
    }

    /// The region.
    public var region: String
    /// How it went.
    public var status: Status
    /// Application Load Balancers scanned there.
    public var loadBalancers: Int
    /// The error, when not scanned.
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case region, status, message
        case loadBalancers = "load_balancers"
    }
}
