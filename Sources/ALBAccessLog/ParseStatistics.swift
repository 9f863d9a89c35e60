/// What a scan read, what it kept, and what it skipped and why.
public struct ParseStatistics: Sendable, Hashable, Codable {
    /// The log type the scan read (access logs unless a health-check or connection log scan says otherwise).
    public var logType: ALBLogType = .access
    /// Files (or streams) opened and read.
    public var sourcesRead: Int = 0
    /// Files not opened because their name-encoded end time is outside the time window.
    public var sourcesPrunedByWindow: Int = 0
    /// Files in directories that are not ALB logs of the type read (for access logs: `ELBAccessLogTestFile`,
    /// connection and health-check logs, NLB/CLB logs, hidden files).
    public var sourcesIgnored: Int = 0
    /// Sources that ended with an error (corrupt/truncated gzip, read error); lines before it were kept.
    public var sourcesFailed: Int = 0
    /// Gzip members inflated whole with libdeflate (the rest went through streaming zlib).
    public var gzipMembersInflatedWithLibdeflate: Int = 0
    /// Uncompressed bytes scanned.
    public var bytesRead: Int64 = 0
    /// Lines seen (empty lines included).
    public var linesRead: Int = 0
    /// Lines handed to the consumer without error.
    public var linesParsed: Int = 0
    /// Lines outside the time window (not errors).
    public var linesOutsideWindow: Int = 0
    /// Empty lines (not errors).
    public var emptyLines: Int = 0
    /// Lines skipped because of an error.
    public var linesSkipped: Int = 0
    /// Skipped lines and failed sources by ``AccessLogParseError/reason`` (`invalid-value elb_status_code`).
    public var skippedByReason: [String: Int] = [:]
    /// Records kept whose fields held bytes that are not UTF-8 (decoded with U+FFFD); counted for the
    /// fields the command decoded (`records` and `analyze` decode every text field they show).
    public var recordsWithInvalidUTF8: Int = 0
    /// Of those, per field (AWS name; `unknown` for fields after the known ones): records with such bytes.
    public var invalidUTF8ByField: [String: Int] = [:]
    /// Health-check and connection log records kept that had fields after the last documented one (AWS appends
    /// new fields, and writes a trailing `-` before releasing one): counted, kept in the record's
    /// `unknownFields`, never an error. Not counted for access logs, whose records keep them too.
    public var recordsWithUnknownFields: Int = 0
    /// The first ``maximumErrors`` errors, in input order.
    public var errors: [AccessLogParseError] = []
    /// Errors beyond ``maximumErrors`` that were counted but not kept.
    public var errorsNotKept: Int = 0
    /// How many errors to keep.
    public var maximumErrors: Int = 20

    public init(maximumErrors: Int = 20) {
        self.maximumErrors = maximumErrors
    }

    /// Whether anything was skipped or failed (the CLI exits non-zero then).
    public var hasProblems: Bool { linesSkipped > 0 || sourcesFailed > 0 }

    /// Counts one kept record whose fields in `mask` (bit per field index, 63 = later fields) were lossy.
    mutating func recordLossyFields(_ mask: UInt64) {
        recordsWithInvalidUTF8 += 1
        var m = mask
        while m != 0 {
            let index = m.trailingZeroBitCount
            m &= m - 1
            let name = index < 63 ? AccessLogField(rawValue: index)?.awsName ?? "unknown" : "unknown"
            invalidUTF8ByField[name, default: 0] += 1
        }
    }

    /// Counts one kept record whose fields in `mask` were lossy, naming them from `fieldNames` (a
    /// health-check or connection log's fields).
    mutating func recordLossyFields(_ mask: UInt64, fieldNames: [String]) {
        recordsWithInvalidUTF8 += 1
        var m = mask
        while m != 0 {
            let index = m.trailingZeroBitCount
            m &= m - 1
            let name = index < 63 && index < fieldNames.count ? fieldNames[index] : "unknown"
            invalidUTF8ByField[name, default: 0] += 1
        }
    }

    mutating func recordSkippedLine(_ error: AccessLogParseError) {
        linesSkipped += 1
        note(error)
    }

    mutating func recordFailedSource(_ error: AccessLogParseError) {
        sourcesFailed += 1
        note(error)
    }

    mutating func note(_ error: AccessLogParseError) {
        skippedByReason[error.reason, default: 0] += 1
        if errors.count < maximumErrors {
            var e = error
            e.partialEntry = nil
            errors.append(e)
        } else {
            errorsNotKept += 1
        }
    }

    /// Adds the statistics of the next unit in input order.
    public mutating func merge(_ other: ParseStatistics) {
        if other.logType != .access { logType = other.logType }
        recordsWithUnknownFields += other.recordsWithUnknownFields
        sourcesRead += other.sourcesRead
        sourcesPrunedByWindow += other.sourcesPrunedByWindow
        sourcesIgnored += other.sourcesIgnored
        sourcesFailed += other.sourcesFailed
        gzipMembersInflatedWithLibdeflate += other.gzipMembersInflatedWithLibdeflate
        bytesRead += other.bytesRead
        linesRead += other.linesRead
        linesParsed += other.linesParsed
        linesOutsideWindow += other.linesOutsideWindow
        emptyLines += other.emptyLines
        linesSkipped += other.linesSkipped
        for (k, v) in other.skippedByReason { skippedByReason[k, default: 0] += v }
        recordsWithInvalidUTF8 += other.recordsWithInvalidUTF8
        for (k, v) in other.invalidUTF8ByField { invalidUTF8ByField[k, default: 0] += v }
        for e in other.errors {
            if errors.count < maximumErrors { errors.append(e) } else { errorsNotKept += 1 }
        }
        errorsNotKept += other.errorsNotKept
    }

    /// A multi-line human summary: counts (naming the log type when it is not access logs), then skipped lines
    /// by reason.
    public var summary: String {
        let what = logType == .access ? "" : " of \(logType.displayName)s"
        var s =
            "read \(sourcesRead) source(s)\(what), \(linesRead) lines, \(bytesRead) bytes: \(linesParsed) lines parsed, "
            + "\(linesSkipped) skipped; \(sourcesFailed) source(s) failed"
        if linesOutsideWindow > 0 { s += ", \(linesOutsideWindow) outside the time window" }
        if sourcesPrunedByWindow > 0 { s += ", \(sourcesPrunedByWindow) file(s) pruned by name" }
        if sourcesIgnored > 0 {
            s +=
                logType == .access
                ? ", \(sourcesIgnored) non-access-log file(s) ignored"
                : ", \(sourcesIgnored) file(s) that are not \(logType.displayName)s ignored"
        }
        if emptyLines > 0 { s += ", \(emptyLines) empty line(s)" }
        if recordsWithUnknownFields > 0 {
            s += ", \(recordsWithUnknownFields) record(s) with fields after the documented ones (kept)"
        }
        for (reason, count) in skippedByReason.sorted(by: { $0.key < $1.key }) {
            s += "\n  \(count) × \(reason)"
        }
        if recordsWithInvalidUTF8 > 0 {
            s += "\n\(recordsWithInvalidUTF8) record(s) kept with bytes that are not UTF-8 (shown as U+FFFD):"
            for (field, count) in invalidUTF8ByField.sorted(by: { $0.key < $1.key }) {
                s += "\n  \(count) × \(field)"
            }
        }
        return s
    }
}
