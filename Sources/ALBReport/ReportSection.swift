/// A titled group of generic blocks in a report.
public struct ReportSection: Sendable, Codable, Hashable {
    /// Where a section is printed relative to the findings in text and markdown.
    public enum Placement: String, Sendable, Codable, Hashable {
        case beforeFindings = "before-findings"
        case afterFindings = "after-findings"
    }

    /// The section heading.
    public var title: String
    /// Before or after the findings.
    public var placement: Placement
    /// The content, in order.
    public var blocks: [ReportBlock]

    /// Creates a section.
    public init(title: String, placement: Placement = .afterFindings, blocks: [ReportBlock]) {
        self.title = title
        self.placement = placement
        self.blocks = blocks
    }
}

/// One generic block of report content.
public enum ReportBlock: Sendable, Codable, Hashable {
    /// A paragraph of prose.
    case paragraph(String)
    /// A bullet list.
    case bullets([String])
    /// Aligned `key: value` pairs, in order.
    case keyValues([ReportKeyValue])
    /// A table with a header row.
    case table(ReportTable)
    /// Lines printed exactly as given (log lines, escaped bytes), with an optional caption.
    case verbatim(caption: String?, lines: [String])
    /// A series of (label, value, total) points drawn as bars.
    case timeline(ReportTimeline)
}

/// How a value should stand out (a colour in text output; ignored elsewhere).
public enum ReportEmphasis: String, Sendable, Codable, Hashable {
    case normal, good, warning, bad, strong
}

/// One `key: value` pair.
public struct ReportKeyValue: Sendable, Codable, Hashable {
    public var key: String
    public var value: String
    public var emphasis: ReportEmphasis

    /// Creates a pair.
    public init(_ key: String, _ value: String, emphasis: ReportEmphasis = .normal) {
        self.key = key
        self.value = value
        self.emphasis = emphasis
    }
}

/// A table: columns (name + alignment) and rows of cells.
public struct ReportTable: Sendable, Codable, Hashable {
    /// One column.
    public struct Column: Sendable, Codable, Hashable {
        /// Cell alignment in text output.
        public enum Alignment: String, Sendable, Codable, Hashable { case left, right }
        public var name: String
        public var alignment: Alignment

        /// Creates a column.
        public init(_ name: String, alignment: Alignment = .left) {
            self.name = name
            self.alignment = alignment
        }
    }

    /// An optional caption printed above the table.
    public var caption: String?
    public var columns: [Column]
    /// Rows; a short row is padded with empty cells, extra cells are dropped.
    public var rows: [[String]]
    /// An optional note printed below (e.g. "12 more targets: 40 502s").
    public var note: String?

    /// Creates a table.
    public init(caption: String? = nil, columns: [Column], rows: [[String]], note: String? = nil) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.note = note
    }
}

/// A series of points, e.g. 502s against all requests per minute.
public struct ReportTimeline: Sendable, Codable, Hashable {
    /// One point.
    public struct Point: Sendable, Codable, Hashable {
        /// The x label, e.g. `2026-11-25T13:05Z`.
        public var label: String
        /// The plotted value, e.g. 502s in that minute.
        public var value: Int
        /// The reference total, e.g. all requests in that minute.
        public var total: Int

        /// Creates a point.
        public init(label: String, value: Int, total: Int) {
            self.label = label
            self.value = value
            self.total = total
        }
    }

    public var caption: String?
    /// Name of `value` (e.g. "502s").
    public var valueName: String
    /// Name of `total` (e.g. "requests").
    public var totalName: String
    public var points: [Point]

    /// Creates a timeline.
    public init(caption: String? = nil, valueName: String, totalName: String, points: [Point]) {
        self.caption = caption
        self.valueName = valueName
        self.totalName = totalName
        self.points = points
    }
}
