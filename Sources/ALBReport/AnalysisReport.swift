import ALBDiagnosis

/// The `alb-doctor analyze` report: scope, source attribution, signatures, ranked causes,
/// breakdowns, timeline, processing times and example lines.
///
/// Its JSON (schema `schema/analyze-report.schema.json`, `schema_version` 2) keeps these top-level
/// keys stable: `requests`, `elb_502`, `source`, `signatures`, `causes`, `skipped`; it adds
/// `inputs`, `window`, `time_range`, `load_balancers`, `status_codes`, `elb_502_rate`,
/// `breakdowns`, `timeline`, `processing_times`, `examples`; `engine` only when the triage ran on Athena
/// (`--engine athena`: its queries, bytes scanned and cost).
public struct AnalysisReport: RenderableReport {
    public static let currentSchemaVersion = 2

    public var title: String {
        guard let selection = statusSelection else { return "ALB 502 analysis" }
        guard automaticSelection else { return "ALB error analysis (--status \(selection))" }
        return titleCodes.count <= 3
            ? "ALB \(Phrase.list(titleCodes)) analysis"
            : "ALB error analysis: \(titleCodes.prefix(3).joined(separator: ", ")) and \(titleCodes.count - 3) more"
    }

    /// Without `--status`: the codes the report explains, most lines first, then `target 5xx` when the targets'
    /// own 5xx are among them (the title names them).
    public var titleCodes: [String] {
        var counts: [(code: String, count: Int)] = (statuses ?? []).filter {
            $0.source.loadBalancer > 0 || $0.status == 502
        }
        .map { (String($0.status), $0.count) }
        if shows502 { counts.append(("502", elb502)) }
        counts.sort { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        var names = counts.map(\.code)
        if (statuses ?? []).contains(where: { $0.status >= 500 && $0.source.target > 0 }) { names.append("target 5xx") }
        return names
    }
    public var schemaVersion: Int { AnalysisReport.currentSchemaVersion }
    public var findings: [Finding] { causes }
    public var noFindingsMessage: String {
        if statusSelection != nil {
            return (statuses ?? []).isEmpty && (!shows502 || elb502 == 0)
                ? "No lines with the selected status codes in these logs."
                : "No cause matched; see the signatures and examples."
        }
        return elb502 == 0 ? "No 502s in these logs." : "No cause matched; see the signatures and examples."
    }

    /// A time window as given (`nil` = open).
    public struct Window: Sendable, Codable, Hashable {
        public var since: String?
        public var until: String?
    }

    /// First and last record time.
    public struct TimeRange: Sendable, Codable, Hashable {
        public var first: String?
        public var last: String?
    }

    /// 502 source attribution.
    public struct Source: Sendable, Codable, Hashable {
        public var loadBalancer: Int
        public var target: Int
        public var other: Int
        enum CodingKeys: String, CodingKey {
            case loadBalancer = "load_balancer"
            case target, other
        }
    }

    /// One signature and its exact count.
    public struct SignatureEntry: Sendable, Codable, Hashable {
        public var id: SignatureID
        public var code: String?
        public var count: Int
        public var first: String?
        public var last: String?
    }

    /// Skipped lines.
    public struct Skipped: Sendable, Codable, Hashable {
        public var lines: Int
        public var reasons: [String: Int]
        public var errors: [String]
        public var sourcesFailed: Int
        /// Records kept (not skipped) whose text fields held bytes that are not UTF-8, shown as U+FFFD.
        public var invalidUTF8Records: Int = 0
        /// Of those, per field (AWS name): how many records.
        public var invalidUTF8ByField: [String: Int] = [:]
        enum CodingKeys: String, CodingKey {
            case lines, reasons, errors
            case sourcesFailed = "sources_failed"
            case invalidUTF8Records = "invalid_utf8_records"
            case invalidUTF8ByField = "invalid_utf8_by_field"
        }
    }

    /// A breakdown row (target, target group, path, client, subnet, load balancer).
    public struct BreakdownRow: Sendable, Codable, Hashable {
        public var key: String
        public var requests: Int?
        public var elb502: Int
        public var signatures: SignatureCounts
        public var targetGroup: String?
        public var first502: String?
        public var last502: String?
        public var lastRequest: String?
        public var targets: Int?
        /// Target rows: 502s per minute (`2026-11-24T09:05Z` → count), bounded per target.
        public var elb502ByMinute: [String: Int]?
        /// What ran at the target (`ECS task … (service web, web:42)`, `pod ns/name`), when known.
        public var workload: String?
        /// Target rows, when health-check logs were read: the target's checks per minute (`2026-11-24T09:05Z` →
        /// passed and failed), over every target group it is checked in.
        public var healthChecksByMinute: [String: HealthCheckCounts]?
        enum CodingKeys: String, CodingKey {
            case key, requests
            case elb502 = "elb_502"
            case signatures
            case targetGroup = "target_group"
            case first502 = "first_502"
            case last502 = "last_502"
            case lastRequest = "last_request"
            case targets
            case elb502ByMinute = "elb_502_by_minute"
            case workload
            case healthChecksByMinute = "health_checks_by_minute"
        }
    }

    /// A breakdown: the top rows plus what was left out.
    public struct Breakdown: Sendable, Codable, Hashable {
        public var rows: [BreakdownRow]
        /// Rows with 502s not listed (beyond the top N).
        public var moreRows: Int
        /// 502s in rows not listed, including keys that did not fit the bounded table.
        public var more502: Int
        enum CodingKeys: String, CodingKey {
            case rows
            case moreRows = "more_rows"
            case more502 = "more_elb_502"
        }
    }

    /// All breakdowns.
    public struct Breakdowns: Sendable, Codable, Hashable {
        public var targets: Breakdown
        public var targetGroups: Breakdown
        public var paths: Breakdown
        public var clients: Breakdown
        public var subnets: Breakdown
        enum CodingKeys: String, CodingKey {
            case targets
            case targetGroups = "target_groups"
            case paths, clients, subnets
        }
    }

    /// One minute of the timeline.
    public struct Minute: Sendable, Codable, Hashable {
        public var minute: String
        public var requests: Int
        public var elb502: Int
        public var signatures: SignatureCounts
        enum CodingKeys: String, CodingKey {
            case minute, requests
            case elb502 = "elb_502"
            case signatures
        }
    }

    /// Histogram of `target_processing_time` for one signature.
    public struct ProcessingTimes: Sendable, Codable, Hashable {
        public var id: SignatureID
        public var code: String?
        public var buckets: [String: Int]
    }

    /// Example lines of one signature.
    public struct Examples: Sendable, Codable, Hashable {
        public var id: SignatureID
        public var code: String?
        public var lines: [String]
    }

    public var inputs: [String]
    public var window: Window
    public var requests: Int
    public var timeRange: TimeRange
    public var loadBalancers: [BreakdownRow]
    public var statusCodes: [String: Int]
    public var elb502: Int
    public var elb502Rate: Double
    public var source: Source
    public var signatures: [SignatureEntry]
    public var causes: [Finding]
    public var skipped: Skipped
    public var breakdowns: Breakdowns
    public var timeline: [Minute]
    public var processingTimes: [ProcessingTimes]
    public var examples: [Examples]
    /// Facts worth saying that are not causes (fixed-response 502s, folded tables).
    public var notes: [String]
    /// `--status` as given (canonical); `nil` for the default 502 report (JSON `status_selection`).
    public var statusSelection: String?
    /// The selected codes other than 502: attribution, signatures, examples (JSON `statuses`; only with `--status`).
    public var statuses: [StatusEntry]?
    /// Without `--status`: the other codes the load balancer generated in the window (JSON `other_elb_codes`).
    public var otherLoadBalancerCodes: OtherCodes?
    /// Whether the 502 sections are printed (false when the selection leaves 502 out, or holds no 502).
    public var shows502 = true
    /// The codes the report covers (JSON `selected_codes`; nil for the 502 report).
    public var selectedCodes: [Int]?
    /// Why those codes (JSON `status_selection_reason`): the default chose them from the logs, or `--status`.
    public var statusSelectionReason: String?
    /// Whether the selection was chosen from the logs (no `--status`): the title names the codes.
    public var automaticSelection = false
    /// The workloads behind the targets listed (nil when none was read: `--kube-pods`, `diagnose`).
    public var workloads: [Workload]?
    /// The health-check and connection logs read besides the access logs (JSON `other_logs`, omitted when none).
    public var otherLogs: [LogTypeRead]?
    /// Where the triage ran, when not on this machine (`--engine athena`): queries, bytes scanned, cost.
    public var engine: EngineRun?

    enum CodingKeys: String, CodingKey {
        case inputs, window, requests
        case timeRange = "time_range"
        case loadBalancers = "load_balancers"
        case statusCodes = "status_codes"
        case elb502 = "elb_502"
        case elb502Rate = "elb_502_rate"
        case source, signatures, causes, skipped, breakdowns, timeline
        case processingTimes = "processing_times"
        case examples, notes
        case statusSelection = "status_selection"
        case statusSelectionReason = "status_selection_reason"
        case selectedCodes = "selected_codes"
        case statuses
        case otherLoadBalancerCodes = "other_elb_codes"
        case workloads
        case otherLogs = "other_logs"
        case engine
    }

    /// How many rows each breakdown lists.
    public static let topRows = 10

    /// Builds the report from a diagnosis and the scan statistics.
    public init(diagnosis: Diagnosis, scan: ScanSummary, inputs: [String], since: String? = nil, until: String? = nil) {
        let logs = diagnosis.context.logs
        self.inputs = inputs
        window = Window(since: since, until: until)
        requests = logs.requests
        timeRange = TimeRange(
            first: logs.span.first.map(Phrase.preciseTime),
            last: logs.span.last.map(Phrase.preciseTime)
        )
        statusCodes = Dictionary(
            uniqueKeysWithValues: logs.statusCodes.map { ($0.key < 0 ? "-" : String($0.key), $0.value) }
        )
        elb502 = logs.elb502
        elb502Rate = logs.requests > 0 ? (Double(logs.elb502) / Double(logs.requests) * 10_000).rounded() / 10_000 : 0
        source = Source(
            loadBalancer: logs.sources[.loadBalancer] ?? 0,
            target: logs.sources[.target] ?? 0,
            other: logs.sources[.other] ?? 0
        )
        signatures = logs.signatureRows.map {
            SignatureEntry(
                id: $0.signature.id,
                code: $0.signature.code,
                count: $0.stats.count,
                first: $0.stats.span.first.map(Phrase.preciseTime),
                last: $0.stats.span.last.map(Phrase.preciseTime)
            )
        }
        causes = diagnosis.findings
        skipped = Skipped(
            lines: scan.linesSkipped,
            reasons: scan.skippedByReason,
            errors: scan.errors,
            sourcesFailed: scan.sourcesFailed,
            invalidUTF8Records: scan.recordsWithInvalidUTF8,
            invalidUTF8ByField: scan.invalidUTF8ByField
        )

        loadBalancers = logs.loadBalancerRows.map {
            BreakdownRow(
                key: $0.key,
                requests: $0.stats.requests,
                elb502: $0.stats.elb502,
                signatures: $0.stats.signatures
            )
        }.sorted { $0.key < $1.key }

        let checks = diagnosis.context.loadBalancerLogs?.healthChecks
        let targetRows = logs.targetRows.map { r in
            BreakdownRow(
                key: r.key,
                requests: r.stats.requests,
                elb502: r.stats.elb502,
                signatures: r.stats.signatures,
                targetGroup: r.stats.targetGroup,
                first502: r.stats.span502.first.map(Phrase.preciseTime),
                last502: r.stats.span502.last.map(Phrase.preciseTime),
                lastRequest: r.stats.requestSpan.last.map(Phrase.preciseTime),
                elb502ByMinute: r.stats.minutes502.isEmpty
                    ? nil
                    : Dictionary(
                        uniqueKeysWithValues: r.stats.minutes502.map {
                            (UTCTime.iso8601Minute(micros: $0.key * 60_000_000), $0.value)
                        }
                    ),
                healthChecksByMinute: checks.flatMap { HealthCheckCounts.perMinute(of: r.key, in: $0) }
            )
        }
        let groupRows = logs.targetGroupRows.map { r in
            BreakdownRow(
                key: TriageAggregator.groupName(fromARN: r.key),
                requests: r.stats.requests,
                elb502: r.stats.elb502,
                signatures: r.stats.signatures,
                first502: r.stats.span502.first.map(Phrase.preciseTime),
                last502: r.stats.span502.last.map(Phrase.preciseTime)
            )
        }
        let pathRows = logs.pathRows.map { r in
            BreakdownRow(
                key: r.key,
                requests: r.stats.requests,
                elb502: r.stats.elb502,
                signatures: r.stats.signatures,
                first502: r.stats.span502.first.map(Phrase.preciseTime),
                last502: r.stats.span502.last.map(Phrase.preciseTime)
            )
        }
        let clientRows = logs.clientRows.map { r in
            BreakdownRow(key: r.key, elb502: r.stats.elb502, signatures: r.stats.signatures)
        }
        var subnets: [String: BreakdownRow] = [:]
        for r in logs.targetRows {
            let key = TargetAddress.subnet(of: r.key)
            var row =
                subnets[key]
                ?? BreakdownRow(key: key, requests: 0, elb502: 0, signatures: SignatureCounts(), targets: 0)
            row.requests = (row.requests ?? 0) + r.stats.requests
            row.elb502 += r.stats.elb502
            row.signatures = AnalysisReport.sum(row.signatures, r.stats.signatures)
            row.targets = (row.targets ?? 0) + 1
            subnets[key] = row
        }
        breakdowns = Breakdowns(
            targets: AnalysisReport.top(targetRows, folded: logs.targetsOther.stats.elb502),
            targetGroups: AnalysisReport.top(groupRows, folded: 0),
            paths: AnalysisReport.top(pathRows, folded: logs.pathsOther.stats.elb502),
            clients: AnalysisReport.top(clientRows, folded: logs.clientsOther.stats.elb502),
            subnets: AnalysisReport.top(Array(subnets.values), folded: 0)
        )

        timeline = logs.timeline.keys.sorted().compactMap { minute in
            logs.timeline[minute].map {
                Minute(
                    minute: UTCTime.iso8601Minute(micros: minute * 60_000_000),
                    requests: $0.requests,
                    elb502: $0.elb502,
                    signatures: $0.signatures
                )
            }
        }
        processingTimes = logs.signatureRows.map { row in
            var buckets: [String: Int] = [:]
            for (i, label) in ProcessingTimeHistogram.labels.enumerated()
            where row.stats.targetProcessingTime.counts[i] > 0 {
                buckets[label] = row.stats.targetProcessingTime.counts[i]
            }
            return ProcessingTimes(id: row.signature.id, code: row.signature.code, buckets: buckets)
        }
        examples = logs.signatureRows.map {
            Examples(id: $0.signature.id, code: $0.signature.code, lines: $0.stats.exampleLines)
        }

        var notes: [String] = []
        let fixed = logs.count(of: Signature(.other, code: "fixed-response"))
        if fixed > 0 {
            notes.append(
                "\(Phrase.count502(fixed)) came from a listener rule's fixed-response action: the load balancer answered 502 because it was configured to. That is configuration, not a failure."
            )
        }
        let otherStatus = logs.signatureRows.filter {
            $0.signature.id == .other && ($0.signature.code ?? "").hasPrefix("target-status-")
        }
        for row in otherStatus {
            notes.append(
                "\(Phrase.count502(row.stats.count)) had \(row.signature.code ?? "another target status") yet the load balancer answered 502: the target's response started but could not be relayed (cut short or invalid after the status line)."
            )
        }
        let noTarget = logs.count(of: Signature(.other, code: "no-target"))
        if noTarget > 0 {
            notes.append(
                "\(Phrase.count502(noTarget)) had no target at all and no Lambda error: the load balancer could not choose a target (check that the target group has registered, healthy targets)."
            )
        }
        if logs.targetsOther.lines > 0 || logs.pathsOther.lines > 0 || logs.clientsOther.lines > 0 {
            notes.append(
                "Some breakdown keys did not fit the bounded tables (targets \(logs.limits.targets), paths \(logs.limits.paths), clients \(logs.limits.clients)); their counts are in the \"more\" figures. Totals and signature counts stay exact."
            )
        }
        if logs.timelineDropped > 0 {
            notes.append(
                "\(logs.timelineDropped) requests fell outside the \(logs.limits.minutes) minutes the timeline keeps."
            )
        }
        self.notes = notes
        otherLoadBalancerCodes = OtherCodes(logs.statuses, excluding: [502], targetCodes: false)
    }

    /// Names the targets' workloads in the target breakdown and keeps those workloads (`workloads`). A target in
    /// `matched` (its 502s lined up with that workload's stop) is named after that workload alone.
    public mutating func name(workloads all: [Workload], matched: [String: Workload] = [:]) {
        guard !all.isEmpty else { return }
        // One workload per name: a pod seen in two snapshots (`--kube-pods` twice) is one pod.
        var unique: [Workload] = []
        for workload in all where !unique.contains(where: { $0.name == workload.name }) { unique.append(workload) }
        let byAddress = Dictionary(grouping: unique, by: \.address)
        var named: [Workload] = (workloads ?? [])
        for i in breakdowns.targets.rows.indices {
            let key = breakdowns.targets.rows[i].key
            let host = TargetAddress.host(of: key)
            guard let atAddress = byAddress[host], !atAddress.isEmpty else { continue }
            let found = matched[key].map { [$0] } ?? atAddress
            breakdowns.targets.rows[i].workload = found.map(\.name).joined(separator: "; ")
            for workload in found where !named.contains(where: { $0.name == workload.name }) { named.append(workload) }
        }
        if !named.isEmpty { workloads = named }
    }

    static func sum(_ a: SignatureCounts, _ b: SignatureCounts) -> SignatureCounts {
        var out = a
        out.merge(b)
        return out
    }

    static func top(_ rows: [BreakdownRow], folded: Int) -> Breakdown {
        let withErrors = rows.filter { $0.elb502 > 0 }.sorted {
            $0.elb502 != $1.elb502 ? $0.elb502 > $1.elb502 : $0.key < $1.key
        }
        let shown = Array(withErrors.prefix(topRows))
        let rest = withErrors.dropFirst(topRows)
        return Breakdown(rows: shown, moreRows: rest.count, more502: rest.reduce(0) { $0 + $1.elb502 } + folded)
    }
}
