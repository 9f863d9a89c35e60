/// The fields of an ALB connection log entry, in the order they appear on a line.
///
/// The raw value is the zero-based position. ``awsName`` is the name the AWS documentation ("Connection logs
/// for your Application Load Balancer") uses, which is also the key in `alb-doctor records` output. AWS's
/// example lines end after `conn_trace_id` (12 fields); the table lists `tls_keyexchange`, `elb` and
/// `ip_address` after it.
public enum ConnectionLogField: Int, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    case timestamp = 0
    case clientIP
    case clientPort
    case listenerPort
    case tlsProtocol
    case tlsCipher
    case tlsHandshakeLatency
    case leafClientCertSubject
    case leafClientCertValidity
    case leafClientCertSerialNumber
    case tlsVerifyStatus
    case connTraceID
    case tlsKeyExchange
    case elb
    case ipAddress

    /// Number of fields this parser knows by name (15). Later fields are kept as unknown fields.
    public static let knownCount = 15

    /// The shortest line accepted: 11 fields, up to `tls_verify_status`. AWS's examples have 12; Athena's
    /// documented table for connection logs makes `conn_trace_id` optional (`?([^ ]*)?`), so lines without
    /// it are read with `connTraceID` nil.
    public static let minimumCount = 11

    /// The field name used by the AWS documentation (`client_ip`, `tls_verify_status`, …).
    public var awsName: String {
        switch self {
        case .timestamp: "timestamp"
        case .clientIP: "client_ip"
        case .clientPort: "client_port"
        case .listenerPort: "listener_port"
        case .tlsProtocol: "tls_protocol"
        case .tlsCipher: "tls_cipher"
        case .tlsHandshakeLatency: "tls_handshake_latency"
        case .leafClientCertSubject: "leaf_client_cert_subject"
        case .leafClientCertValidity: "leaf_client_cert_validity"
        case .leafClientCertSerialNumber: "leaf_client_cert_serial_number"
        case .tlsVerifyStatus: "tls_verify_status"
        case .connTraceID: "conn_trace_id"
        case .tlsKeyExchange: "tls_keyexchange"
        case .elb: "elb"
        case .ipAddress: "ip_address"
        }
    }

    /// Whether AWS writes this field in double quotes (only `leaf_client_cert_subject`; a bare `-` there is
    /// accepted too).
    public var isQuoted: Bool { self == .leafClientCertSubject }

    /// A short description of what a valid value looks like, used in error messages.
    public var expected: String {
        switch self {
        case .timestamp: "an ISO 8601 UTC timestamp like 2023-10-04T17:05:15.514108Z"
        case .clientIP: "an IP address like 203.0.113.1"
        case .clientPort: "a port number 0-65535"
        case .listenerPort: "a port number 0-65535"
        case .tlsProtocol: "a TLS protocol like TLSv1.2 (or -)"
        case .tlsCipher: "a cipher suite like ECDHE-RSA-AES128-GCM-SHA256 (or -)"
        case .tlsHandshakeLatency: "seconds like 4.036 (or -)"
        case .leafClientCertSubject: "a double-quoted certificate subject like \"CN=example.com,O=…\" (or -)"
        case .leafClientCertValidity: "NotBefore=<ISO 8601 time>;NotAfter=<ISO 8601 time> (or -)"
        case .leafClientCertSerialNumber: "a certificate serial number (or -)"
        case .tlsVerifyStatus: "Success or Failed:<reason code> (or -)"
        case .connTraceID: "a connection trace id like TID_3180a73013c8ca4bac2f731159d4b0fe (or -)"
        case .tlsKeyExchange: "a key exchange like X25519 (or -)"
        case .elb: "a load balancer id like app/my-loadbalancer/50dc6c495c0c9188"
        case .ipAddress: "the IP address of the load balancer node"
        }
    }

    public var description: String { awsName }
}

extension ConnectionLogField: LogLineField {
    static var logType: ALBLogType { .connection }
    /// `leaf_client_cert_subject` is quoted (a bare token accepted there).
    static var mustQuote: UInt64 { 1 << 7 }
    static var strictQuote: UInt64 { 0 }
}
