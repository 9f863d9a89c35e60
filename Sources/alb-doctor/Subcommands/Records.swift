import ALBDoctor
import ArgumentParser

extension RecordsFormat: ExpressibleByArgument {}
extension RecordsLogType: ExpressibleByArgument {}

extension ALBDoctorCommand {
    /// Prints the parsed access-, health-check or connection-log records as JSON lines or TSV, or counts them.
    struct Records: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print parsed ALB log records (access, health-check or connection logs; JSON lines keyed by the AWS field names) or count them.",
            discussion: """
                The log type comes from the S3 object names (health_check_log_…, conn_log_…, access logs \
                otherwise; a directory with access logs is read for those), else from the shape of the first \
                line; --log-type chooses it. The summary on stderr names health-check and connection logs.

                Exit status: 0 when every line was read; 3 when some lines or files were skipped (the records \
                that could be read are still printed, and stderr says what was skipped and why); 1 on errors \
                such as a missing path.
                """
        )

        @OptionGroup var input: InputOptions

        @Option(
            help: ArgumentHelp(
                "Only records with this elb_status_code (access logs) or status_code (health-check logs) (repeatable).",
                valueName: "code"
            )
        )
        var status: [Int] = []

        @Option(help: "Log type: auto, access, health-check or connection.")
        var logType: RecordsLogType = .auto

        @Option(help: "Output format: jsonl or tsv.")
        var format: RecordsFormat = .jsonl

        @Flag(help: "Print only the number of matching records.")
        var count = false

        func validate() throws {
            if input.paths.isEmpty { throw ValidationError("Give at least one log file or directory, or - for stdin.") }
            if let url = input.paths.first(where: { $0.hasPrefix("s3://") }) {
                throw ValidationError(
                    "records reads local logs; stream \(url) with `aws s3 cp --recursive` to a directory first, or use `alb-doctor analyze \(url)`."
                )
            }
        }

        func run() async throws {
            let query = RecordsQuery(
                input: input.selection,
                statusCodes: status,
                format: format,
                countOnly: count,
                logType: logType
            )
            let outcome = try await query.run()
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
