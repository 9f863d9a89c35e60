import ArgumentParser

/// The `alb-doctor` command line: finds why an Application Load Balancer answers 502.
///
/// The executable only parses arguments and hands off to the `ALBDoctor` library.
@main
struct ALBDoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alb-doctor",
        abstract: "Find why an AWS Application Load Balancer answers 502 Bad Gateway, and what to change.",
        version: BuildVersion.current,
        subcommands: [
            // Each subcommand lives in Subcommands/<Name>.swift.
            Version.self,
            Analyze.self,
            Demo.self,
            Records.self,
            AWS.self,
            Pcap.self,
            Probe.self,
            Diagnose.self,
            Scan.self,
            Watch.self,
            IAMPolicyCommand.self,
            Athena.self,
            MCPCommand.self,
        ]
    )
}
