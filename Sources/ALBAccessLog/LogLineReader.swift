/// The field enum of a health-check or connection log, as the shared line reader needs it.
protocol LogLineField: RawRepresentable, CaseIterable, LineGrammar where RawValue == Int {
    /// The log these fields belong to.
    static var logType: ALBLogType { get }
    /// Number of fields known by name.
    static var knownCount: Int { get }
    var awsName: String { get }
    var expected: String { get }
}

/// Reads the fields of one health-check or connection log line: raw bytes split lazily by the access-log
/// tokenizer (with the log's own grammar), typed decoders, and errors that name the field and what was
/// expected. Valid only while the line's bytes and the tokens are.
struct LogLineReader<F: LogLineField> {
    let line: UnsafeRawBufferPointer
    let tokens: LineTokens
    let lineNumber: Int
    let source: String

    /// A reader over `line`; the tokens are reset (tokenized lazily on access).
    init(line: UnsafeRawBufferPointer, tokens: LineTokens, lineNumber: Int, source: String) {
        self.line = line
        self.tokens = tokens
        self.lineNumber = lineNumber
        self.source = source
        tokens.reset()
    }

    // MARK: Structure

    /// Number of well-formed fields (tokenizes the whole line).
    var fieldCount: Int {
        tokens.advance(line, through: Int.max, grammar: F.self)
        return tokens.count
    }

    /// The structural problem of the line, if any (tokenizes the whole line).
    var structureError: AccessLogParseError? {
        tokens.advance(line, through: Int.max, grammar: F.self)
        return tokens.failure.map { error(for: $0) }
    }

    /// The raw bytes of the field at a 0-based position (quotes removed), or `nil` if the line has no such
    /// field or its structure breaks before it.
    @inline(__always)
    func rawField(at index: Int) -> UnsafeRawBufferPointer? {
        if index >= tokens.count { tokens.advance(line, through: index, grammar: F.self) }
        guard index < tokens.count else { return nil }
        let s = Int(tokens.bounds[2 * index])
        let e = Int(tokens.bounds[2 * index + 1])
        return UnsafeRawBufferPointer(rebasing: line[s..<e])
    }

    /// The raw bytes of a field; throws if the structure breaks at or before it; `nil` if the line ends
    /// before it (a field newer than the line).
    @inline(__always)
    func bytes(_ index: Int) throws(AccessLogParseError) -> UnsafeRawBufferPointer? {
        if index >= tokens.count {
            tokens.advance(line, through: index, grammar: F.self)
            if index >= tokens.count {
                if let failure = tokens.failure { throw error(for: failure) }
                return nil
            }
        }
        let s = Int(tokens.bounds[2 * index])
        let e = Int(tokens.bounds[2 * index + 1])
        return UnsafeRawBufferPointer(rebasing: line[s..<e])
    }

    /// The bytes of a field every line has (a position below the grammar's minimum count).
    @inline(__always)
    func required(_ field: F) throws(AccessLogParseError) -> UnsafeRawBufferPointer {
        guard let b = try bytes(field.rawValue) else { throw invalid(field) }
        return b
    }

    /// The bytes of a field, `nil` when logged as `-` (or `"-"`) or absent from the line.
    @inline(__always)
    func present(_ field: F) throws(AccessLogParseError) -> UnsafeRawBufferPointer? {
        guard let b = try bytes(field.rawValue), !LogLineReader.isDash(b) else { return nil }
        return b
    }

    @inline(__always)
    static func isDash(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count == 1 && b[0] == UInt8(ascii: "-")
    }

    /// Whether `b` equals `text` (no allocation).
    @inline(__always)
    static func equals(_ b: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard b.count == text.utf8CodeUnitCount else { return false }
        guard let base = b.baseAddress else { return text.utf8CodeUnitCount == 0 }
        return memcmp(base, text.utf8Start, b.count) == 0
    }

    // MARK: Typed values

    /// A text field with `\"` / `\\` escapes resolved inside quotes; `nil` for `-` or absent. Bytes that are
    /// not UTF-8 are decoded with U+FFFD and the field noted for the statistics.
    func string(at index: Int) throws(AccessLogParseError) -> String? {
        guard let b = try bytes(index), !LogLineReader.isDash(b) else { return nil }
        return text(b, at: index)
    }

