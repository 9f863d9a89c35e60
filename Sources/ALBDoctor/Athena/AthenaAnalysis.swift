import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import ALBReport
import AWSClients
import Foundation

/// `analyze s3://… --engine athena`: runs the triage statements on Athena, reads their results and
/// builds the same report as a local scan.
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
        /// Stop when the queries together scanned more (bytes); `nil` for no limit.
        public var maxScanBytes: Int64?
        public var aws: AWSAccessOptions
        public var awsEnvironment: AWSEnvironment
        /// Pause between `GetQueryExecution` calls.
        public var pollInterval: Double

        public init(inputs: [String], table: AccessLogTable = AccessLogTable(), now: LogTimestamp = .now()) {
            self.inputs = inputs
            self.table = table
            self.now = now
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

    /// Runs every statement in turn, then builds the report.
    public static func run(_ request: Request, progress: ProgressPrinter? = nil) async throws(AthenaError) -> Outcome {
        let queries = try request.queries()
        let context: AWSContext
        do {
            context = try request.aws.resolve(environment: request.awsEnvironment)
        } catch {
            throw .setup("cannot reach AWS: \(error)")
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
        var results: [TriageQueries.Name: QueryResult] = [:]
        var runs: [AthenaQueryRun] = []
        for (name, sql) in queries.statements {
            let (run, result) = try await runner.run(name: name, sql: sql, before: runs)
            runs.append(run)
            results[name] = result
        }
        do {
            let built = try AthenaTriageReport.build(
                results: results,
                queries: queries,
                runs: runs,
                inputs: request.inputs,
                since: request.since ?? (request.until == nil ? "1h" : nil),
                until: request.until
            )
            return Outcome(report: built.report, diagnosis: built.diagnosis, runs: runs)
        } catch {
            throw .malformed(error.description)
        }
    }
}
