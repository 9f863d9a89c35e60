import Foundation

/// Renders any report for standard output in the chosen format and colour mode.
public enum ReportOutput {
    /// Renders `report`; colours follow `color` for the terminal on standard output.
    public static func render(
        _ report: some RenderableReport,
        format: ReportFormat,
        color: ColorMode,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ReportRenderError) -> String {
        let colors = color.isEnabled(fileDescriptor: 1, environment: environment)
        return try format.renderer(colors: colors).render(report)
    }

    /// Writes text to standard error.
    public static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
