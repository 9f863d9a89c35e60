import ALBDoctor
import ArgumentParser
import Foundation

extension ALBDoctorCommand {
    /// `alb-doctor pcap FILE...`: names the 502 cause a target-side packet capture shows.
    struct Pcap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pcap",
            abstract: "Read tcpdump captures taken on a target and name the 502 cause they show.",
            discussion: """
                Capture on the target with `sudo tcpdump -i any -w target.pcap port 8080` (pcap, pcapng, .gz and - for
                stdin are read). The client side of each connection is taken to be the load balancer.
                Exit status: 0 healthy, 1 a cause was found, 2 nothing could be read.
                """
        )

        @Argument(help: "Capture files (pcap or pcapng, optionally .gz); - reads standard input.")
        var files: [String]

        @Option(name: .customLong("target-port"), help: "The target's port (analyse only these connections).")
        var targetPort: Int?

        @Option(name: .customLong("idle-timeout"), help: "The load balancer idle timeout in seconds.")
        var idleTimeout: Double = 60

        @Option(name: .customLong("backend-policy"), help: "ELB security policy used towards HTTPS targets.")
        var backendPolicy: String?

        @Option(help: "Output format: text, json, markdown or html (one self-contained page with charts).")
        var format: String = "text"

        @Option(help: "Colours in text output: auto, on or off.")
        var color: String = "auto"

        func makeCommand() throws -> CaptureCommand {
            do {
                return try CaptureCommand(
                    options: .init(
                        paths: files,
                        targetPort: targetPort,
                        idleTimeoutSeconds: idleTimeout,
                        backendPolicy: backendPolicy,
                        format: format,
                        color: color
                    )
                )
            } catch {
                throw ValidationError(error.description)
            }
        }

        func validate() throws {
            _ = try makeCommand()
        }

        func run() throws {
            let outcome = try makeCommand().run(environment: ProcessInfo.processInfo.environment)
            for line in outcome.diagnostics {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            print(outcome.output, terminator: "")
            if outcome.exitCode != 0 {
                throw ExitCode(outcome.exitCode)
            }
        }
    }
}
