/// A cheap view of one tokenized log line, handed to an ``AccessLogConsumer``.
///
/// It points into the scanner's buffers and is **valid only during the `consume` call**: nothing is
/// decoded or copied until an accessor asks for it. Accessors that decode a value throw an
/// ``AccessLogParseError`` naming the field when its text is not a valid value; the scanner then
/// counts the line as skipped.
public struct AccessLogRecord {
    @usableFromInline let line: UnsafeRawBufferPointer
    let tokens: LineTokens
    /// 1-based line number in its source.
    public let lineNumber: Int
    /// The source name (file path, `-` for stdin, or the feeder's name).
    public let source: String

    /// A record over `line`; the tokens are reset (tokenized lazily on access).
    init(line: UnsafeRawBufferPointer, tokens: LineTokens, lineNumber: Int, source: String) {
        self.line = line
        self.tokens = tokens
        self.lineNumber = lineNumber
        self.source = source
        tokens.reset()
    }

    // MARK: Raw access

    /// The line's bytes (without the line terminator).
    public var lineBytes: UnsafeRawBufferPointer { line }

    /// The line as text (invalid UTF-8 replaced by U+FFFD). Allocates.
    public var lineText: String { String(decoding: line, as: UTF8.self) }

    /// Number of well-formed fields on the line (tokenizes the whole line).
    public var fieldCount: Int {
        tokens.advance(line, through: Int.max)
        return tokens.count
    }

    /// The structural problem of the line, if any (tokenizes the whole line): a missing field, a stray or
    /// missing quote, too many fields.
    public var structureError: AccessLogParseError? {
        tokens.advance(line, through: Int.max)
        return tokens.failure.map { error(for: $0) }
    }

    /// The raw bytes of a field's content (quotes removed, escapes not resolved), or `nil` if the line
    /// has no such field (older format) or its structure breaks before it.
    @inline(__always)
    public func rawField(_ field: AccessLogField) -> UnsafeRawBufferPointer? {
        rawField(at: field.rawValue)
    }

    /// The raw bytes of the field at a 0-based position, including unknown trailing fields.
    @inline(__always)
    public func rawField(at index: Int) -> UnsafeRawBufferPointer? {
        if index >= tokens.count { tokens.advance(line, through: index) }
        guard index < tokens.count else { return nil }
        let s = Int(tokens.bounds[2 * index])
        let e = Int(tokens.bounds[2 * index + 1])
        return UnsafeRawBufferPointer(rebasing: line[s..<e])
    }

    /// The raw bytes of a field; throws if the line's structure breaks at or before it, or if the line
    /// is too short to be an access-log line. `nil` if the field is newer than the line.
    @inline(__always)
    func bytes(_ index: Int) throws(AccessLogParseError) -> UnsafeRawBufferPointer? {
        if index >= tokens.count {
            tokens.advance(line, through: index)
            if index >= tokens.count {
                if let failure = tokens.failure { throw error(for: failure) }
                return nil
            }
        }
        let s = Int(tokens.bounds[2 * index])
        let e = Int(tokens.bounds[2 * index + 1])
        return UnsafeRawBufferPointer(rebasing: line[s..<e])
    }

    /// Whether the field is present and logged as `-` (or `"-"`), i.e. absent.
    @inline(__always)
    public func isDash(_ field: AccessLogField) -> Bool {
        guard let b = rawField(field) else { return false }
        return b.count == 1 && b[0] == UInt8(ascii: "-")
    }

    /// Whether the field's raw bytes equal `text` (no allocation).
    public func field(_ field: AccessLogField, equals text: StaticString) -> Bool {
        guard let b = rawField(field), b.count == text.utf8CodeUnitCount else { return false }
        guard let base = b.baseAddress else { return text.utf8CodeUnitCount == 0 }
        return memcmp(base, text.utf8Start, b.count) == 0
    }

    // MARK: Hot accessors

    /// `elb_status_code`; `nil` for `-`.
    public var elbStatusCode: Int? {
        get throws(AccessLogParseError) { try statusCode(.elbStatusCode) }
    }

