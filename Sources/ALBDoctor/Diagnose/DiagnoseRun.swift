import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation
import NIOCore

/// `alb-doctor diagnose`: gathers every piece of evidence the AWS 502 procedure names for one load balancer
/// and time window (configuration, metrics, CloudTrail, access logs), each one optional, and diagnoses the
/// 502s from all of it together.
public struct DiagnoseRun: Sendable {
    /// What to diagnose.
    public struct Options: Sendable {
        /// Name or ARN.
        public var loadBalancer: String
        /// A duration before now (`1h`, `30m`) or an ISO 8601 time; default `1h` when no `start` is given.
        public var since: String?
        /// ISO 8601 start (with `end`).
        public var start: String?
        /// ISO 8601 end (default now).
        public var end: String?
        /// Local access logs instead of the load balancer's S3 logs.
        public var logs: [String]
        /// How to reach AWS.
        public var aws: AWSAccessOptions
        /// The environment AWS settings are read from (tests inject one).
        public var awsEnvironment: AWSEnvironment
        /// "Now".
        public var now: Date
        /// S3 objects read at once.
        public var s3Concurrency: Int
        /// Seed of the example sampler.
        public var seed: UInt64
        /// `--save-evidence DIR`: write what was gathered (and the logs read) there.
        public var saveEvidence: String?
        /// `--evidence DIR`: diagnose from a saved bundle instead of calling AWS.
        public var evidence: String?
        /// `kubectl get pods -A -o json` files (`--kube-pods`): the pods behind the target addresses.
        public var kubePods: [String] = []
        /// Shows each step and a bar while S3 logs stream (the CLI passes one when standard error is a terminal).
        public var progress: ProgressPrinter?
        /// Which status codes to explain (`--status`; default 502).
        public var status: StatusSelection = .default502
        /// `--engine athena`: the access-log part runs as SQL on Athena instead of reading S3.
        public var athena: AthenaEngine?

        /// Creates options.
        public init(loadBalancer: String) {
            self.loadBalancer = loadBalancer
            since = nil
            start = nil
            end = nil
            logs = []
            aws = AWSAccessOptions()
            awsEnvironment = .process
            now = Date()
            s3Concurrency = 4
            seed = 502
            saveEvidence = nil
            evidence = nil
            progress = nil
            athena = nil
        }
    }

    /// The options.
    public var options: Options

    /// Creates a run.
    public init(options: Options) {
        self.options = options
    }

    /// The diagnosed window: `--since` (default 1h), `--start`/`--end`, or the hour before `--end` alone.
    public func window() throws(DiagnoseError) -> (start: LogTimestamp, end: LogTimestamp) {
        let now = LogTimestamp(microsecondsSinceEpoch: Int64((options.now.timeIntervalSince1970 * 1_000_000).rounded()))
        if options.since != nil && options.start != nil {
            throw .window("give either --since or --start/--end, not both")
        }
        let window: TimeWindow
        do {
            if options.start == nil && options.since == nil, let endText = options.end {
                // Only an end: the hour before it.
                let end = try TimeWindow(since: endText, until: nil, now: now).since ?? now
                window = TimeWindow(
                    since: LogTimestamp(microsecondsSinceEpoch: end.microsecondsSinceEpoch - 3_600_000_000),
                    until: end
                )
            } else {
                window = try TimeWindow(since: options.start ?? options.since ?? "1h", until: options.end, now: now)
            }
        } catch {
            throw .window(error.description)
        }
        let start = window.since ?? now
        let end = window.until ?? now
        guard start < end else { throw .window("the window is empty (start \(start) is not before end \(end))") }
        return (start, end)
    }

    /// How to reach AWS: a load balancer ARN names its region, which is used unless `--region` is given; a
    /// `--region` that differs from the ARN's is an error (the load balancer cannot be found there).
    public func accessOptions() throws(DiagnoseError) -> AWSAccessOptions {
        var access = options.aws
        let given = options.loadBalancer
        guard given.hasPrefix("arn:") else { return access }
        let parts = given.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 5, parts[2] == "elasticloadbalancing", !parts[3].isEmpty else {
            throw .aws(
                "--load-balancer \(given) is not a load balancer ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID)"
            )
        }
        let region = String(parts[3])
        if let explicit = access.region, explicit != region {
            throw .aws(
                "--region \(explicit) differs from the load balancer ARN's region \(region); drop --region or fix it"
            )
        }
        access.region = region
        return access
    }

    /// Gathers the evidence and diagnoses. Throws only when no report can be made at all (bad window, no AWS
    /// settings, load balancer not found, unreadable `--logs`).
    public func run() async throws(DiagnoseError) -> DiagnoseReport {
        let pods: [Workload]
        do {
            pods = try WorkloadContext.read(kubePods: options.kubePods).workloads
        } catch {
            throw .evidence(error.description)
        }
        if let directory = options.evidence { return try await runOffline(directory: directory, pods: pods) }
        let (start, end) = try window()
        let startDate = Date(timeIntervalSince1970: Double(start.microsecondsSinceEpoch) / 1_000_000)
        let endDate = Date(timeIntervalSince1970: Double(end.microsecondsSinceEpoch) / 1_000_000)
        let context: AWSContext
        do {
            context = try accessOptions().resolve(environment: options.awsEnvironment)
        } catch let error as DiagnoseError {
            throw error
        } catch {
            throw .aws("\(error)")
        }
        var gatherer = EvidenceGatherer(core: context.core(), region: context.region, start: startDate, end: endDate)
        gatherer.statusMetrics = !options.status.isDefault
        gatherer.now = options.now
        let loadBalancer = try await gatherLoadBalancer(gatherer)
        let metrics = await gatherMetrics(gatherer, loadBalancer: loadBalancer)
        let surroundings = await gatherSurroundings(gatherer, loadBalancer: loadBalancer)
        let changes = await gatherTargetChanges(gatherer, loadBalancer: loadBalancer)
        let logs = try await gatherLogs(gatherer, loadBalancer: loadBalancer, saveLogs: options.saveEvidence != nil)
        return try await report(
            gatherer,
            pods: pods,
            gathered: Gathered(
                loadBalancer: loadBalancer,
                metrics: metrics,
                surroundings: surroundings,
                changes: changes,
                logs: logs
            )
        )
    }

