import ALBAccessLog

/// Everything gathered about a load balancer besides its access logs: configuration, metrics and
/// CloudTrail events. A `nil` property means that evidence was not gathered (see `missing`).
public struct EvidenceInputs: Sendable, Codable {
    /// The diagnosed window.
    public var start: LogTimestamp
    /// End of the window.
    public var end: LogTimestamp
    /// The load balancer's configuration.
    public var loadBalancer: LoadBalancerSnapshot?
    /// Its target groups.
    public var targetGroups: [TargetGroupSnapshot]?
    /// CloudWatch series (1-minute periods).
    public var metrics: [MetricSeries]?
    /// CloudTrail target-group changes in the window (a little before it, too).
    public var targetChanges: [TargetChangeEvent]?
    /// What could not be gathered.
    public var missing: [MissingEvidence]
    /// Lambda functions behind the target groups (nil when not read).
    public var lambdaFunctions: [LambdaFunctionSnapshot]?
    /// The account's Lambda concurrent-executions quota (`L-B99A9384`), when read.
    public var lambdaConcurrencyQuota: Double?
    /// Network ACL checks of the path from the load balancer's subnets to the targets (nil when not read).
    public var networkPaths: [NetworkPathCheck]?
    /// What ran behind the target addresses with errors (ECS tasks, EC2 instances, pods; nil when not read).
    public var workloads: [Workload]?

    enum CodingKeys: String, CodingKey {
        case start, end, metrics, missing
        case loadBalancer = "load_balancer"
        case targetGroups = "target_groups"
        case targetChanges = "target_changes"
        case lambdaFunctions = "lambda_functions"
        case lambdaConcurrencyQuota = "lambda_concurrency_quota"
        case networkPaths = "network_paths"
        case workloads
    }

    /// Creates inputs.
    public init(
        start: LogTimestamp,
        end: LogTimestamp,
        loadBalancer: LoadBalancerSnapshot? = nil,
        targetGroups: [TargetGroupSnapshot]? = nil,
        metrics: [MetricSeries]? = nil,
        targetChanges: [TargetChangeEvent]? = nil,
        missing: [MissingEvidence] = []
    ) {
        self.start = start
        self.end = end
        self.loadBalancer = loadBalancer
        self.targetGroups = targetGroups
        self.metrics = metrics
        self.targetChanges = targetChanges
        self.missing = missing
    }

    /// The load-balancer-level series named `name` (dimension `LoadBalancer` only), if metrics were gathered
    /// (an empty series when CloudWatch returned none).
    public func loadBalancerSeries(_ name: String) -> MetricSeries? {
        guard let metrics else { return nil }
        return metrics.first { $0.name == name && $0.dimensions.keys.sorted() == ["LoadBalancer"] }
    }

    /// The per-target-group series named `name` for `group` (dimension value `targetgroup/…`).
    public func targetGroupSeries(_ name: String, group: String) -> MetricSeries? {
        metrics?.first { $0.name == name && $0.dimensions["TargetGroup"] == group }
    }

    /// Every per-target-group series named `name` with a non-zero total.
    public func nonZeroTargetGroupSeries(_ name: String) -> [MetricSeries] {
        (metrics ?? []).filter { $0.name == name && $0.dimensions["TargetGroup"] != nil && $0.total > 0 }
    }

    /// Every `AWS/Lambda` series named `name`.
    public func lambdaSeries(_ name: String) -> [MetricSeries] {
        (metrics ?? []).filter { $0.namespace == "AWS/Lambda" && $0.name == name }
    }

    /// The load-balancer total of `name`, or the sum over target groups when there is no load-balancer series.
    public func total(_ name: String) -> Int? {
        guard metrics != nil else { return nil }
        if let series = loadBalancerSeries(name) { return series.count }
        let groups = (metrics ?? []).filter { $0.name == name && $0.dimensions["TargetGroup"] != nil }
        return groups.isEmpty ? nil : groups.reduce(0) { $0 + $1.count }
    }

    /// The target group whose ARN or metric dimension is `key`.
    public func targetGroup(_ key: String?) -> TargetGroupSnapshot? {
        guard let key else { return nil }
        return targetGroups?.first { $0.arn == key || $0.metricDimension == key || $0.name == key }
    }
}

extension EvidenceInputs {
    /// The workloads at `address` (`ip` or `ip:port`).
    public func workloads(at address: String) -> [Workload] {
        let host = address.contains(".") && address.contains(":") ? TargetAddress.host(of: address) : address
        return (workloads ?? []).filter { $0.address == host }
    }
}
