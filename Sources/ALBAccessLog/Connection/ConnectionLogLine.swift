/// A cheap view of one connection log line, handed to a ``ConnectionLogConsumer``.
///
/// It points into the scanner's buffers and is **valid only during the `consume` call**: fields are split
/// only as far as an accessor asks (with the access-log reader's tokenizer), and nothing is decoded or copied
/// until then. ``record()`` decodes every field; accessors throw an ``AccessLogParseError`` naming the field
/// when its text is not a valid value, and the scanner then counts the line as skipped.
public struct ConnectionLogLine {
    let reader: LogLineReader<ConnectionLogField>

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
    public func rawField(_ field: ConnectionLogField) -> UnsafeRawBufferPointer? {
        reader.rawField(at: field.rawValue)
    }

    /// The raw bytes of the field at a 0-based position, including unknown trailing fields.
    public func rawField(at index: Int) -> UnsafeRawBufferPointer? { reader.rawField(at: index) }

    /// `timestamp`: when the connection was established or failed.
    public var timestamp: LogTimestamp {
        get throws(AccessLogParseError) { try reader.timestamp(.timestamp) }
    }

    /// `tls_verify_status`; `nil` for `-`.
    public var tlsVerifyStatus: TLSVerifyStatus? {
        get throws(AccessLogParseError) {
            guard let b = try reader.present(.tlsVerifyStatus) else { return nil }
            if LogLineReader<ConnectionLogField>.equals(b, "Success") { return .success }
            let prefix = "Failed:".utf8
            guard b.count > prefix.count, b.starts(with: prefix) else { throw reader.invalid(.tlsVerifyStatus) }
            let code = UnsafeRawBufferPointer(rebasing: b[prefix.count...])
            for failure in TLSVerifyFailure.documented where failure.code.utf8.elementsEqual(code) {
                return .failed(failure)
            }
            return .failed(.other(reader.text(code, at: ConnectionLogField.tlsVerifyStatus.rawValue)))
        }
    }

    /// The raw bytes of `conn_trace_id` (`nil` for `-` or a line without it); no allocation.
    public var connTraceIDBytes: UnsafeRawBufferPointer? {
        get throws(AccessLogParseError) { try reader.present(.connTraceID) }
    }

    /// Decodes every field into a ``ConnectionLogRecord``. Allocates.
    ///
    /// - Throws: the first problem found on the line, structural (a missing field, a stray quote) or a value.
    public func record() throws(AccessLogParseError) -> ConnectionLogRecord {
        let count = reader.fieldCount
        if let failure = reader.tokens.failure { throw reader.error(for: failure) }
        let timestamp = try self.timestamp
        guard let ip = FieldDecoding.ipAddress(try reader.required(.clientIP)) else {
            throw reader.invalid(.clientIP)
        }
        let clientPort = try reader.port(.clientPort)
        let listenerPort = try reader.port(.listenerPort)
        let tlsProtocol = try reader.string(.tlsProtocol)
        let tlsCipher = try reader.string(.tlsCipher)
        let latency = try reader.duration(.tlsHandshakeLatency)
        let subject = try reader.string(.leafClientCertSubject)
        var validity: ConnectionLogRecord.CertificateValidity?
        if let b = try reader.present(.leafClientCertValidity) {
            guard let v = ConnectionLogRecord.CertificateValidity.parse(b) else {
                throw reader.invalid(.leafClientCertValidity)
            }
            validity = v
        }
        let serial = try reader.string(.leafClientCertSerialNumber)
        let verify = try tlsVerifyStatus
        let traceID = try reader.string(.connTraceID)
        let keyExchange = try reader.string(.tlsKeyExchange)
        let elb = try reader.string(.elb)
        var ipAddress: String?
        if let b = try reader.present(.ipAddress) {
            guard let nodeIP = FieldDecoding.ipAddress(b) else { throw reader.invalid(.ipAddress) }
            ipAddress = nodeIP
        }
        return ConnectionLogRecord(
            timestamp: timestamp,
            client: AccessLogEndpoint(ip: ip, port: clientPort),
            listenerPort: listenerPort,
            tlsProtocol: tlsProtocol,
            tlsCipher: tlsCipher,
            tlsHandshakeLatency: latency,
            leafClientCertSubject: subject,
            leafClientCertValidity: validity,
            leafClientCertSerialNumber: serial,
            tlsVerifyStatus: verify,
            connTraceID: traceID,
            tlsKeyExchange: keyExchange,
            elb: elb,
            ipAddress: ipAddress,
            unknownFields: count > ConnectionLogField.knownCount ? try reader.unknownFields() : [],
            fieldCount: count
        )
    }
}
