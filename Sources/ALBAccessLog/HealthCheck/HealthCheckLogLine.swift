/// A cheap view of one health-check log line, handed to a ``HealthCheckLogConsumer``.
///
/// It points into the scanner's buffers and is **valid only during the `consume` call**: fields are split
/// only as far as an accessor asks (with the access-log reader's tokenizer), and nothing is decoded or copied
/// until then. ``record()`` decodes every field; accessors throw an ``AccessLogParseError`` naming the field
/// when its text is not a valid value, and the scanner then counts the line as skipped.
public struct HealthCheckLogLine {
    let reader: LogLineReader<HealthCheckLogField>

    init(line: UnsafeRawBufferPointer, tokens: LineTokens, lineNumber: Int, source: String) {
        reader = LogLineReader(line: line, tokens: tokens, lineNumber: lineNumber, source: source)
    }

    /// 1-based line number in its source.
    public var lineNumber: Int { reader.lineNumber }
    /// The source name (file path, `-` for stdin, or the feeder's name).
    public var source: String { reader.source }
    /// The line's bytes (without the line terminator).
    public var lineBytes: UnsafeRawBufferPointer { reader.line }
    /// The line as text (invalid UTF-8 replaced by U+FFFD). Allocates.
    public var lineText: String { String(decoding: reader.line, as: UTF8.self) }

    /// Number of well-formed fields on the line (tokenizes the whole line).
    public var fieldCount: Int { reader.fieldCount }

    /// The structural problem of the line, if any (tokenizes the whole line).
    public var structureError: AccessLogParseError? { reader.structureError }

    /// The raw bytes of a field (quotes removed), or `nil` if the line has no such field or its structure
    /// breaks before it.
    public func rawField(_ field: HealthCheckLogField) -> UnsafeRawBufferPointer? {
        reader.rawField(at: field.rawValue)
    }

    /// The raw bytes of the field at a 0-based position, including unknown trailing fields.
    public func rawField(at index: Int) -> UnsafeRawBufferPointer? { reader.rawField(at: index) }

    /// `time`: when the check was initiated.
    public var time: LogTimestamp {
        get throws(AccessLogParseError) { try reader.timestamp(.time) }
    }

    /// `status`.
    public var status: HealthCheckLogRecord.Status {
        get throws(AccessLogParseError) {
            let b = try reader.required(.status)
            if LogLineReader<HealthCheckLogField>.equals(b, "PASS") { return .pass }
            if LogLineReader<HealthCheckLogField>.equals(b, "FAIL") { return .fail }
            throw reader.invalid(.status)
        }
    }

    /// `status_code`; `nil` for `-`.
    public var statusCode: Int? {
        get throws(AccessLogParseError) {
            guard let b = try reader.present(.statusCode) else { return nil }
            guard b.count <= 3, let v = FieldDecoding.integer(b), v >= 0 else { throw reader.invalid(.statusCode) }
            return Int(v)
        }
    }

    /// `target_addr`; `nil` for `-`.
    public var target: HealthCheckLogRecord.Target? {
        get throws(AccessLogParseError) {
            guard let b = try reader.present(.targetAddr) else { return nil }
            if b.count > 4,
                LogLineReader<HealthCheckLogField>.equals(UnsafeRawBufferPointer(rebasing: b[0..<4]), "arn:")
            {
                return .lambda(arn: reader.text(b, at: HealthCheckLogField.targetAddr.rawValue))
            }
            guard let e = FieldDecoding.endpoint(b) else { throw reader.invalid(.targetAddr) }
            return .endpoint(e)
        }
    }

    /// `reason_code`; `nil` for `-`.
    public var reasonCode: HealthCheckReasonCode? {
        get throws(AccessLogParseError) {
            guard let b = try reader.present(.reasonCode) else { return nil }
            for code in HealthCheckReasonCode.documented where code.code.utf8.elementsEqual(b) { return code }
            return .other(reader.text(b, at: HealthCheckLogField.reasonCode.rawValue))
        }
    }

    /// Decodes every field into a ``HealthCheckLogRecord``. Allocates.
    ///
    /// - Throws: the first problem found on the line, structural (a missing field, a stray quote) or a value.
    public func record() throws(AccessLogParseError) -> HealthCheckLogRecord {
        let count = reader.fieldCount
        if let failure = reader.tokens.failure { throw reader.error(for: failure) }
        let typeBytes = try reader.required(.type)
        guard typeBytes.count > 0 else { throw reader.invalid(.type) }
        let type = HealthCheckLogRecord.CheckType(name: reader.text(typeBytes, at: 0))
        let time = try self.time
        let latency = try reader.duration(.latency)
        let target = try self.target
        let groupName = try reader.string(.targetGroupID)
        let status = try self.status
        let statusCode = try self.statusCode
        let reasonCode = try self.reasonCode
        let elb = try reader.string(.elb)
        var ipAddress: String?
        if let b = try reader.present(.ipAddress) {
            guard let ip = FieldDecoding.ipAddress(b) else { throw reader.invalid(.ipAddress) }
            ipAddress = ip
        }
        return HealthCheckLogRecord(
            type: type,
            time: time,
            latency: latency,
            target: target,
            targetGroupName: groupName,
            status: status,
            statusCode: statusCode,
            reasonCode: reasonCode,
            elb: elb,
            ipAddress: ipAddress,
            unknownFields: count > HealthCheckLogField.knownCount ? try reader.unknownFields() : [],
            fieldCount: count
        )
    }
}