    /// `target_status_code`; `nil` for `-` (no response from a target).
    public var targetStatusCode: Int? {
        get throws(AccessLogParseError) { try statusCode(.targetStatusCode) }
    }

    /// `time`: when the response was generated.
    public var time: LogTimestamp {
        get throws(AccessLogParseError) {
            guard let b = try bytes(AccessLogField.time.rawValue), let t = LogTimestamp.parse(b) else {
                throw invalid(.time)
            }
            return t
        }
    }

    /// `request_processing_time` in seconds (`-1` kept).
    public var requestProcessingTime: Double? {
        get throws(AccessLogParseError) { try seconds(.requestProcessingTime) }
    }
    /// `target_processing_time` in seconds (`-1` kept).
    public var targetProcessingTime: Double? {
        get throws(AccessLogParseError) { try seconds(.targetProcessingTime) }
    }
    /// `response_processing_time` in seconds (`-1` kept).
    public var responseProcessingTime: Double? {
        get throws(AccessLogParseError) { try seconds(.responseProcessingTime) }
    }

    /// Raw bytes of `target:port` (`nil` if logged as `-`).
    public var targetBytes: UnsafeRawBufferPointer? {
        isDash(.target) ? nil : rawField(.target)
    }

    /// Raw bytes of `error_reason` (`nil` if `"-"` or absent).
    public var errorReasonBytes: UnsafeRawBufferPointer? {
        isDash(.errorReason) ? nil : rawField(.errorReason)
    }

    /// `target:port` decoded.
    public var target: AccessLogEndpoint? {
        get throws(AccessLogParseError) { try endpoint(.target) }
    }

    /// A string field with quotes removed and `\"` / `\\` escapes resolved; `nil` for `-` or absent.
    public func string(_ field: AccessLogField) throws(AccessLogParseError) -> String? {
        try string(at: field.rawValue, field: field)
    }

    // MARK: Decoders

    @inline(__always)
    func statusCode(_ field: AccessLogField) throws(AccessLogParseError) -> Int? {
        guard let b = try bytes(field.rawValue) else { return nil }
        if b.count == 3 {
            let d0 = Int(b[0]) &- 48
            let d1 = Int(b[1]) &- 48
            let d2 = Int(b[2]) &- 48
            if UInt(bitPattern: d0) < 10 && UInt(bitPattern: d1) < 10 && UInt(bitPattern: d2) < 10 {
                return d0 * 100 + d1 * 10 + d2
            }
        }
        if b.count == 1 && b[0] == UInt8(ascii: "-") { return nil }
        if b.count == 0 && field == .elbStatusCode { return nil }
        throw invalid(field)
    }

    func seconds(_ field: AccessLogField) throws(AccessLogParseError) -> Double? {
        guard let b = try bytes(field.rawValue) else { return nil }
        if b.count == 1 && b[0] == UInt8(ascii: "-") { return nil }
        guard let v = FieldDecoding.decimal(b) else { throw invalid(field) }
        return v
    }

    func integer(_ field: AccessLogField, allowEmpty: Bool) throws(AccessLogParseError) -> Int64? {
        guard let b = try bytes(field.rawValue) else { return nil }
        if b.count == 1 && b[0] == UInt8(ascii: "-") { return nil }
        if b.count == 0 && allowEmpty { return nil }
        guard let v = FieldDecoding.integer(b) else { throw invalid(field) }
        return v
    }

    func timestamp(_ field: AccessLogField) throws(AccessLogParseError) -> LogTimestamp? {
        guard let b = try bytes(field.rawValue) else { return nil }
        if b.count == 1 && b[0] == UInt8(ascii: "-") { return nil }
        guard let t = LogTimestamp.parse(b) else { throw invalid(field) }
        return t
    }

    func endpoint(_ field: AccessLogField) throws(AccessLogParseError) -> AccessLogEndpoint? {
        guard let b = try bytes(field.rawValue) else { return nil }
        if b.count == 1 && b[0] == UInt8(ascii: "-") { return nil }
        guard let e = FieldDecoding.endpoint(b) else { throw invalid(field) }
        return e
    }

