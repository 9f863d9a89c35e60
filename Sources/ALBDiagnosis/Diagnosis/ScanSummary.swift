import ALBAccessLog

/// What reading the inputs went like: files, lines, and every skipped line counted by reason.
public struct ScanSummary: Sendable, Hashable, Codable {
    public var sourcesRead: Int
    public var sourcesFailed: Int
    public var sourcesPrunedByWindow: Int
    public var sourcesIgnored: Int
    public var bytesRead: Int64
    public var linesRead: Int
    public var linesParsed: Int
    public var linesOutsideWindow: Int
    public var linesSkipped: Int
    /// Stable reason key (`invalid-value elb_status_code`) → count.
    public var skippedByReason: [String: Int]
    /// Records kept whose text fields held bytes that are not UTF-8 (decoded with U+FFFD).
    public var recordsWithInvalidUTF8: Int = 0
    /// Of those, per field (AWS name): how many records.
    public var invalidUTF8ByField: [String: Int] = [:]
    /// The first error messages, each naming file, line, field and what was expected.
    public var errors: [String]
    /// Errors beyond those kept.
    public var errorsNotKept: Int

    /// Copies the engine's statistics.
    public init(_ s: ParseStatistics) {
        sourcesRead = s.sourcesRead
        sourcesFailed = s.sourcesFailed
        sourcesPrunedByWindow = s.sourcesPrunedByWindow
        sourcesIgnored = s.sourcesIgnored
        bytesRead = s.bytesRead
        linesRead = s.linesRead
        linesParsed = s.linesParsed
        linesOutsideWindow = s.linesOutsideWindow
        linesSkipped = s.linesSkipped
        skippedByReason = s.skippedByReason
        recordsWithInvalidUTF8 = s.recordsWithInvalidUTF8
        invalidUTF8ByField = s.invalidUTF8ByField
        errors = s.errors.map(\.description)
        errorsNotKept = s.errorsNotKept
    }

    /// An empty summary (for hand-built analyses).
    public init() {
        self.init(ParseStatistics())
    }
}
