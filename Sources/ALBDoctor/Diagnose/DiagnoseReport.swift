import ALBAccessLog
import ALBDiagnosis
import ALBReport

/// The report of `alb-doctor diagnose`: the causes decided by all the evidence together, what was gathered,
/// what is missing (and which IAM action would add it), the metrics' source attribution, the logs' and the
/// metrics' counts side by side, the configuration, CloudTrail changes and the access-log analysis.
///
/// JSON keys: `load_balancer`, `arn`, `region`, `window{start,end}`, `causes`, `gathered`, `missing_evidence`,
/// `source_attribution`, `logs_vs_metrics`, `configuration{load_balancer,target_groups}`, `metrics`,
/// `target_changes`, `access_logs` (the `analyze` report of the logs read), plus `schema_version`.
public struct DiagnoseReport: RenderableReport {
    /// The window.
    public struct Window: Sendable, Codable, Hashable {
        public var start: String
        public var end: String
    }

    /// Configuration read.
    public struct Configuration: Sendable, Codable, Hashable {
        public var loadBalancer: LoadBalancerSnapshot?
        public var targetGroups: [TargetGroupSnapshot]?
        public var lambdaFunctions: [LambdaFunctionSnapshot]?
        public var lambdaConcurrencyQuota: Double?
        public var networkPaths: [NetworkPathCheck]?

        enum CodingKeys: String, CodingKey {
            case loadBalancer = "load_balancer"
            case targetGroups = "target_groups"
            case lambdaFunctions = "lambda_functions"
            case lambdaConcurrencyQuota = "lambda_concurrency_quota"
            case networkPaths = "network_paths"
        }
    }

    public var title: String {
        guard let selection = statusSelection else { return "ALB 502 diagnosis: \(loadBalancer)" }
        // Without --status the access-log report names the codes the logs hold; the diagnosis says the same.
        if let logs = accessLogs, logs.automaticSelection {
            let codes = logs.titleCodes
            return codes.count <= 3
                ? "ALB \(Phrase.list(codes)) diagnosis: \(loadBalancer)"
                : "ALB error diagnosis: \(codes.prefix(3).joined(separator: ", ")) and \(codes.count - 3) more: \(loadBalancer)"
        }
        return "ALB error diagnosis (--status \(selection)): \(loadBalancer)"
    }
    public var schemaVersion: Int { 2 }
    public var findings: [Finding] { causes }
    public var noFindingsMessage: String {
        missingEvidence.isEmpty
            ? "No cause found: the evidence shows no 502 in this window."
            : "No cause found with the evidence available; see what is missing below."
    }

    /// Load balancer name.
    public var loadBalancer: String
    /// Its ARN, when known.
    public var arn: String?
    /// Region.
    public var region: String
    /// The window.
    public var window: Window
    /// Ranked causes.
    public var causes: [Finding]
    /// What was gathered, one line per source.
    public var gathered: [String]
    /// What could not be gathered.
    public var missingEvidence: [MissingEvidence]
    /// Who produced the errors according to the metrics.
    public var sourceAttribution: SourceAttribution?
    /// Logs against metrics.
    public var logsVsMetrics: [CountComparison]
    /// Configuration.
    public var configuration: Configuration
    /// CloudWatch series (nil when not gathered).
    public var metrics: [MetricSeries]?
    /// CloudTrail target-group changes (nil when not gathered).
    public var targetChanges: [TargetChangeEvent]?
    /// The access-log analysis (nil when no log was read).
    public var accessLogs: AnalysisReport?
    /// What ran behind the targets with errors (nil when not gathered).
    public var workloads: [Workload]?
    /// Every target with 502s in the logs read, with the times of its first and last 502 (not encoded): what
    /// `--pcap` matches a capture against, the same values `analyze --pcap` uses, never the rendered rows.
    public var logTargets: [CaptureMerge.LogTarget]
    /// `--status` as given (canonical); `nil` for the default 502 diagnosis (JSON `status_selection`).
    public var statusSelection: String?

    enum CodingKeys: String, CodingKey {
        case loadBalancer = "load_balancer"
        case arn, region, window, causes, gathered
        case missingEvidence = "missing_evidence"
        case sourceAttribution = "source_attribution"
        case logsVsMetrics = "logs_vs_metrics"
        case configuration, metrics
        case targetChanges = "target_changes"
        case accessLogs = "access_logs"
        case statusSelection = "status_selection"
        case workloads
    }

