import ALBAccessLog
import ALBDiagnosis
import AWSClients

/// The `analyze` use case: scan access logs, diagnose, build the report.
public enum LogAnalysis {
    /// What to analyze.
    public struct Request: Sendable {
        public var paths: [String]
        public var since: String?
        public var until: String?
        /// "Now" for relative times like `2h`.
        public var now: LogTimestamp
        /// Seed of the example sampler.
        public var seed: UInt64
        /// Packet captures (`--pcap`) to merge into the findings.
        public var pcaps: [String]
        /// `kubectl get pods -A -o json` files (`--kube-pods`): the pods behind the target addresses.
        public var kubePods: [String] = []
        /// How to reach AWS for `s3://bucket/prefix` paths.
        public var aws: AWSAccessOptions
        /// Where AWS settings are read from (tests inject one).
        public var awsEnvironment: AWSEnvironment
        /// Which status codes the report covers (`--status`; by default the codes the logs hold).
        public var status: StatusSelection
        /// Whether the health-check and connection logs among the inputs are read and joined (default). Off, only the
        /// access logs are read: what `--engine athena` reads, so its equivalence tests compare with this off.
        public var loadBalancerLogs = true

        public init(
            paths: [String],
            since: String? = nil,
            until: String? = nil,
            now: LogTimestamp = .now(),
            seed: UInt64 = 502,
            pcaps: [String] = []
        ) {
            self.paths = paths
            self.since = since
            self.until = until
            self.now = now
            self.seed = seed
            self.pcaps = pcaps
            aws = AWSAccessOptions()
            awsEnvironment = .process
            status = .default502
        }
    }

    /// The result.
    public struct Outcome: Sendable {
        public var report: AnalysisReport
        public var diagnosis: Diagnosis
        public var scan: ScanSummary
    }

    /// Runs the analysis. Problems inside files are counted in the report; only unusable input throws.
    public static func run(_ request: Request, progress: ProgressPrinter? = nil) async throws(AnalysisError)
        -> Outcome
    {
        guard !request.paths.isEmpty else { throw .noInput }
        let pods: (workloads: [Workload], notes: [String])
        do {
            pods = try WorkloadContext.read(kubePods: request.kubePods)
        } catch {
            throw .kubePods(error.description)
        }
        let window: TimeWindow?
        if request.since == nil && request.until == nil {
            window = nil
        } else {
            do {
                window = try TimeWindow(since: request.since, until: request.until, now: request.now)
            } catch {
                throw .window(error.description)
            }
        }
        let local = request.paths.filter { !S3LogInput.isS3($0) }
        let remote = request.paths.filter(S3LogInput.isS3)
        let seed = request.seed
        var result = ScanResult(
            consumer: TriageAggregator(seed: seed, progress: progress),
            statistics: ParseStatistics()
        )
        var byType: LoadBalancerLogScan
        do {
            byType = try LoadBalancerLogScan(paths: local)
        } catch {
            throw .source(error)
        }
        if !request.loadBalancerLogs {
            byType.healthChecks = []
            byType.connections = []
        }
        if !byType.access.isEmpty {
            do {
                result = try await AccessLogScanner().scan(sources: byType.access, window: window) {
                    TriageAggregator(seed: seed, progress: progress)
                }
            } catch {
                throw .source(error)
            }
        }
        var remoteOthers: (input: S3LogInput, found: [S3LogInput.Found])?
        if !remote.isEmpty {
            let input = S3LogInput(urls: remote, access: request.aws, environment: request.awsEnvironment)
            let s3 = try await input.scan(window: window, seed: seed, progress: progress)
            result.consumer.merge(s3.access.consumer)
            result.statistics.merge(s3.access.statistics)
            if !s3.others.isEmpty && request.loadBalancerLogs { remoteOthers = (input, s3.others) }
        }
        var logs = result.consumer
        logs.flushProgress()
        let stats = result.statistics
        var other: LoadBalancerLogScan.Outcome
        do {
            other = try await byType.scan(window: window, accessLogs: logs)
        } catch {
            throw .source(error)
        }
        if let remoteOthers {
            other.merge(
                try await remoteOthers.input.scanLoadBalancerLogs(remoteOthers.found, window: window, accessLogs: logs)
            )
        }
        if stats.sourcesRead == 0 && other.read.isEmpty && stats.sourcesPrunedByWindow == 0 && stats.sourcesFailed == 0
        {
            throw .noLogFiles(paths: request.paths, ignored: stats.sourcesIgnored)
        }
        if stats.linesParsed == 0 && stats.linesSkipped > 0 && stats.linesOutsideWindow == 0 {
            throw .noRecords(
                paths: request.paths,
                linesRead: stats.linesRead,
                problems: stats.errors.map(\.description)
            )
        }
        let scan = ScanSummary(stats)
        let assembled = AnalysisReport.assemble(
            logs: logs,
            loadBalancerLogs: other.logs,
            scan: scan,
            inputs: request.paths,
            since: request.since,
            until: request.until,
            status: request.status
        )
        var report = assembled.report
        let diagnosis = assembled.diagnosis
        if !other.read.isEmpty { report.otherLogs = other.read }
        WorkloadContext.apply(pods.workloads, diagnosis: diagnosis, to: &report)
        report.notes += pods.notes
        if !request.pcaps.isEmpty {
            let merged = try CaptureEvidence.merge(findings: report.causes, logs: logs, paths: request.pcaps)
            report.causes = merged.findings
            report.notes += merged.notes
        }
        return Outcome(report: report, diagnosis: diagnosis, scan: scan)
    }
}
