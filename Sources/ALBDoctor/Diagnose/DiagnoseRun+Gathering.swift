import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// The steps of ``DiagnoseRun/run()``, one function per source, in the order `diagnose` runs them. Each returns
/// its value with the evidence it could not read and the lines it adds to `gathered`; ``report(_:pods:gathered:)``
/// puts them together in that order. `watch` (``LoadBalancerWatch``) runs the same steps: the configuration ones
/// as they are, the metrics, CloudTrail and access-log ones over each refresh's new interval, then the same
/// assembly over the whole watched window, so its final report is the one `diagnose` makes.
extension DiagnoseRun {
    /// One step's outcome.
    struct Step<Value: Sendable>: Sendable {
        /// What it read.
        var value: Value
        /// What it could not read.
        var missing: [MissingEvidence] = []
        /// Its lines of the report's `gathered`.
        var gathered: [String] = []
    }

    /// The load balancer and its target groups.
    struct LoadBalancerEvidence: Sendable {
        /// What the name or ARN resolved to.
        var resolved: EvidenceGatherer.Resolved
        /// The target groups with their attributes and target health (nil: not read).
        var groups: [TargetGroupSnapshot]?
        /// Both steps' missing evidence and lines.
        var missing: [MissingEvidence]
        var gathered: [String]
    }

    /// The Lambda functions and the network path.
    struct Surroundings: Sendable {
        var functions: [LambdaFunctionSnapshot]?
        var quota: Double?
        var network: [NetworkPathCheck]?
    }

    /// Every step's outcome, before the diagnosis.
    struct Gathered: Sendable {
        var loadBalancer: LoadBalancerEvidence
        var metrics: Step<[MetricSeries]?>
        var surroundings: Step<Surroundings>
        var changes: Step<[TargetChangeEvent]?>
        var logs: Step<LogOutcome?>
    }

    /// Resolves the load balancer, then reads its target groups.
    func gatherLoadBalancer(_ gatherer: EvidenceGatherer) async throws(DiagnoseError) -> LoadBalancerEvidence {
        var missing: [MissingEvidence] = []
        var gathered: [String] = []
        let progress = options.progress
        progress?.step("configuration: \(options.loadBalancer)…")
        let resolved = try await gatherer.resolveLoadBalancer(options.loadBalancer, missing: &missing)
        if resolved.snapshot != nil { gathered.append("configuration: load balancer, attributes, listeners") }
        var groups: [TargetGroupSnapshot]?
        if let arn = resolved.arn, resolved.snapshot != nil {
            progress?.step("configuration: target groups, attributes, target health…")
            groups = await gatherer.targetGroups(loadBalancerARN: arn, missing: &missing)
            if let groups {
                gathered.append(
                    "configuration: \(groups.count) target group\(groups.count == 1 ? "" : "s") with attributes and target health"
                )
            }
        }
        return LoadBalancerEvidence(resolved: resolved, groups: groups, missing: missing, gathered: gathered)
    }

    /// CloudWatch over the gatherer's window.
    func gatherMetrics(_ gatherer: EvidenceGatherer, loadBalancer: LoadBalancerEvidence) async -> Step<
        [MetricSeries]?
    > {
        var step = Step<[MetricSeries]?>(value: nil)
        guard let arn = loadBalancer.resolved.arn else { return step }
        options.progress?.step("metrics: CloudWatch GetMetricData…")
        step.value = await gatherer.metrics(
            loadBalancerARN: arn,
            groups: loadBalancer.groups ?? [],
            missing: &step.missing
        )
        if let metrics = step.value {
            step.gathered.append(Self.metricsLine(metrics))
            if loadBalancer.groups == nil {
                step.missing.append(
                    MissingEvidence(
                        source: .metric,
                        what: "per-target-group and Lambda metrics",
                        reason: "the target groups are not known",
                        iamAction: "elasticloadbalancing:DescribeTargetGroups",
                        impact: "Only the load balancer's totals were read."
                    )
                )
            }
        }
        return step
    }