    /// `--evidence DIR`: the saved inputs plus the saved logs.
    func runOffline(directory: String, pods: [Workload] = []) async throws(DiagnoseError) -> DiagnoseReport {
        var bundle = try EvidenceBundle.read(from: directory)
        if !pods.isEmpty { bundle.inputs.workloads = (bundle.inputs.workloads ?? []) + pods }
        let logs = EvidenceBundle.logs(in: directory)
        var outcome: LogOutcome?
        if FileManager.default.fileExists(atPath: logs.path) {
            outcome = try await scanLocal(
                paths: [logs.path],
                window: TimeWindow(since: bundle.inputs.start, until: bundle.inputs.end)
            )
            outcome?.inputs = ["\(logs.path) (saved from \(bundle.logSources.joined(separator: ", ")))"]
        }
        return Self.finish(
            loadBalancer: bundle.loadBalancer,
            arn: bundle.arn,
            region: bundle.region,
            inputs: bundle.inputs,
            gathered: bundle.gathered + ["offline: evidence saved in \(directory)"],
            logs: outcome,
            status: options.status
        )
    }

    /// Access-log diagnosis (when logs were read) + combined rules → the report.
    static func finish(
        loadBalancer: String,
        arn: String?,
        region: String,
        inputs savedInputs: EvidenceInputs,
        gathered savedGathered: [String],
        logs logOutcome: LogOutcome?,
        status: StatusSelection = .default502
    ) -> DiagnoseReport {
        var inputs = savedInputs
        var gathered = savedGathered
        let start = inputs.start
        let end = inputs.end
        var diagnosis: Diagnosis?
        var analysis: AnalysisReport?
        if let outcome = logOutcome {
            if outcome.logs.requests > 0 {
                let d = Diagnosis(
                    context: DiagnosisContext(logs: outcome.logs, loadBalancerLogs: outcome.loadBalancerLogs)
                )
                diagnosis = d
                analysis = AnalysisReport(
                    diagnosis: d,
                    scan: outcome.scan,
                    inputs: outcome.inputs,
                    since: start.description,
                    until: end.description
                )
                if !outcome.otherLogs.isEmpty { analysis?.otherLogs = outcome.otherLogs }
                gathered.append(
                    "access logs: \(outcome.logs.requests) requests from \(outcome.scan.sourcesRead) file\(outcome.scan.sourcesRead == 1 ? "" : "s")"
                )
                for read in outcome.otherLogs {
                    let name = read.type == "health-check" ? "health-check logs" : "connection logs"
                    gathered.append(
                        "\(name): \(read.parsed) records from \(read.sources) file\(read.sources == 1 ? "" : "s")"
                    )
                }
            } else {
                inputs.missing.append(
                    MissingEvidence(
                        source: .accessLog,
                        what: "access-log records in the window",
                        reason:
                            "\(outcome.scan.sourcesRead) file\(outcome.scan.sourcesRead == 1 ? "" : "s") read from \(outcome.inputs.joined(separator: ", ")), no record between \(start) and \(end)",
                        impact:
                            "The diagnosis rests on metrics, configuration and CloudTrail; ALB delivers logs every 5 minutes, so the last minutes may not be there yet."
                    )
                )
            }
        }
        analysis?.name(workloads: inputs.workloads ?? [])
        let combined = CombinedDiagnosis(logs: diagnosis, inputs: inputs)
        var report = DiagnoseReport(
            loadBalancer: loadBalancer,
            arn: arn,
            region: region,
            combined: combined,
            gathered: gathered,
            accessLogs: analysis
        )
        let resolved = logOutcome.map { status.resolved(against: $0.logs.statuses) } ?? .default502
        if !resolved.isDefault, let outcome = logOutcome, outcome.logs.requests > 0 {
            let context = StatusCauseContext(
                statuses: outcome.logs.statuses,
                selection: resolved,
                configuration: StatusCauseContext.Configuration(inputs: inputs),
                departures: diagnosis?.context.departures.departures ?? [],
                loadBalancerLogs: outcome.loadBalancerLogs
            )
            let findings = StatusMetricEvidence.weigh(StatusCauseRules.findings(context), inputs: inputs)
            report.accessLogs?.apply(
                selection: resolved,
                automatic: status.automatic,
                statuses: outcome.logs.statuses,
                findings: findings
            )
            let keeps502 = report.accessLogs?.shows502 ?? true
            report.causes = Finding.acrossCodes(
                report.causes,
                findings,
                selected: Set(report.accessLogs?.selectedCodes ?? []),
                shows502: keeps502
            )
            report.statusSelection = resolved.description
        } else {
            report.causes = Finding.counted502(report.causes)
        }
        return report
    }

}