    /// Encodes every key; `access_logs` is a whole `analyze` report, with its own `schema_version`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(loadBalancer, forKey: .loadBalancer)
        try c.encodeIfPresent(arn, forKey: .arn)
        try c.encode(region, forKey: .region)
        try c.encode(window, forKey: .window)
        try c.encode(causes, forKey: .causes)
        try c.encode(gathered, forKey: .gathered)
        try c.encode(missingEvidence, forKey: .missingEvidence)
        try c.encodeIfPresent(sourceAttribution, forKey: .sourceAttribution)
        try c.encode(logsVsMetrics, forKey: .logsVsMetrics)
        try c.encode(configuration, forKey: .configuration)
        try c.encodeIfPresent(metrics, forKey: .metrics)
        try c.encodeIfPresent(targetChanges, forKey: .targetChanges)
        try c.encodeIfPresent(accessLogs.map(VersionedReport.init), forKey: .accessLogs)
        try c.encodeIfPresent(statusSelection, forKey: .statusSelection)
        try c.encodeIfPresent(workloads, forKey: .workloads)
    }

    /// Builds the report.
    public init(
        loadBalancer: String,
        arn: String?,
        region: String,
        combined: CombinedDiagnosis,
        gathered: [String],
        accessLogs: AnalysisReport?
    ) {
        self.loadBalancer = loadBalancer
        self.arn = arn
        self.region = region
        let inputs = combined.inputs
        window = Window(start: inputs.start.description, end: inputs.end.description)
        causes = combined.findings
        self.gathered = gathered
        missingEvidence = inputs.missing
        sourceAttribution = combined.attribution
        logsVsMetrics = combined.comparisons
        configuration = Configuration(
            loadBalancer: inputs.loadBalancer,
            targetGroups: inputs.targetGroups,
            lambdaFunctions: inputs.lambdaFunctions,
            lambdaConcurrencyQuota: inputs.lambdaConcurrencyQuota,
            networkPaths: inputs.networkPaths
        )
        metrics = inputs.metrics
        targetChanges = inputs.targetChanges
        self.accessLogs = accessLogs
        workloads = inputs.workloads
        logTargets = combined.logs.map { CaptureEvidence.logTargets($0.context.logs) } ?? []
    }

    public var sections: [ReportSection] {
        var before: [ReportBlock] = [
            .keyValues(
                [
                    ReportKeyValue("load balancer", loadBalancer + (arn.map { " (\($0))" } ?? "")),
                    ReportKeyValue("region", region),
                    ReportKeyValue("window", "\(window.start) .. \(window.end)"),
                ] + gathered.map { ReportKeyValue("gathered", $0, emphasis: .good) }
            )
        ]
        if let a = sourceAttribution {
            before.append(.paragraph(a.verdict))
        }
        var sections = [ReportSection(title: "Evidence", placement: .beforeFindings, blocks: before)]
        if !missingEvidence.isEmpty {
            sections.append(
                ReportSection(
                    title: "Missing evidence",
                    placement: .beforeFindings,
                    blocks: [
                        .bullets(
                            missingEvidence.map {
                                "\($0.what) [\($0.source.rawValue)]: \($0.reason)."
                                    + ($0.iamAction.map { " Grant \($0) to add it (`alb-doctor iam-policy`)." } ?? "")
                                    + " \($0.impact)"
                            }
                        )
                    ]
                )
            )
        }
        if !logsVsMetrics.isEmpty {
            sections.append(
                ReportSection(
                    title: "Access logs against metrics",
                    placement: .beforeFindings,
                    blocks: [
                        .table(
                            ReportTable(
                                columns: [
                                    .init("count"), .init("metric"), .init("logs", alignment: .right),
                                    .init("metrics", alignment: .right), .init("agree"),
                                ],
                                rows: logsVsMetrics.map {
                                    [
                                        $0.quantity, $0.metric, String($0.logs), String($0.metrics),
                                        $0.agrees ? "yes" : "NO",
                                    ]
                                },
                                note: logsVsMetrics.compactMap(\.note).first
                            )
                        )
                    ]
                )
            )
        }
        if let metrics, !metrics.isEmpty {
            sections.append(
                ReportSection(
                    title:
                        "Metrics (CloudWatch, \(MetricSeries.shortPeriodName(metrics.first?.periodSeconds ?? 60)) periods)",
                    blocks: [
                        .table(
                            ReportTable(
                                columns: [
                                    .init("metric"), .init("dimension"), .init("stat"),
                                    .init("total", alignment: .right),
                                    .init("points", alignment: .right), .init("peak", alignment: .right),
                                ],
                                rows: metrics.map { s in
                                    [
                                        s.name,
                                        s.dimensions["FunctionName"] ?? s.dimensions["TargetGroup"].map {
                                            TriageAggregator.groupName(fromARN: $0)
                                        } ?? "load balancer",
                                        s.statistic,
                                        s.statistic == "Sum" ? MetricSeries.format(s.total) : "-",
                                        String(s.points.count),
                                        s.peak.map { MetricSeries.format($0.value) } ?? "-",
                                    ]
                                },
                                note:
                                    "A metric without data points had none in the window: CloudWatch omits such minutes, read as 0."
                            )
                        )
                    ]
                )
            )
        }
        var config: [ReportKeyValue] = []
        if let lb = configuration.loadBalancer {
            config.append(ReportKeyValue("idle timeout", lb.idleTimeoutSeconds.map { "\($0) s" } ?? "-"))
            config.append(
                ReportKeyValue(
                    "access logs",
                    lb.accessLogsEnabled == true
                        ? "s3://\(lb.accessLogBucket ?? "-")/\(lb.accessLogPrefix ?? "")" : "disabled",
                    emphasis: lb.accessLogsEnabled == true ? .normal : .warning
                )
            )
            for (name, destination) in [
                ("health-check logs", lb.healthCheckLogs), ("connection logs", lb.connectionLogs),
            ] {
                guard let destination else { continue }
                config.append(
                    ReportKeyValue(
                        name,
                        destination.enabled ? destination.url : "disabled",
                        emphasis: destination.enabled ? .normal : .warning
                    )
                )
            }
            config.append(
                ReportKeyValue(
                    "listeners",
                    lb.listeners.map { listener in
                        // Only HTTPS listeners have a TLS policy (an emulator may report one on HTTP listeners).
                        let policy =
                            listener.protocol?.uppercased() == "HTTPS"
                            ? listener.sslPolicy.map { " (\($0))" } ?? "" : ""
                        return "\(listener.protocol ?? "-"):\(listener.port.map(String.init) ?? "-")\(policy)"
                    }
                    .joined(separator: ", ")
                )
            )
            if let mode = lb.desyncMitigationMode { config.append(ReportKeyValue("desync mitigation", mode)) }
            if let drop = lb.dropInvalidHeaderFields {
                config.append(ReportKeyValue("drop invalid headers", drop ? "on" : "off"))
            }
        }
        for group in configuration.targetGroups ?? [] {
            let health = (group.targets ?? []).map {
                "\($0.logAddress ?? $0.id) \($0.state)\($0.reason.map { " (\($0))" } ?? "")"
            }
            config.append(
                ReportKeyValue(
                    "target group \(group.name)",
                    "\(group.targetType ?? "-") \(group.protocol ?? "")\(group.port.map { ":\($0)" } ?? ""), deregistration delay \(group.deregistrationDelaySeconds.map { "\($0) s" } ?? "-"); targets: \(health.isEmpty ? "none" : Phrase.list(health, limit: 8))"
                )
            )
        }
        for function in configuration.lambdaFunctions ?? [] {
            config.append(
                ReportKeyValue(
                    "function \(function.name)",
                    "timeout \(function.timeoutSeconds.map { "\($0) s" } ?? "-"), memory \(function.memoryMB.map { "\($0) MB" } ?? "-"), state \(function.state ?? "-")"
                )
            )
        }
        for check in configuration.networkPaths ?? [] where check.blocked {
            config.append(
                ReportKeyValue(
                    "network path to \(check.target)",
                    "BLOCKED by \(check.blockedBy) from \(check.from ?? "-"): \(check.rule ?? "-")",
                    emphasis: .bad
                )
            )
        }
        if let quota = configuration.lambdaConcurrencyQuota {
            config.append(ReportKeyValue("Lambda concurrency quota", MetricSeries.format(quota)))
        }
        if !config.isEmpty { sections.append(ReportSection(title: "Configuration", blocks: [.keyValues(config)])) }
        if let changes = targetChanges, !changes.isEmpty {
            sections.append(
                ReportSection(
                    title: "Target-group changes (CloudTrail)",
                    blocks: [
                        .table(
                            ReportTable(
                                columns: [
                                    .init("time"), .init("event"), .init("target group"), .init("targets"), .init("by"),
                                ],
                                rows: changes.map { e in
                                    [
                                        Phrase.time(e.time.microsecondsSinceEpoch), e.name,
                                        e.targetGroupARN.map(TriageAggregator.groupName(fromARN:)) ?? "-",
                                        e.targets.map { "\($0.id)\($0.port.map { ":\($0)" } ?? "")" }.joined(
                                            separator: " "
                                        )
                                            + e.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                                            .joined(separator: " "),
                                        e.caller ?? "-",
                                    ]
                                }
                            )
                        )
                    ]
                )
            )
        }
        if let workloads, !workloads.isEmpty {
            sections.append(
                ReportSection(
                    title: "Workloads behind the targets",
                    blocks: [
                        .table(
                            ReportTable(
                                columns: [
                                    .init("address"), .init("workload"), .init("stop signal"), .init("stopped"),
                                    .init("exit codes"),
                                ],
                                rows: workloads.map { w in
                                    let timeline = StopTimeline(w)
                                    let codes = (w.ecsTask?.exitCodes ?? w.pod?.exitCodes ?? [:]).sorted {
                                        $0.key < $1.key
                                    }
                                    return [
                                        w.address, w.name, timeline.map { Phrase.time($0.signal) } ?? "-",
                                        Phrase.time(timeline?.stopped),
                                        codes.isEmpty
                                            ? "-" : codes.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                                    ]
                                }
                            )
                        )
                    ]
                )
            )
        }
        if let logs = accessLogs {
            for section in logs.sections {
                var s = section
                s.title = "Access logs: " + section.title
                s.placement = .afterFindings
                sections.append(s)
            }
        }
        return sections
    }
}

extension DiagnoseReport {
    /// Whether 502s were seen: in the access logs read, or in the metrics (ELB 502 or target 5xx).
    public var saw502: Bool {
        if let logs = accessLogs, logs.elb502 > 0 || logs.source.target > 0 { return true }
        if let a = sourceAttribution, a.elb502 > 0 { return true }
        return false
    }
}
