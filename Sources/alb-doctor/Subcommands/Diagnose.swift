import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor diagnose --load-balancer NAME|ARN`: the whole AWS 502 procedure against a live load balancer.
    struct Diagnose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Diagnose a load balancer's 502s from its metrics, configuration, CloudTrail and access logs.",
            discussion: """
                Gathers CloudWatch metrics (1-minute periods; 5-minute or 1-hour for windows over 15 or 63 days old), the load balancer's and target groups' configuration, \
                CloudTrail target-group changes, the network path to the targets (route tables, network ACLs, security \
                groups) and the access logs named by the load balancer's attributes (or \
                --logs), each one optional: what cannot be read is listed with the IAM action that would add it \
                (`alb-doctor iam-policy` prints the whole policy).

                Exit status: 0 report printed (causes or not); 1 with --fail-on-502 when 502s were seen; 2 no report \
                (load balancer not found, no AWS settings, bad window, unreadable --logs).
                """
        )

        @Option(help: ArgumentHelp("The load balancer's name or ARN.", valueName: "name|arn"))
        var loadBalancer: String?

        @Option(
            help: ArgumentHelp(
                "Diagnose from this long before now (30m, 2h, 1d) or from this ISO 8601 time (default 1h).",
                valueName: "duration|time"
            )
        )
        var since: String?

        @Option(help: ArgumentHelp("Start of the window (ISO 8601), with --end.", valueName: "time"))
        var start: String?

        @Option(help: ArgumentHelp("End of the window (ISO 8601; default now).", valueName: "time"))
        var end: String?

        @Option(
            name: .customLong("logs"),
            help: ArgumentHelp(
                "Read access logs from this file or directory instead of the load balancer's S3 bucket (repeatable).",
                valueName: "path"
            )
        )
        var logs: [String] = []

        @Option(
            help: ArgumentHelp(
                "Also write everything gathered (API answers as evidence.json, the access logs read under logs/) to this directory.",
                valueName: "dir"
            )
        )
        var saveEvidence: String?

        @Option(
            help: ArgumentHelp(
                "Diagnose offline from a directory written by --save-evidence (no AWS call).",
                valueName: "dir"
            )
        )
        var evidence: String?

        @Flag(
            name: .customLong("fail-on-502"),
            help: "Exit with status 1 when 502s were seen (in the logs or the metrics)."
        )
        var failOn502 = false

        @Flag(
            help: """
                Probe the targets the findings point at (run it where they are reachable, e.g. in the VPC) and merge \
                what the probe sees into the causes.
                """
        )
        var probe = false

        @Flag(help: "With --probe: skip the keep-alive wait (the idle-timeout check).")
        var probeQuick = false

        @OptionGroup var output: OutputOptions

        @OptionGroup var status: StatusOptions

        @OptionGroup var aws: AWSOptions

        @OptionGroup(title: "Athena (--engine athena: the access-log part as SQL, see Docs/Athena.md)")
        var athena: AnalyzeAthenaOptions

        func validate() throws {
            if athena.printSQL { throw ValidationError("--print-sql is for analyze --engine athena.") }
            if athena.engine == .athena && (!logs.isEmpty || evidence != nil) {
                throw ValidationError(
                    "--engine athena queries the table over the log bucket; it takes neither --logs nor --evidence."
                )
            }
            if loadBalancer == nil && evidence == nil {
                throw ValidationError("Give --load-balancer NAME|ARN (or --evidence DIR to replay a saved diagnosis).")
            }
            if evidence != nil && (saveEvidence != nil || !logs.isEmpty) {
                throw ValidationError(
                    "--evidence replays a saved diagnosis; it takes neither --save-evidence nor --logs."
                )
            }
            if probeQuick && !probe { throw ValidationError("--probe-quick goes with --probe.") }
            if since != nil && (start != nil || end != nil) {
                throw ValidationError("Give either --since, or --start (and --end), not both.")
            }
        }

        @Option(
            name: .customLong("pcap"),
            help: ArgumentHelp(
                "A packet capture taken at the target; repeatable. Merged into the causes when its target and time match the 502s in the logs.",
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

        func run() async throws {
            var options = DiagnoseRun.Options(loadBalancer: loadBalancer ?? "")
            options.since = since
            options.start = start
            options.end = end
            options.logs = logs
            options.aws = aws.access
            options.saveEvidence = saveEvidence
            options.evidence = evidence
            options.status = try status.selection
            if athena.engine == .athena { options.athena = athena.engineSettings }
            options.kubePods = kubePods
            try await DiagnoseRunner.run(
                options,
                probe: probe,
                probeQuick: probeQuick,
                pcaps: pcaps,
                output: output,
                failOn502: failOn502
            )
        }
    }
}

/// Shared by `diagnose` and `analyze --evidence`: run (or replay), probe and merge captures, print, map the
/// outcome to an exit code.
enum DiagnoseRunner {
    static func run(
        _ given: DiagnoseRun.Options,
        probe: Bool = false,
        probeQuick: Bool = false,
        pcaps: [String],
        output: OutputOptions,
        failOn502: Bool
    ) async throws {
        var options = given
        options.progress = ProgressPrinter.ifTerminal()
        let report: DiagnoseReport
        let run = DiagnoseRun(options: options)
        let probing = DiagnoseProbing(probe: probe, quick: probeQuick)
        do {
            if options.athena != nil {
                // Ctrl-C stops the running Athena query (StopQueryExecution) before the process ends.
                report = try await AthenaInterrupt.run { try await run.run(probing: probing, pcaps: pcaps) }
            } else {
                report = try await run.run(probing: probing, pcaps: pcaps)
            }
        } catch {
            options.progress?.finish()
            ReportOutput.writeError("alb-doctor: error: \(error)\n")
            throw ExitCode(2)
        }
        print(try output.render(report), terminator: "")
        if failOn502 && report.saw502 { throw ExitCode(1) }
    }
}
