import Foundation

/// Renders a report as its own JSON, with sorted keys and `schema_version` at the top level.
public struct JSONReportRenderer: ReportRenderer {
    /// Pretty-printed (default) or one line.
    public var prettyPrinted: Bool

    /// Creates the renderer.
    public init(prettyPrinted: Bool = true) {
        self.prettyPrinted = prettyPrinted
    }

    public func render(_ report: some RenderableReport) throws(ReportRenderError) -> String {
        let encoder = JSONEncoder()
        var formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if prettyPrinted { formatting.insert(.prettyPrinted) }
        encoder.outputFormatting = formatting
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        do {
            let data = try encoder.encode(VersionedReport(report: report))
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw .encodingFailed(report: report.title, reason: String(describing: error))
        }
    }
}
