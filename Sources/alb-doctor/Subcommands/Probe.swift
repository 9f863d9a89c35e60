import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor probe URL...`: tests targets the way the load balancer talks to them.
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Probe targets the way the load balancer talks to them (connect, TLS, response, keep-alive).",
            discussion: """
                Run it from where the load balancer's traffic comes from (an instance in its subnets or with its \
                security group, a bastion in the VPC, or the target itself). One GET per target on the given path.
                Exit status: 0 no cause found, 1 a cause was found, 2 a URL could not be probed.
                """
        )

        @Argument(help: "Target URLs, e.g. http://10.0.3.17:8080/health or https://10.0.3.17:8443/.")
        var urls: [String] = []

        @Option(
            help:
                "Also probe every target registered with this load balancer (name or ARN), with its idle timeout and back-end policy."
        )
        var loadBalancer: String?

        @Option(help: "Load balancer idle timeout in seconds (default: from --load-balancer, else 60).")
        var idleTimeout: Double?

        @Option(help: "Back-end TLS policy offered to https targets (default ELBSecurityPolicy-2016-08).")
        var backendPolicy: String?

        @Flag(help: "Skip the keep-alive wait (up to idle timeout + 2 s).")
        var quick = false

        @Option(help: "TCP connect timeout in seconds (the load balancer uses 10).")
        var connectTimeout: Double = 10

        @Option(help: "At most this many targets at once.")
        var concurrency: Int = 8

        @OptionGroup var output: OutputOptions

        @OptionGroup var aws: AWSOptions

        func validate() throws {
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
            guard !urls.isEmpty || loadBalancer != nil else {
                throw ValidationError("Give at least one target URL, or --load-balancer.")
            }
        }

        func run() async throws {
            var options = ProbeRun.Options(urls: urls)
            options.idleTimeout = idleTimeout
            options.backendPolicy = backendPolicy
            options.quick = quick
            options.connectTimeout = connectTimeout
            options.concurrency = concurrency
            options.loadBalancer = loadBalancer
            options.aws = aws.access
            let report: ProbeReport
            do {
                report = try await ProbeRun(options: options).run()
            } catch {
                ReportOutput.writeError("alb-doctor: error: \(error)\n")
                throw ExitCode(2)
            }
            print(try output.render(report), terminator: "")
            if !report.findings.isEmpty { throw ExitCode(1) }
            if !report.failures.isEmpty { throw ExitCode(2) }
        }
    }
}
