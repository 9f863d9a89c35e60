import ALBDoctor
import ArgumentParser

extension ReportFormat: ExpressibleByArgument {}
extension ColorMode: ExpressibleByArgument {}

/// How a report is printed: format and colours. Shared by every command that prints a report.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json, markdown or html (one self-contained page with charts).")
    var format: ReportFormat = .text

    @Option(help: "Colours in text output: auto (only on a terminal, honours NO_COLOR and TERM=dumb), on or off.")
    var color: ColorMode = .auto

    /// Renders a report for standard output.
    func render(_ report: some RenderableReport) throws -> String {
        do {
            return try ReportOutput.render(report, format: format, color: color)
        } catch {
            ReportOutput.writeError("alb-doctor: error: \(error)\n")
            throw ExitCode(2)
        }
    }
}
