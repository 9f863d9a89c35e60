import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor scan`: every Application Load Balancer in the regions, ranked by its 5xx from CloudWatch.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank every Application Load Balancer in the regions by its 5xx, from CloudWatch alone.",
            discussion: """
                Lists the load balancers (DescribeLoadBalancers; DescribeTags with --tag; DescribeTargetGroups) and \
                reads their 5xx, request, connection, TLS and health metrics in as few GetMetricData calls as the \
                500-query limit allows (one per region up to 45 load balancers). Each load balancer gets a verdict \
                from the metrics alone (who produced the errors, the likely cause family, a low confidence) and, \
                when it had 5xx, the `alb-doctor diagnose` command that reads its logs. Prints the API calls made \
                and the CloudWatch cost (US$ 0.01 per 1,000 metrics requested). A region the credentials may not \
                read is named in the report.

                Exit status: 0 report printed; 1 with --fail-on-5xx when a load balancer had 5xx; 2 no report.
                """
        )

        @Option(
            name: .customLong("region"),
            help: ArgumentHelp("Scan this region (repeatable; default: the configured region).", valueName: "region")
        )
        var regions: [String] = []

        @Flag(help: "Scan every region enabled by default in an account (opt-in regions only with --region).")
        var allRegions = false

        @Option(
            help: ArgumentHelp(
                "Scan from this long before now (30m, 2h, 1d) or from this ISO 8601 time (default 1h).",
                valueName: "duration|time"
            )
        )
        var since: String?

        @Option(
            name: .customLong("tag"),
            help: ArgumentHelp(
                "Only load balancers with this tag (repeatable; all must match).",
                valueName: "key=value"
            )
        )
        var tags: [String] = []

        @Flag(name: .customLong("fail-on-5xx"), help: "Exit with status 1 when a load balancer had 5xx.")
        var failOn5xx = false

        @Option(
            help: ArgumentHelp(
                "AWS profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE or 'default').",
                valueName: "name"
            )
        )
        var profile: String?

        @Option(
            name: .customLong("endpoint-url"),
            help: ArgumentHelp(
                "Send every AWS call to this endpoint (e.g. http://127.0.0.1:5000 for moto).",
                valueName: "url"
            )
        )
        var endpointURL: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            for tag in tags where FleetScan.tag(parsing: tag) == nil {
                throw ValidationError("--tag \(tag): expected KEY=VALUE.")
            }
            if allRegions && !regions.isEmpty { throw ValidationError("Give either --region or --all-regions.") }
        }

        func run() async throws {
            var options = FleetScan.Options()
            options.regions = regions
            options.allRegions = allRegions
            options.since = since
            options.tags = tags.compactMap(FleetScan.tag(parsing:))
            options.aws = AWSAccessOptions(profile: profile, endpointURL: endpointURL)
            let report: ScanReport
            do {
                report = try await FleetScan(options: options).run()
            } catch {
                ReportOutput.writeError("alb-doctor: error: \(error)\n")
                throw ExitCode(2)
            }
            print(try output.render(report), terminator: "")
            if failOn5xx && report.loadBalancers.contains(where: \.worthALook) { throw ExitCode(1) }
        }
    }
}
