import ALBDiagnosis

/// Renders any `RenderableReport` into a string in one format.
///
/// Renderers are pure: the same report always gives the same bytes. The caller writes the result
/// to standard output.
public protocol ReportRenderer: Sendable {
    /// Renders a report.
    func render(_ report: some RenderableReport) throws(ReportRenderError) -> String
}

/// Why a report could not be rendered.
public enum ReportRenderError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The report's `Encodable` conformance failed.
    case encodingFailed(report: String, reason: String)

    public var description: String {
        switch self {
        case .encodingFailed(let report, let reason):
            "could not encode report '\(report)' as JSON: \(reason)"
        }
    }
}
