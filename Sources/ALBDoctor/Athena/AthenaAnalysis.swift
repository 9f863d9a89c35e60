import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import ALBReport
import AWSClients
import Foundation

/// `analyze s3://… --engine athena`: runs the triage statement on Athena, reads its result and builds the same
/// report as a local scan (`--status`, `--kube-pods` included).
public enum AthenaAnalysis {
    /// What to run.
    public struct Request: Sendable {
        /// The `s3://` inputs as given (they name the logs; the table's LOCATION is what Athena reads).
        public var inputs: [String]
        public var table: AccessLogTable
        public var workGroup: String?
        public var outputLocation: String?
        public var since: String?
        public var until: String?
        public var now: LogTimestamp
        /// Stop when the estimate (the objects of the day partitions, listed first) or the bytes the queries
        /// scanned pass this; `nil` for no limit.
        public var maxScanBytes: Int64?
        /// Which status codes the report covers (`--status`; by default the codes the logs hold).
        public var status: StatusSelection
        /// `kubectl get pods -A -o json` files (`--kube-pods`): the pods behind the target addresses.
        public var kubePods: [String]
        public var aws: AWSAccessOptions
        public var awsEnvironment: AWSEnvironment
        /// Pause between `GetQueryExecution` calls.
        public var pollInterval: Double

        public init(inputs: [String], table: AccessLogTable = AccessLogTable(), now: LogTimestamp = .now()) {
            self.inputs = inputs
            self.table = table
            self.now = now
            status = .automatic
            kubePods = []
            aws = AWSAccessOptions()
            awsEnvironment = .process
            pollInterval = 1
        }

        /// The window: `--since`/`--until`, `--since 1h` when neither is given (Athena bills every byte of
        /// every day read, so an unbounded window is never the default).
        public func queries() throws(AthenaError) -> TriageQueries {
            let window: TimeWindow
            do {
                window = try TimeWindow(since: since ?? (until == nil ? "1h" : nil), until: until, now: now)
            } catch {
                throw .window(error.description)
            }
            guard let start = window.since else {
                throw .window("--engine athena needs --since (a window bounds the days Athena reads and bills)")
            }
            return TriageQueries(table: table, since: start, until: window.until ?? now)
        }
    }

    /// The result.
    public struct Outcome: Sendable {
        public var report: AnalysisReport
        public var diagnosis: Diagnosis
        public var runs: [AthenaQueryRun]
    }

    /// Runs the statement (after checking the estimate against `maxScanBytes`), then builds the report.
    public static func run(_ request: Request, progress: ProgressPrinter? = nil) async throws(AthenaError) -> Outcome {
        let queries = try request.queries()
        do {
            // Read before any query runs: a bad file fails at once, not after a billed scan.
            _ = try WorkloadContext.read(kubePods: request.kubePods)
        } catch {
            throw .input(error.description)
        }
        let context: AWSContext
        do {
            context = try request.aws.resolve(environment: request.awsEnvironment)
        } catch {
            throw .setup("cannot reach AWS: \(error)")
        }
        var estimate: Int64?
        var notes: [String] = []
        if let limit = request.maxScanBytes {
            do {
                estimate = try await AthenaEstimate.bytes(
                    of: queries,
                    inputs: request.inputs,
                    client: S3Client(core: context.core()),
                    progress: progress
                )
            } catch {
                notes.append(
                    "--max-scan-gb: the scan was not estimated beforehand (\(error)); only the bytes the "
                        + "query scanned were checked against the limit while it ran."
                )
            }
            if let bytes = estimate.map({ $0 * Int64(TriageQueries.scans) }), bytes > limit {
                throw .estimateOverLimit(limitBytes: limit, estimate: bytes, cost: AthenaCost.dollars([bytes]))
            }
        }
        let runner = AthenaQueryRunner(
            client: AthenaClient(core: context.core()),
            database: request.table.database,
            table: request.table.qualifiedName,
            workGroup: request.workGroup,
            outputLocation: request.outputLocation,
            pollInterval: request.pollInterval,
            maxScanBytes: request.maxScanBytes,
            progress: progress
        )
        var runs: [AthenaQueryRun] = []
        var result = QueryResult(columns: [], rows: [])
        for (name, sql) in queries.statements {
            let (run, rows) = try await runner.run(name: name, sql: sql, before: runs)
            runs.append(run)
            result = rows
        }
        var outcome = try report(result: result, queries: queries, runs: runs, request: request, estimate: estimate)
        outcome.report.notes += notes
        return outcome
    }

    /// The report of the statement's result, as `run` builds it once the query has run: the rows folded into the
    /// aggregate, the status selection, the workloads of `--kube-pods`, the engine's queries and cost. No network.
    public static func report(
        result: QueryResult,
        queries: TriageQueries,
        runs: [AthenaQueryRun],
        request: Request,
        estimate: Int64? = nil
    ) throws(AthenaError) -> Outcome {
        let pods: (workloads: [Workload], notes: [String])
        do {
            pods = try WorkloadContext.read(kubePods: request.kubePods)
        } catch {
            throw .input(error.description)
        }
        var built: AthenaTriageReport.Built
        do {
            built = try AthenaTriageReport.build(
                result: result,
                queries: queries,
                runs: runs,
                inputs: request.inputs,
                since: request.since ?? (request.until == nil ? "1h" : nil),
                until: request.until,
                status: request.status,
                estimatedBytes: estimate
            )
        } catch {
            throw .malformed(error.description)
        }
        WorkloadContext.apply(pods.workloads, diagnosis: built.diagnosis, to: &built.report)
        built.report.notes += pods.notes
        return Outcome(report: built.report, diagnosis: built.diagnosis, runs: runs)
    }
}
