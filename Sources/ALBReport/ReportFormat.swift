/// The output formats every report can be rendered in.
public enum ReportFormat: String, Sendable, Codable, CaseIterable, Hashable {
    /// Readable text for a terminal, ANSI-coloured when colours are enabled.
    case text
    /// The report's own JSON (sorted keys, `schema_version` at top level).
    case json
    /// GitHub-flavoured Markdown that pastes into a ticket.
    case markdown
    /// One self-contained HTML page (inline CSS and SVG, no script, no remote load).
    case html

    /// The renderer for this format; `colors` only matters for `text`.
    public func renderer(colors: Bool = false) -> any ReportRenderer {
        switch self {
        case .text: TextReportRenderer(colors: colors)
        case .json: JSONReportRenderer()
        case .markdown: MarkdownReportRenderer()
        case .html: HTMLReportRenderer()
        }
    }
}
