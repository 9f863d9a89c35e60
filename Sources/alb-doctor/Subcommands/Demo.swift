import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor demo`: `analyze` on the bundled sample logs.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run analyze on the bundled sample logs (Samples/), which contain every 502 cause.",
            discussion: """
                Looks for Samples/ in the current directory and next to the executable. If none is found (the \
                release binary on its own) it generates the same sample set into a temporary directory and \
                removes it after the run.
                """
        )

        @Option(help: ArgumentHelp("The sample directory (default: the bundled Samples/).", valueName: "dir"))
        var samples: String?

        @OptionGroup var output: OutputOptions

        @OptionGroup var status: StatusOptions

        @Flag(name: .customLong("fail-on-502"), help: "Exit with status 1 when any ELB 502 was found.")
        var failOn502 = false

        func run() async throws {
            let dir: String
            var generated: String?
            defer { if let generated { SampleLocator.removeGenerated(generated) } }
            if let samples {
                dir = SampleLocator.logDirectory(in: samples)
            } else if let found = SampleLocator.find() {
                dir = SampleLocator.logDirectory(in: found)
            } else {
                do {
                    dir = try SampleLocator.generate()
                } catch {
                    ReportOutput.writeError("alb-doctor: error: could not write sample logs: \(error)\n")
                    throw ExitCode(2)
                }
                generated = dir
                ReportOutput.writeError(
                    "alb-doctor: Samples/ not found; generated the sample set in \(dir) (removed after the run)\n"
                )
            }
            try await AnalyzeRunner.run(
                paths: [dir],
                since: nil,
                until: nil,
                output: output,
                failOn502: failOn502,
                status: try status.selection
            )
        }
    }
}