    /// The `gathered` line of the metrics read.
    static func metricsLine(_ metrics: [MetricSeries]) -> String {
        let period = metrics.first?.periodSeconds ?? 60
        var line =
            "metrics: \(metrics.count) CloudWatch series, \(MetricSeries.shortPeriodName(period)) Sum/Maximum/Minimum"
        if period > 60 {
            line +=
                " (the window is older than the \(period == 300 ? "15" : "63") days CloudWatch keeps \(MetricSeries.shortPeriodName(period == 300 ? 60 : 300)) data)"
        }
        return line
    }

    /// The Lambda functions behind the target groups and the network path to the targets.
    func gatherSurroundings(_ gatherer: EvidenceGatherer, loadBalancer: LoadBalancerEvidence) async -> Step<
        Surroundings
    > {
        var step = Step(value: Surroundings())
        options.progress?.step("configuration: Lambda functions and quota, network path…")
        let groups = loadBalancer.groups ?? []
        let lambda = await gatherer.lambda(groups: groups, missing: &step.missing)
        step.value.functions = lambda.functions
        step.value.quota = lambda.quota
        if let functions = lambda.functions, !functions.isEmpty {
            step.gathered.append("configuration: \(functions.count) Lambda function\(functions.count == 1 ? "" : "s")")
        }
        let network = await gatherer.networkPaths(
            resolved: loadBalancer.resolved,
            groups: groups,
            missing: &step.missing
        )
        step.value.network = network
        if let network {
            step.gathered.append(
                "network: \(network.count) target path\(network.count == 1 ? "" : "s") (route tables, network ACLs, security groups), \(network.filter(\.blocked).count) blocked"
            )
        }
        return step
    }

    /// CloudTrail's target-group changes over the gatherer's window (and its look-back).
    func gatherTargetChanges(_ gatherer: EvidenceGatherer, loadBalancer: LoadBalancerEvidence) async -> Step<
        [TargetChangeEvent]?
    > {
        var step = Step<[TargetChangeEvent]?>(value: nil)
        options.progress?.step("cloudtrail: LookupEvents…")
        step.value = await gatherer.targetChanges(groups: loadBalancer.groups, missing: &step.missing)
        if let changes = step.value { step.gathered.append(Self.changesLine(changes)) }
        return step
    }

    /// The `gathered` line of the CloudTrail events read.
    static func changesLine(_ changes: [TargetChangeEvent]) -> String {
        "cloudtrail: \(changes.count) target-group change\(changes.count == 1 ? "" : "s")"
    }

    /// The access logs of the gatherer's window: `--logs`, Athena, or the load balancer's S3 prefix.
    func gatherLogs(_ gatherer: EvidenceGatherer, loadBalancer: LoadBalancerEvidence, saveLogs save: Bool)
        async throws(DiagnoseError) -> Step<LogOutcome?>
    {
        var step = Step<LogOutcome?>(value: nil)
        options.progress?.step("access logs: listing…")
        let window = TimeWindow(since: gatherer.startStamp, until: gatherer.endStamp)
        let saveLogs = save ? options.saveEvidence.map { EvidenceBundle.logs(in: $0) } : nil
        if !options.logs.isEmpty {
            if let saveLogs { try Self.copy(options.logs, to: saveLogs) }
            step.value = try await scanLocal(paths: options.logs, window: window)
        } else if let athena = options.athena, let snapshot = loadBalancer.resolved.snapshot {
            step.value = await scanAthena(
                athena,
                snapshot: snapshot,
                core: gatherer.core,
                window: window,
                missing: &step.missing
            )
        } else if let snapshot = loadBalancer.resolved.snapshot {
            step.value = await scanS3(
                snapshot: snapshot,
                core: gatherer.core,
                region: gatherer.region,
                start: gatherer.start,
                end: gatherer.end,
                window: window,
                saveTo: saveLogs,
                missing: &step.missing
            )
            if var outcome = step.value {
                await scanLoadBalancerLogs(
                    into: &outcome,
                    snapshot: snapshot,
                    core: gatherer.core,
                    region: gatherer.region,
                    start: gatherer.start,
                    end: gatherer.end,
                    window: window,
                    saveTo: saveLogs,
                    missing: &step.missing
                )
                step.value = outcome
            } else {
                // Without the access logs there is nothing to join them with; a disabled type is still named.
                for (kind, destination) in [
                    (LoadBalancerLogType.healthCheck, snapshot.healthCheckLogs),
                    (LoadBalancerLogType.connection, snapshot.connectionLogs),
                ] {
                    if let destination, !destination.enabled {
                        step.missing.append(Self.disabled(kind, destination: destination, loadBalancer: snapshot.name))
                    }
                }
            }
        } else {
            step.missing.append(Self.missingLogLocation)
        }
        return step
    }