    func string(at index: Int, field: AccessLogField?) throws(AccessLogParseError) -> String? {
        guard let b = try bytes(index) else { return nil }
        if b.count == 1 && b[0] == UInt8(ascii: "-") { return nil }
        // Only the structure of a line makes it unreadable, never the bytes inside a field: invalid UTF-8
        // is decoded with U+FFFD and the field noted, so the scan can count it.
        if FieldDecoding.firstInvalidUTF8(b) != nil { tokens.noteLossy(index) }
        if tokens.flags[index] & LineTokens.escaped != 0
            || (tokens.flags[index] & LineTokens.quoted != 0 && b.contains(UInt8(ascii: "\\")))
        {
            return FieldDecoding.unescape(b)
        }
        return String(decoding: b, as: UTF8.self)
    }

    func list(_ field: AccessLogField) throws(AccessLogParseError) -> [Substring]? {
        guard let s = try string(field) else { return nil }
        return s.split(separator: " ")
    }

    func invalid(_ field: AccessLogField) -> AccessLogParseError {
        let index = field.rawValue
        let b = rawField(at: index) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let column = index < tokens.count ? Int(tokens.bounds[2 * index]) + 1 : line.count + 1
        return AccessLogParseError(
            source: source,
            line: lineNumber,
            column: column,
            field: field,
            code: .invalidValue,
            expected: field.expected,
            found: AccessLogParseError.excerpt(b)
        )
    }

    /// The connection types AWS writes in `type`.
    static let connectionTypes: [StaticString] = ["http", "https", "h2", "grpcs", "ws", "wss"]

    /// Whether the first field is a connection type AWS writes.
    func hasKnownType() -> Bool {
        guard let b = rawField(at: 0), let base = b.baseAddress else { return false }
        return AccessLogRecord.connectionTypes.contains { t in
            t.utf8CodeUnitCount == b.count && memcmp(base, t.utf8Start, b.count) == 0
        }
    }

    func error(for failure: LineTokens.Failure) -> AccessLogParseError {
        // A structural error is named where the line stops being an access-log line: a line whose first
        // fields are not a connection type and a timestamp is not one at all.
        if failure.field >= 1, !hasKnownType() {
            var e = invalid(.type)
            e.expected = "one of http, https, h2, grpcs, ws, wss (this is not an ALB access-log line)"
            return e
        }
        if failure.field >= 2, let t = rawField(at: 1), LogTimestamp.parse(t) == nil {
            return invalid(.time)
        }
        let field = AccessLogField(rawValue: failure.field)
        let rest = UnsafeRawBufferPointer(rebasing: line[min(failure.offset, line.count)...])
        var expected: String
        switch failure.code {
        case .missingField:
            expected =
                field.map {
                    "\($0.awsName) (\($0.expected)); a line needs at least \(AccessLogField.minimumCount) fields"
                } ?? "more fields"
        case .tooManyFields:
            expected = "at most \(LineTokens.capacity) fields"
        default:
            expected = field?.expected ?? "a space-separated token"
        }
        if failure.code == .expectedQuote, let field,
            AccessLogField.alwaysQuotedMask & (1 << UInt64(field.rawValue)) == 0
        {
            expected += " (older lines may have it bare, but a quote later on this line shows the fields are shifted)"
        }
        if failure.code == .unexpectedQuote, let next = AccessLogField(rawValue: failure.field + 1), next.isQuoted {
            expected += " (a misplaced quote: the next field, \(next.awsName), should be enclosed in quotes)"
        }
        return AccessLogParseError(
            source: source,
            line: lineNumber,
            column: failure.offset + 1,
            field: field ?? nil,
            code: failure.code,
            expected: expected,
            found: failure.code == .missingField ? "" : AccessLogParseError.excerpt(rest, limit: 40)
        )
    }

    // MARK: Materialisation

