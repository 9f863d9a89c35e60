import ALBDoctor
import ArgumentParser

extension RecordsFormat: ExpressibleByArgument {}

extension ALBDoctorCommand {
    /// Prints the parsed access-log records as JSON lines or TSV, or counts them.
    struct Records: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print parsed ALB access-log records (JSON lines keyed by the AWS field names) or count them.",
            discussion: """
                Exit status: 0 when every line was read; 3 when some lines or files were skipped (the records \
                that could be read are still printed, and stderr says what was skipped and why); 1 on errors \
                such as a missing path.
                """
        )

        @OptionGroup var input: InputOptions

        @Option(help: ArgumentHelp("Only records with this elb_status_code (repeatable).", valueName: "code"))
        var status: [Int] = []

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
            let query = RecordsQuery(input: input.selection, statusCodes: status, format: format, countOnly: count)
            let outcome = try await query.run()
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
