/// Names of the cipher suites the probe may see in a ServerHello, by wire code.
enum TLSCipherSuiteNames {
    static let byCode: [UInt16: String] = [
        0x1301: "TLS_AES_128_GCM_SHA256", 0x1302: "TLS_AES_256_GCM_SHA384", 0x1303: "TLS_CHACHA20_POLY1305_SHA256",
        0xC02B: "ECDHE-ECDSA-AES128-GCM-SHA256", 0xC02F: "ECDHE-RSA-AES128-GCM-SHA256",
        0xC02C: "ECDHE-ECDSA-AES256-GCM-SHA384", 0xC030: "ECDHE-RSA-AES256-GCM-SHA384",
        0xC023: "ECDHE-ECDSA-AES128-SHA256", 0xC027: "ECDHE-RSA-AES128-SHA256",
        0xC024: "ECDHE-ECDSA-AES256-SHA384", 0xC028: "ECDHE-RSA-AES256-SHA384",
        0xC009: "ECDHE-ECDSA-AES128-SHA", 0xC013: "ECDHE-RSA-AES128-SHA",
        0xC00A: "ECDHE-ECDSA-AES256-SHA", 0xC014: "ECDHE-RSA-AES256-SHA",
        0xCCA8: "ECDHE-RSA-CHACHA20-POLY1305", 0xCCA9: "ECDHE-ECDSA-CHACHA20-POLY1305",
        0x009C: "AES128-GCM-SHA256", 0x009D: "AES256-GCM-SHA384",
        0x003C: "AES128-SHA256", 0x003D: "AES256-SHA256",
        0x002F: "AES128-SHA", 0x0035: "AES256-SHA", 0x000A: "DES-CBC3-SHA",
    ]

    static func name(_ code: UInt16) -> String {
        byCode[code] ?? "0x" + String(code, radix: 16, uppercase: true)
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
