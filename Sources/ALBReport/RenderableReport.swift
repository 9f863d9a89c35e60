import ALBDiagnosis

/// Anything the shared renderers can print: the `analyze` report, capture and probe reports, ...
///
/// - `text` and `markdown` render `title`, the sections placed before the findings, the ranked
///   `findings`, then the remaining sections.
/// - `html` renders the same, plus `headline` and the `charts` drawn as inline SVG.
/// - `json` encodes the report itself (its own `Encodable`, sorted keys) and adds `schema_version`
///   at the top level, so a report must encode as a keyed container and must not use that key.
public protocol RenderableReport: Encodable, Sendable {
    /// The report's heading, e.g. "ALB 502 analysis".
    var title: String { get }
    /// The version of this report kind's JSON schema, written as top-level `schema_version`.
    var schemaVersion: Int { get }
    /// Candidate causes, most likely first.
    var findings: [Finding] { get }
    /// Heading of the findings block in text/markdown (default "Likely causes").
    var findingsTitle: String { get }
    /// What text/markdown say when there are no findings.
    var noFindingsMessage: String { get }
    /// Generic blocks: key/values, tables, verbatim lines, timelines.
    var sections: [ReportSection] { get }
    /// One sentence with the verdict (who produced the errors, how many), shown first in HTML.
    var headline: String? { get }
    /// Charts drawn by the HTML renderer from the report's own data (default none).
    var charts: [ReportChart] { get }
}

extension RenderableReport {
    public var findingsTitle: String { "Likely causes" }
    public var noFindingsMessage: String { "No cause found." }
    public var headline: String? { nil }
    public var charts: [ReportChart] { [] }
}
