/// One ALB connection log entry: one client connection attempt (established or not), every documented field
/// typed.
///
/// `nil` means the field was logged as `-` (a plain-HTTP listener has no TLS fields, a listener without mTLS
/// no certificate fields), or the line was written before the field existed (AWS's example lines end after
/// `conn_trace_id`). A keep-alive connection has one connection-log line and many access-log lines, joined on
/// ``connTraceID`` (the access log's `conn_trace_id`). A connection that failed (``tlsVerifyStatus`` is
/// ``TLSVerifyStatus/failed(_:)``) never reaches the access log.
public struct ConnectionLogRecord: Sendable, Hashable, Codable {
    /// `leaf_client_cert_validity`: the leaf client certificate's validity period
    /// (`NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z`).
    public struct CertificateValidity: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The first moment the certificate is valid.
        public var notBefore: LogTimestamp
        /// The last moment the certificate is valid.
        public var notAfter: LogTimestamp

        /// A validity period from its two ends.
        public init(notBefore: LogTimestamp, notAfter: LogTimestamp) {
            self.notBefore = notBefore
            self.notAfter = notAfter
        }

        /// Whether `time` lies in `[notBefore, notAfter]`.
        public func contains(_ time: LogTimestamp) -> Bool { notBefore <= time && time <= notAfter }

        /// `NotBefore=…;NotAfter=…` with the times as ``LogTimestamp`` writes them.
        public var description: String { "NotBefore=\(notBefore);NotAfter=\(notAfter)" }

        /// Parses `NotBefore=<ISO 8601>;NotAfter=<ISO 8601>` from raw bytes.
        static func parse(_ b: UnsafeRawBufferPointer) -> CertificateValidity? {
            let before = Array("NotBefore=".utf8)
            let after = Array(";NotAfter=".utf8)
            guard b.count > before.count + after.count, b.starts(with: before) else { return nil }
            var i = before.count
            while i + after.count <= b.count {
                if b[i] == UInt8(ascii: ";"),
                    UnsafeRawBufferPointer(rebasing: b[i..<(i + after.count)]).elementsEqual(after)
                {
                    guard
                        let notBefore = LogTimestamp.parse(UnsafeRawBufferPointer(rebasing: b[before.count..<i])),
                        let notAfter = LogTimestamp.parse(UnsafeRawBufferPointer(rebasing: b[(i + after.count)...]))
                    else { return nil }
                    return CertificateValidity(notBefore: notBefore, notAfter: notAfter)
                }
                i += 1
            }
            return nil
        }
    }

    /// `timestamp`: when the load balancer established the connection, or failed to.
    public var timestamp: LogTimestamp
    /// `client_ip` and `client_port`.
    public var client: AccessLogEndpoint
    /// `listener_port`: the port of the listener the client connected to.
    public var listenerPort: Int
    /// `tls_protocol` (`TLSv1.2`, …); `nil` on a plain-HTTP listener.
    public var tlsProtocol: String?
    /// `tls_cipher` (OpenSSL name, `ECDHE-RSA-AES128-GCM-SHA256`); `nil` on a plain-HTTP listener.
    public var tlsCipher: String?
    /// `tls_handshake_latency`; `nil` on a plain-HTTP listener or when the handshake did not complete.
    public var tlsHandshakeLatency: Duration?
    /// `leaf_client_cert_subject` (`CN=…,O=…`); `nil` without mTLS or when the certificate could not be read.
    public var leafClientCertSubject: String?
    /// `leaf_client_cert_validity`; `nil` without mTLS or when the certificate could not be read.
    public var leafClientCertValidity: CertificateValidity?
    /// `leaf_client_cert_serial_number`; `nil` without mTLS or when the certificate could not be read.
    public var leafClientCertSerialNumber: String?
    /// `tls_verify_status`: ``TLSVerifyStatus/success`` or the reason the connection failed.
    public var tlsVerifyStatus: TLSVerifyStatus?
    /// `conn_trace_id` (`TID_<32 hex>`): the same value as the access log's `conn_trace_id` for every request
    /// on this connection.
    public var connTraceID: String?
    /// `tls_keyexchange` (`X25519`, `X25519MLKEM768`, …); `nil` on a plain-HTTP listener or older lines.
    public var tlsKeyExchange: String?
    /// `elb`: the load balancer's resource id (`app/<name>/<id>`); absent from older lines.
    public var elb: String?
    /// `ip_address`: the IP address of the load balancer node; absent from older lines.
    public var ipAddress: String?
    /// Fields after `ip_address`, verbatim (`-` kept as `-`): AWS appends new fields there, and writes a
    /// trailing `-` before releasing one.
    public var unknownFields: [String]
    /// Number of fields on the line (12 for AWS's example lines, 15 with all documented fields).
    public var fieldCount: Int

    /// A record from its fields (for tests and adapters; readers use ``ConnectionLogLine/record()``).
    public init(
        timestamp: LogTimestamp,
        client: AccessLogEndpoint,
        listenerPort: Int,
        tlsProtocol: String? = nil,
        tlsCipher: String? = nil,
        tlsHandshakeLatency: Duration? = nil,
        leafClientCertSubject: String? = nil,
        leafClientCertValidity: CertificateValidity? = nil,
        leafClientCertSerialNumber: String? = nil,
        tlsVerifyStatus: TLSVerifyStatus? = nil,
        connTraceID: String? = nil,
        tlsKeyExchange: String? = nil,
        elb: String? = nil,
        ipAddress: String? = nil,
        unknownFields: [String] = [],
        fieldCount: Int = ConnectionLogField.knownCount
    ) {
        self.timestamp = timestamp
        self.client = client
        self.listenerPort = listenerPort
        self.tlsProtocol = tlsProtocol
        self.tlsCipher = tlsCipher
        self.tlsHandshakeLatency = tlsHandshakeLatency
        self.leafClientCertSubject = leafClientCertSubject
        self.leafClientCertValidity = leafClientCertValidity
        self.leafClientCertSerialNumber = leafClientCertSerialNumber
        self.tlsVerifyStatus = tlsVerifyStatus
        self.connTraceID = connTraceID
        self.tlsKeyExchange = tlsKeyExchange
        self.elb = elb
        self.ipAddress = ipAddress
        self.unknownFields = unknownFields
        self.fieldCount = fieldCount
    }

    /// Whether the connection failed (`Failed:<code>`).
    public var failed: Bool { tlsVerifyStatus?.failure != nil }

    /// Parses one line (without its line terminator).
    ///
    /// - Throws: ``AccessLogParseError`` naming the field (``AccessLogParseError/logField``), where it is on
    ///   the line and what was expected.
    public static func parse(
        line: String,
        source: String = "<line>",
        lineNumber: Int = 1
    ) throws(AccessLogParseError) -> ConnectionLogRecord {
        var line = line
        let result: Result<ConnectionLogRecord, AccessLogParseError> = line.withUTF8 { buf in
            Result(catching: { () throws(AccessLogParseError) -> ConnectionLogRecord in
                let tokens = LineTokens()
                defer { tokens.deallocate() }
                var n = buf.count
                if n > 0, buf[n - 1] == UInt8(ascii: "\r") { n -= 1 }
                let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[0..<n])
                return try ConnectionLogLine(line: bytes, tokens: tokens, lineNumber: lineNumber, source: source)
                    .record()
            })
        }
        return try result.get()
    }
}