    /// The missing evidence of access logs whose location is not known.
    static let missingLogLocation = MissingEvidence(
        source: .accessLog,
        what: "access logs",
        reason: "their location comes from the load balancer's attributes, which could not be read",
        iamAction: "elasticloadbalancing:DescribeLoadBalancerAttributes",
        impact:
            "Which targets, paths and signatures the 502s have is unknown; pass --logs PATH with a downloaded copy."
    )

    /// What ran behind the targets with 502s (most errors first, bounded; not with `workloads` false), then the
    /// inputs, the saved bundle (`--save-evidence`) and the diagnosis.
    func report(
        _ gatherer: EvidenceGatherer,
        pods: [Workload],
        gathered steps: Gathered,
        workloads readWorkloads: Bool = true
    ) async throws(DiagnoseError) -> DiagnoseReport {
        let resolved = steps.loadBalancer.resolved
        var missing = steps.loadBalancer.missing + steps.metrics.missing + steps.surroundings.missing
        missing += steps.changes.missing + steps.logs.missing
        var gathered = steps.loadBalancer.gathered + steps.metrics.gathered + steps.surroundings.gathered
        gathered += steps.changes.gathered
        let logOutcome = steps.logs.value
        var workloads: [Workload]?
        if readWorkloads, let logs = logOutcome?.logs {
            let addresses = logs.targetRows.filter { $0.stats.elb502 > 0 }
                .sorted { $0.stats.elb502 != $1.stats.elb502 ? $0.stats.elb502 > $1.stats.elb502 : $0.key < $1.key }
                .prefix(WorkloadGatherer.maxAddresses).map { TargetAddress.host(of: $0.key) }
            if !addresses.isEmpty {
                options.progress?.step("workloads: network interfaces, ECS tasks, EC2 instances, Auto Scaling…")
                workloads = await WorkloadGatherer(core: gatherer.core).workloads(
                    addresses: addresses,
                    missing: &missing
                )
                if let workloads {
                    gathered.append(
                        "workloads: \(workloads.count) behind \(addresses.count) target address\(addresses.count == 1 ? "" : "es") with 502s"
                    )
                }
            }
        }
        var inputs = EvidenceInputs(
            start: gatherer.startStamp,
            end: gatherer.endStamp,
            loadBalancer: resolved.snapshot,
            targetGroups: steps.loadBalancer.groups,
            metrics: steps.metrics.value,
            targetChanges: steps.changes.value,
            missing: missing
        )
        inputs.lambdaFunctions = steps.surroundings.value.functions
        inputs.lambdaConcurrencyQuota = steps.surroundings.value.quota
        inputs.networkPaths = steps.surroundings.value.network
        inputs.workloads = workloads
        if !pods.isEmpty { inputs.workloads = (inputs.workloads ?? []) + pods }
        if let directory = options.saveEvidence {
            try EvidenceBundle(
                version: EvidenceBundle.currentVersion,
                loadBalancer: resolved.name,
                arn: resolved.arn,
                region: gatherer.region,
                gathered: gathered,
                inputs: inputs,
                logSources: logOutcome?.inputs ?? []
            ).write(to: directory)
        }
        return Self.finish(
            loadBalancer: resolved.name,
            arn: resolved.arn,
            region: gatherer.region,
            inputs: inputs,
            gathered: gathered,
            logs: logOutcome,
            status: options.status
        )
    }
}
