import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor analyze`: who produced the 502s, why, the evidence and the fix.
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find who produced the 502s in ALB access logs, why, the evidence and the fix.",
            discussion: """
                Reads access-log files (plain or .gz), directories in the S3 layout, or - for stdin.
                Exit status: 0 when the analysis ran, 1 with --fail-on-502 when 502s were found,
                2 when the input is unusable (missing path, no access-log lines).
                """
        )

        @OptionGroup var input: InputOptions

        @OptionGroup var output: OutputOptions

        @Flag(
            name: .customLong("fail-on-502"),
            help: "Exit with status 1 when any ELB 502 was found (for scripts and CI)."
        )
        var failOn502 = false

        @Option(
            name: .customLong("pcap"),
            help: ArgumentHelp(
                "A packet capture (pcap/pcapng, .gz) taken at the target; repeatable. Merged into the causes when its target and time match the 502s.",
                valueName: "file"
            )
        )
        var pcaps: [String] = []

        func run() async throws {
            try await AnalyzeRunner.run(
                paths: input.paths,
                since: input.since,
                until: input.until,
                output: output,
                failOn502: failOn502,
                pcaps: pcaps
            )
        }
    }
}

/// Shared by `analyze` and `demo`: run, print, map the outcome to an exit code.
enum AnalyzeRunner {
    static func run(
        paths: [String],
        since: String?,
        until: String?,
        output: OutputOptions,
        failOn502: Bool,
        pcaps: [String] = []
    ) async throws {
        let progress = ProgressPrinter.ifTerminal()
        let outcome: LogAnalysis.Outcome
        do {
            outcome = try await LogAnalysis.run(
                LogAnalysis.Request(paths: paths, since: since, until: until, pcaps: pcaps),
                progress: progress
            )
        } catch {
            progress?.finish()
            ReportOutput.writeError("alb-doctor: error: \(error)\n")
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
