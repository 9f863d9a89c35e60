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

/// Encodes the wrapped report's own keys plus `schema_version` into the same top-level object.
private struct VersionedReport<R: RenderableReport>: Encodable {
    let report: R

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(report.schemaVersion, forKey: Key(stringValue: "schema_version"))
    }
}