    /// Decodes every field into an ``AccessLogEntry``. Allocates.
    ///
    /// - Throws: the first problem found; for a structural problem, the error's `partialEntry` holds the
    ///   fields before it (when type, time and elb are readable).
    public func entry() throws(AccessLogParseError) -> AccessLogEntry {
        tokens.advance(line, through: Int.max)
        if let failure = tokens.failure {
            var e = error(for: failure)
            e.partialEntry = try? entryPrefix(fieldLimit: failure.field)
            throw e
        }
        return try entryPrefix(fieldLimit: tokens.count)
    }

    /// Decodes the first `fieldLimit` fields (the rest stay `nil`). Requires type, time and elb.
    func entryPrefix(fieldLimit: Int) throws(AccessLogParseError) -> AccessLogEntry {
        let limit = min(fieldLimit, tokens.count)
        guard limit >= 3 else { throw invalid(AccessLogField(rawValue: limit) ?? .type) }
        guard let type = try string(.type), !type.isEmpty else { throw invalid(.type) }
        let time = try self.time
        guard let elb = try string(.elb) else { throw invalid(.elb) }
        var e = AccessLogEntry(type: type, time: time, elb: elb, rawLine: lineText, fieldCount: limit)
        for index in 3..<limit {
            guard let field = AccessLogField(rawValue: index) else {
                if let s = try string(at: index, field: nil) {
                    e.unknownFields.append(s)
                } else {
                    e.unknownFields.append("-")
                }
                continue
            }
            switch field {
            case .type, .time, .elb: break
            case .client: e.client = try endpoint(.client)
            case .target: e.target = try endpoint(.target)
            case .requestProcessingTime: e.requestProcessingTime = try seconds(field)
            case .targetProcessingTime: e.targetProcessingTime = try seconds(field)
            case .responseProcessingTime: e.responseProcessingTime = try seconds(field)
            case .elbStatusCode: e.elbStatusCode = try statusCode(field)
            case .targetStatusCode: e.targetStatusCode = try statusCode(field)
            case .receivedBytes: e.receivedBytes = try integer(field, allowEmpty: true)
            case .sentBytes: e.sentBytes = try integer(field, allowEmpty: true)
            case .request: e.request = try string(field).map { AccessLogRequest(raw: $0) }
            case .userAgent: e.userAgent = try string(field)
            case .sslCipher: e.sslCipher = try string(field)
            case .sslProtocol: e.sslProtocol = try string(field)
            case .targetGroupARN: e.targetGroupARN = try string(field)
            case .traceID: e.traceID = try string(field)
            case .domainName: e.domainName = try string(field)
            case .chosenCertARN: e.chosenCertARN = try string(field)
            case .matchedRulePriority:
                if let v = try integer(field, allowEmpty: true) {
                    guard v >= -1 && v <= 50_000 else { throw invalid(field) }
                    e.matchedRulePriority = Int(v)
                }
            case .requestCreationTime: e.requestCreationTime = try timestamp(field)
            case .actionsExecuted: e.actionsExecuted = try string(field)
            case .redirectURL: e.redirectURL = try string(field)
            case .errorReason: e.errorReason = try string(field)
            case .targetPortList:
                if let items = try list(field) {
                    var endpoints: [AccessLogEndpoint] = []
                    for item in items {
                        if item == "-" { continue }
                        var s = String(item)
                        guard let ep = s.withUTF8({ FieldDecoding.endpoint(UnsafeRawBufferPointer($0)) }) else {
                            throw invalid(field)
                        }
                        endpoints.append(ep)
                    }
                    e.targetPortList = endpoints
                }
            case .targetStatusCodeList:
                if let items = try list(field) {
                    var codes: [Int] = []
                    for item in items {
                        if item == "-" { continue }
                        guard item.count == 3, let v = Int(item) else { throw invalid(field) }
                        codes.append(v)
                    }
                    e.targetStatusCodeList = codes
                }
            case .classification: e.classification = try string(field)
            case .classificationReason: e.classificationReason = try string(field)
            case .connTraceID: e.connTraceID = try string(field)
            case .transformedHost: e.transformedHost = try string(field)
            case .transformedURI: e.transformedURI = try string(field)
            case .requestTransformStatus: e.requestTransformStatus = try string(field)
            }
        }
        return e
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
