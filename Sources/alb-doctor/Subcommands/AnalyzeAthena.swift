import ALBAccessLog
import ALBAthena
import ALBDoctor
import ArgumentParser
import Foundation

/// Where `analyze` runs the triage.
enum AnalysisEngine: String, ExpressibleByArgument, CaseIterable {
    /// Stream the logs through this machine.
    case local
    /// Run the triage as SQL on Amazon Athena over the log bucket.
    case athena
}

/// `analyze --engine athena` options and the run.
struct AnalyzeAthenaOptions: ParsableArguments {
    @Option(help: "Where the triage runs: local (stream the logs here) or athena (SQL on Amazon Athena).")
    var engine: AnalysisEngine = .local

    @OptionGroup var table: AthenaOptions

    @Option(
        name: .customLong("max-scan-gb"),
        help: ArgumentHelp(
            "Stop the Athena queries (StopQueryExecution) once they scanned more than this many GB.",
            valueName: "N"
        )
    )
    var maxScanGB: Double?

    @Flag(
        name: .customLong("print-sql"),
        help: "Print the Athena statements that would run (no credentials, no network) and exit."
    )
    var printSQL = false

    /// The engine settings these options give.
    var engineSettings: AthenaEngine {
        AthenaEngine(
            table: table.table,
            workGroup: table.workgroup,
            outputLocation: table.outputLocation,
            maxScanBytes: maxScanGB.map { Int64($0 * 1e9) }
        )
    }

    /// Checks the options that go with `--engine athena`: the inputs are `s3://` URLs, and no flag the engine
    /// cannot honour is given (it would be silently ignored otherwise).
    func validate(paths: [String], pcaps: [String], evidence: String?) throws {
        guard engine == .athena || printSQL else {
            // The local engine would silently ignore them: say so instead.
            var athenaOnly: [String] = []
            if maxScanGB != nil { athenaOnly.append("--max-scan-gb") }
            if table.workgroup != nil { athenaOnly.append("--workgroup") }
            if table.outputLocation != nil { athenaOnly.append("--output-location") }
            if table.databaseName != AthenaOptions.defaultDatabase { athenaOnly.append("--database") }
            if table.tableName != AthenaOptions.defaultTable { athenaOnly.append("--table") }
            if !athenaOnly.isEmpty {
                throw ValidationError(
                    "\(athenaOnly.joined(separator: ", ")) \(athenaOnly.count == 1 ? "is" : "are") for --engine athena "
                        + "(or --print-sql); the local engine reads the logs themselves."
                )
            }
            return
        }
        if let maxScanGB, maxScanGB <= 0 { throw ValidationError("--max-scan-gb must be more than 0.") }
        if !pcaps.isEmpty {
            throw ValidationError(
                "--pcap cannot be used with --engine athena: a capture is matched against the 502 lines themselves, "
                    + "which the Athena engine does not download; analyze the capture's window locally "
                    + "(`analyze s3://… --since … --until … --pcap FILE`)."
            )
        }
        if evidence != nil {
            throw ValidationError(
                "--evidence cannot be used with --engine athena: it replays a saved diagnosis offline, with no query."
            )
        }
        for path in paths where !path.hasPrefix("s3://") {
            throw ValidationError("--engine athena reads the table over the log bucket; \(path) is not an s3:// URL.")
        }
    }

    func request(
        input: InputOptions,
        aws: AWSAccessOptions,
        status: StatusSelection,
        kubePods: [String]
    ) -> AthenaAnalysis.Request {
        var request = AthenaAnalysis.Request(inputs: input.paths, table: table.table)
        request.workGroup = table.workgroup
        request.outputLocation = table.outputLocation
        request.since = input.since
        request.until = input.until
        request.maxScanBytes = maxScanGB.map { Int64($0 * 1e9) }
        request.status = status
        request.kubePods = kubePods
        request.aws = aws
        return request
    }

    func run(
        input: InputOptions,
        output: OutputOptions,
        failOn502: Bool,
        aws: AWSAccessOptions,
        status: StatusSelection,
        kubePods: [String]
    ) async throws {
        let request = request(input: input, aws: aws, status: status, kubePods: kubePods)
        if printSQL {
            do {
                print(try request.queries().script, terminator: "")
            } catch {
                ReportOutput.writeError("alb-doctor: error: \(error)\n")
                throw ExitCode(2)
            }
            return
        }
        let progress = ProgressPrinter.ifTerminal()
        let outcome: AthenaAnalysis.Outcome
        do {
            outcome = try await AthenaInterrupt.run { try await AthenaAnalysis.run(request, progress: progress) }
        } catch {
            progress?.finish()
            ReportOutput.writeError("alb-doctor: error: \(error)\n")
            if case .interrupted = error as? AthenaError { throw ExitCode(130) }
            throw ExitCode(2)
        }
        progress?.finish()
        print(try output.render(outcome.report), terminator: "")
        if failOn502 && outcome.report.elb502 > 0 {
            ReportOutput.writeError("alb-doctor: \(outcome.report.elb502) ELB 502(s) found (--fail-on-502)\n")
            throw ExitCode(1)
        }
    }
}

/// Ctrl-C during an Athena run cancels the task, so the running query is stopped and what was spent is said.
enum AthenaInterrupt {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, SIG_DFL) }
        let task = Task { try await body() }
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        defer { source.cancel() }
        return try await task.value
    }
}
