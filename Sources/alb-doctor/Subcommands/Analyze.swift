import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor analyze`: who produced the 502s, why, the evidence and the fix.
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find who produced the 502s in ALB access logs, why, the evidence and the fix.",
            discussion: """
                Reads access-log files (plain or .gz), directories in the S3 layout, - for stdin, or \
                s3://bucket/prefix (streamed from S3 with the AWS CLI's credentials; objects ending before --since \
                are not downloaded).
                With --evidence DIR, replays a diagnosis saved by `diagnose --save-evidence DIR` offline (the \
                same report as `diagnose`, no AWS call).

                Exit status: 0 when the analysis ran, 1 with --fail-on-502 when 502s were found, \
                2 when the input is unusable (missing path, no access-log lines, S3 unreachable), \
                64 for options that do not go together (--engine athena with --pcap), \
                130 when --engine athena was interrupted (Ctrl-C: the running query is stopped).
                """
        )

        @OptionGroup var input: InputOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var status: StatusOptions

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

        @Option(
            name: .customLong("kube-pods"),
            help: ArgumentHelp(
                "The JSON of `kubectl get pods -A -o json`: names the pods behind the target addresses and lines their deletion up with the 502s; repeatable.",
                valueName: "file"
            )
        )
        var kubePods: [String] = []

        @Option(
            help: ArgumentHelp(
                "Replay a diagnosis saved by `diagnose --save-evidence DIR` (no AWS call, no log path).",
                valueName: "dir"
            )
        )
        var evidence: String?

        @OptionGroup var aws: AWSOptions

        @OptionGroup(title: "Athena (--engine athena, see Docs/Athena.md)") var athena: AnalyzeAthenaOptions

        func validate() throws {
            try athena.validate(paths: input.paths, pcaps: pcaps, evidence: evidence)
            if let evidence {
                if !input.paths.isEmpty || input.since != nil || input.until != nil {
                    throw ValidationError(
                        "--evidence \(evidence) replays the saved window and logs; give no log path, --since or --until with it."
                    )
                }
            } else if input.paths.isEmpty {
                throw ValidationError(
                    "Give at least one log file or directory, - for stdin, s3://bucket/prefix, or --evidence DIR."
                )
            }
        }

        func run() async throws {
            if athena.engine == .athena || athena.printSQL {
                try await athena.run(
                    input: input,
                    output: output,
                    failOn502: failOn502,
                    aws: aws.access,
                    status: try status.selection,
                    kubePods: kubePods
                )
                return
            }
            if let evidence {
                var options = DiagnoseRun.Options(loadBalancer: "")
                options.evidence = evidence
                options.status = try status.selection
                options.kubePods = kubePods
                try await DiagnoseRunner.run(options, pcaps: pcaps, output: output, failOn502: failOn502)
                return
            }
            try await AnalyzeRunner.run(
                paths: input.paths,
                since: input.since,
                until: input.until,
                output: output,
                failOn502: failOn502,
                pcaps: pcaps,
                aws: aws.access,
                status: try status.selection,
                kubePods: kubePods
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
        pcaps: [String] = [],
        aws: AWSAccessOptions = AWSAccessOptions(),
        status: StatusSelection = .default502,
        kubePods: [String] = []
    ) async throws {
        let progress = ProgressPrinter.ifTerminal()
        let outcome: LogAnalysis.Outcome
        do {
            var request = LogAnalysis.Request(paths: paths, since: since, until: until, pcaps: pcaps)
            request.aws = aws
            request.status = status
            request.kubePods = kubePods
            outcome = try await LogAnalysis.run(request, progress: progress)
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