    /// A field's bytes as text (escapes resolved when quoted), noting bytes that are not UTF-8.
    func text(_ b: UnsafeRawBufferPointer, at index: Int) -> String {
        if FieldDecoding.firstInvalidUTF8(b) != nil { tokens.noteLossy(index) }
        if tokens.flags[index] & LineTokens.escaped != 0
            || (tokens.flags[index] & LineTokens.quoted != 0 && b.contains(UInt8(ascii: "\\")))
        {
            return FieldDecoding.unescape(b)
        }
        return String(decoding: b, as: UTF8.self)
    }

    func string(_ field: F) throws(AccessLogParseError) -> String? {
        try string(at: field.rawValue)
    }

    func timestamp(_ field: F) throws(AccessLogParseError) -> LogTimestamp {
        guard let t = LogTimestamp.parse(try required(field)) else { throw invalid(field) }
        return t
    }

    /// Seconds as a duration; `nil` for `-`.
    func duration(_ field: F) throws(AccessLogParseError) -> Duration? {
        guard let b = try present(field) else { return nil }
        guard let d = FieldDecoding.duration(b) else { throw invalid(field) }
        return d
    }

    /// A port number, required.
    func port(_ field: F) throws(AccessLogParseError) -> Int {
        guard let p = FieldDecoding.port(try required(field)) else { throw invalid(field) }
        return p
    }

    /// Fields after the known ones, verbatim (quotes removed, `-` kept as `-`).
    func unknownFields() throws(AccessLogParseError) -> [String] {
        var result: [String] = []
        var index = F.knownCount
        while let b = try bytes(index) {
            result.append(text(b, at: index))
            index += 1
        }
        return result
    }

    // MARK: Errors

    func reference(_ index: Int) -> LogFieldReference {
        let name = F(rawValue: index)?.awsName ?? "unknown"
        return LogFieldReference(logType: F.logType, position: index, awsName: name)
    }

    /// An `invalid-value` error for `field`, with the line's other log type named when its shape shows one.
    func invalid(_ field: F, expected: String? = nil, hint: Bool = true) -> AccessLogParseError {
        let index = field.rawValue
        let b = rawField(at: index) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let column = index < tokens.count ? Int(tokens.bounds[2 * index]) + 1 : line.count + 1
        return AccessLogParseError(
            source: source,
            line: lineNumber,
            column: column,
            field: nil,
            code: .invalidValue,
            expected: (expected ?? field.expected) + (hint ? otherTypeHint() : ""),
            found: AccessLogParseError.excerpt(b),
            logField: reference(index)
        )
    }

    /// ` (this line looks like an access-log line)` when the line's shape shows another log type.
    func otherTypeHint() -> String {
        guard let other = ALBLogType.detect(line: line), other != F.logType else { return "" }
        return " (this line looks like \(other == .access ? "an" : "a") \(other.displayName) line)"
    }

    func error(for failure: LineTokens.Failure) -> AccessLogParseError {
        // A line of another log type (or garbage) is named at its first field, as the access-log reader does.
        let shape = ALBLogType.detect(line: line)
        if failure.field >= 1, shape != F.logType, let first = F(rawValue: 0) {
            let note = shape.map { ": it looks like \($0 == .access ? "an" : "a") \($0.displayName) line" } ?? ""
            return invalid(
                first,
                expected: first.expected + " (this is not a \(F.logType.displayName) line\(note))",
                hint: false
            )
        }
        let field = F(rawValue: failure.field)
        let rest = UnsafeRawBufferPointer(rebasing: line[min(failure.offset, line.count)...])
        let expected: String
        switch failure.code {
        case .missingField:
            expected =
                field.map {
                    "\($0.awsName) (\($0.expected)); a \(F.logType.displayName) line has at least \(F.minimumCount) fields"
                } ?? "more fields"
        case .tooManyFields:
            expected = "at most \(LineTokens.capacity) fields"
        case .expectedQuote:
            expected =
                (field?.expected ?? "a double-quoted string")
                + " (a bare token is accepted there, but a quote later on this line shows the fields are shifted)"
        default:
            expected = field?.expected ?? "a space-separated token"
        }
        return AccessLogParseError(
            source: source,
            line: lineNumber,
            column: failure.offset + 1,
            field: nil,
            code: failure.code,
            expected: expected,
            found: failure.code == .missingField ? "" : AccessLogParseError.excerpt(rest, limit: 40),
            logField: reference(failure.field)
        )
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
