import PacketCapture

/// Names of the cipher suites the probe may see in a ServerHello, by wire code.
enum TLSCipherSuiteNames {
    static func name(_ code: UInt16) -> String {
        TLSCipherSuite.describe(code: code).openSSLName
    }

    /// TLS alert descriptions (RFC 8446 §6) by code.
    static func alertName(_ code: UInt8) -> String {
        switch code {
        case 0: "close_notify"
        case 10: "unexpected_message"
        case 20: "bad_record_mac"
        case 40: "handshake_failure"
        case 42: "bad_certificate"
        case 47: "illegal_parameter"
        case 48: "unknown_ca"
        case 50: "decode_error"
        case 51: "decrypt_error"
        case 70: "protocol_version"
        case 71: "insufficient_security"
        case 80: "internal_error"
        case 86: "inappropriate_fallback"
        case 90: "user_canceled"
        case 109: "missing_extension"
        case 112: "unrecognized_name"
        case 120: "no_application_protocol"
        default: "alert \(code)"
        }
    }
}
