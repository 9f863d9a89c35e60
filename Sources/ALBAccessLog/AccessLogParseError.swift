/// Why a line (or the rest of a file) could not be read, and exactly where.
///
/// `description` reads like a compiler diagnostic:
/// `access.log:12:87: error: elb_status_code: expected a 3-digit HTTP status code (or -), found "5O2"`.
public struct AccessLogParseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable machine-readable code (no dynamic values).
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The line ended before the field (fewer fields than the shortest line of its log type: 18 for access
        /// logs, 8 for health-check logs, 11 for connection logs; or a line cut short).
        case missingField = "missing-field"
        /// A field that AWS always quotes did not start with `"`.
        case expectedQuote = "expected-quote"
        /// A `"` inside an unquoted field.
        case unexpectedQuote = "unexpected-quote"
        /// A quoted field without its closing `"`.
        case unterminatedQuote = "unterminated-quote"
        /// The field's text is not a valid value of its type.
        case invalidValue = "invalid-value"
        /// The field's bytes are not valid UTF-8. No longer produced: such bytes are decoded with U+FFFD and
        /// counted in ``ParseStatistics/invalidUTF8ByField``; kept so that stored errors still decode.
        case invalidUTF8 = "invalid-utf8"
        /// The line is longer than the configured maximum; it was skipped without being buffered.
        case lineTooLong = "line-too-long"
        /// More fields than the tokenizer's capacity.
        case tooManyFields = "too-many-fields"
        /// The gzip stream is corrupt; the rest of the file was not read.
        case gzipCorrupt = "gzip-corrupt"
        /// The gzip stream ends in the middle of a member.
        case gzipTruncated = "gzip-truncated"
        /// Bytes after the last gzip member that are not another member.
        case gzipTrailingGarbage = "gzip-trailing-garbage"
        /// The source could not be opened or read.
        case readFailed = "read-failed"
    }

    /// The file name, `-` for stdin, or the name given to a feeder.
    public var source: String
    /// 1-based line number, or `nil` for errors about the whole stream (gzip, I/O).
    public var line: Int?
    /// 1-based byte column in the line, or for stream errors the byte offset in the (compressed) file.
    public var column: Int?
    /// The field at fault in an access-log line, if any.
    public var field: AccessLogField?
    /// The field at fault in a health-check or connection log line, if any.
    public var logField: LogFieldReference?
    public var code: Code
    /// What a valid value looks like.
    public var expected: String
    /// The offending text, with non-printable bytes escaped (`\xNN`), at most ~60 characters.
    public var found: String
    /// For line errors: the fields before the bad one, when at least `type`, `time` and `elb` parsed.
    public var partialEntry: AccessLogEntry?

    public init(
        source: String,
        line: Int?,
        column: Int?,
        field: AccessLogField?,
        code: Code,
        expected: String,
        found: String,
        partialEntry: AccessLogEntry? = nil,
        logField: LogFieldReference? = nil
    ) {
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.code = code
        self.expected = expected
        self.found = found
        self.partialEntry = partialEntry
        self.logField = logField
    }

    /// Stable key used in ``ParseStatistics/skippedByReason``: the code, plus the field name when known.
    public var reason: String {
        if let field { return "\(code.rawValue) \(field.awsName)" }
        if let logField { return "\(code.rawValue) \(logField.awsName)" }
        return code.rawValue
    }

    public var description: String {
        var location = source
        if let line { location += ":\(line)" }
        if let column { location += line == nil ? " (byte offset \(column))" : ":\(column)" }
        var text = "\(location): error: "
        if let field { text += "\(field.awsName) (field \(field.rawValue + 1)): " }
        if let logField { text += "\(logField.awsName) (field \(logField.position + 1)): " }
        switch code {
        case .missingField:
            text += "line ends here; expected \(expected)"
        case .expectedQuote:
            text += "expected an opening '\"' (\(expected))"
        case .unexpectedQuote:
            text += "unexpected '\"' inside an unquoted field; expected \(expected)"
        case .unterminatedQuote:
            text += "no closing '\"' before the end of the line"
        case .invalidValue:
            text += "expected \(expected)"
        case .invalidUTF8:
            text += "invalid UTF-8; expected \(expected)"
        case .lineTooLong, .tooManyFields, .gzipCorrupt, .gzipTruncated, .gzipTrailingGarbage, .readFailed:
            text += expected
        }
        if !found.isEmpty { text += ", found \"\(found)\"" }
        let structural: Set<Code> = [.missingField, .expectedQuote, .unexpectedQuote, .unterminatedQuote]
        if structural.contains(code), let field, field.rawValue > 0,
            let last = AccessLogField(rawValue: field.rawValue - 1)
        {
            text += " (the line is well-formed up to \(last.awsName), field \(field.rawValue))"
        }
        if structural.contains(code), let last = logField?.previous {
            text += " (the line is well-formed up to \(last.awsName), field \(last.position + 1))"
        }
        return text
    }

    /// Escapes bytes for display: printable ASCII as is, others as `\xNN`; cut to `limit` bytes.
    static func excerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 60) -> String {
        var s = ""
        for (i, b) in bytes.enumerated() {
            if i >= limit {
                s += "…"
                break
            }
            if b == UInt8(ascii: "\"") {
                s += "\\\""
            } else if b >= 0x20, b < 0x7F, b != UInt8(ascii: "\\") {
                s.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                s += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return s
    }
}

/// An input could not be resolved before scanning (missing path, unreadable directory).
public struct LogSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): error: \(message)" }
}
