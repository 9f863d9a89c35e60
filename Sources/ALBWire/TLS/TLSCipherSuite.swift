/// A TLS cipher suite: its IANA code point, its IANA name and its OpenSSL name.
///
/// Source: the IANA "TLS Cipher Suites" registry (code points and `TLS_…` names, RFC 5246/5288/5289/
/// 7905/8446) and OpenSSL's `openssl ciphers -stdname` mapping. The table covers every suite that appears
/// in the ELB security policies of ``ELBSecurityPolicy`` plus a few suites common in real ClientHellos,
/// so that captures print names rather than numbers. Unknown code points are kept as numbers.
public struct TLSCipherSuite: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 16-bit IANA code point (`0xC02F`).
    public var code: UInt16
    /// The IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
    public var ianaName: String
    /// The OpenSSL name (`ECDHE-RSA-AES128-GCM-SHA256`); TLS 1.3 suites use the IANA name.
    public var openSSLName: String

    /// Creates a suite entry.
    public init(code: UInt16, ianaName: String, openSSLName: String) {
        self.code = code
        self.ianaName = ianaName
        self.openSSLName = openSSLName
    }

    /// `true` for the TLS 1.3 suites (0x1301…0x1305).
    public var isTLS13: Bool { code >= 0x1301 && code <= 0x1305 }

    /// `true` for signalling values that are not real suites (SCSVs).
    public var isSignalling: Bool { code == 0x00FF || code == 0x5600 }

    /// The OpenSSL name with the code point: `ECDHE-RSA-AES128-GCM-SHA256 (0xC02F)`.
    public var description: String { "\(openSSLName) (\(Self.hex(code)))" }

    /// `0xC02F`.
    public static func hex(_ code: UInt16) -> String {
        let digits = String(code, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Every suite this table knows, by code point order of appearance below.
    public static let all: [TLSCipherSuite] = [
        // TLS 1.3 (RFC 8446 §B.4)
        .init(code: 0x1301, ianaName: "TLS_AES_128_GCM_SHA256", openSSLName: "TLS_AES_128_GCM_SHA256"),
        .init(code: 0x1302, ianaName: "TLS_AES_256_GCM_SHA384", openSSLName: "TLS_AES_256_GCM_SHA384"),
        .init(code: 0x1303, ianaName: "TLS_CHACHA20_POLY1305_SHA256", openSSLName: "TLS_CHACHA20_POLY1305_SHA256"),
        .init(code: 0x1304, ianaName: "TLS_AES_128_CCM_SHA256", openSSLName: "TLS_AES_128_CCM_SHA256"),
        .init(code: 0x1305, ianaName: "TLS_AES_128_CCM_8_SHA256", openSSLName: "TLS_AES_128_CCM_8_SHA256"),
        // ECDHE (RFC 4492, 5289)
        .init(
            code: 0xC02B,
            ianaName: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            openSSLName: "ECDHE-ECDSA-AES128-GCM-SHA256"
        ),
        .init(
            code: 0xC02F,
            ianaName: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            openSSLName: "ECDHE-RSA-AES128-GCM-SHA256"
        ),
        .init(
            code: 0xC023,
            ianaName: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            openSSLName: "ECDHE-ECDSA-AES128-SHA256"
        ),
        .init(code: 0xC027, ianaName: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", openSSLName: "ECDHE-RSA-AES128-SHA256"),
        .init(code: 0xC009, ianaName: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", openSSLName: "ECDHE-ECDSA-AES128-SHA"),
        .init(code: 0xC013, ianaName: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", openSSLName: "ECDHE-RSA-AES128-SHA"),
        .init(
            code: 0xC02C,
            ianaName: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            openSSLName: "ECDHE-ECDSA-AES256-GCM-SHA384"
        ),
        .init(
            code: 0xC030,
            ianaName: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            openSSLName: "ECDHE-RSA-AES256-GCM-SHA384"
        ),
        .init(
            code: 0xC024,
            ianaName: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            openSSLName: "ECDHE-ECDSA-AES256-SHA384"
        ),
        .init(code: 0xC028, ianaName: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", openSSLName: "ECDHE-RSA-AES256-SHA384"),
        .init(code: 0xC00A, ianaName: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", openSSLName: "ECDHE-ECDSA-AES256-SHA"),
        .init(code: 0xC014, ianaName: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", openSSLName: "ECDHE-RSA-AES256-SHA"),
        .init(
            code: 0xCCA9,
            ianaName: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            openSSLName: "ECDHE-ECDSA-CHACHA20-POLY1305"
        ),
        .init(
            code: 0xCCA8,
            ianaName: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            openSSLName: "ECDHE-RSA-CHACHA20-POLY1305"
        ),
        // RSA key exchange (RFC 5246, 5288)
        .init(code: 0x009C, ianaName: "TLS_RSA_WITH_AES_128_GCM_SHA256", openSSLName: "AES128-GCM-SHA256"),
        .init(code: 0x003C, ianaName: "TLS_RSA_WITH_AES_128_CBC_SHA256", openSSLName: "AES128-SHA256"),
        .init(code: 0x002F, ianaName: "TLS_RSA_WITH_AES_128_CBC_SHA", openSSLName: "AES128-SHA"),
        .init(code: 0x009D, ianaName: "TLS_RSA_WITH_AES_256_GCM_SHA384", openSSLName: "AES256-GCM-SHA384"),
        .init(code: 0x003D, ianaName: "TLS_RSA_WITH_AES_256_CBC_SHA256", openSSLName: "AES256-SHA256"),
        .init(code: 0x0035, ianaName: "TLS_RSA_WITH_AES_256_CBC_SHA", openSSLName: "AES256-SHA"),
        .init(code: 0x000A, ianaName: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", openSSLName: "DES-CBC3-SHA"),
        // DHE (common in OpenSSL default lists)
        .init(code: 0x009E, ianaName: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", openSSLName: "DHE-RSA-AES128-GCM-SHA256"),
        .init(code: 0x009F, ianaName: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", openSSLName: "DHE-RSA-AES256-GCM-SHA384"),
        .init(
            code: 0xCCAA,
            ianaName: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            openSSLName: "DHE-RSA-CHACHA20-POLY1305"
        ),
        .init(code: 0x0067, ianaName: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", openSSLName: "DHE-RSA-AES128-SHA256"),
        .init(code: 0x006B, ianaName: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", openSSLName: "DHE-RSA-AES256-SHA256"),
        .init(code: 0x0033, ianaName: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", openSSLName: "DHE-RSA-AES128-SHA"),
        .init(code: 0x0039, ianaName: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", openSSLName: "DHE-RSA-AES256-SHA"),
        // Signalling cipher suite values (RFC 5746, RFC 7507)
        .init(
            code: 0x00FF,
            ianaName: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
            openSSLName: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"
        ),
        .init(code: 0x5600, ianaName: "TLS_FALLBACK_SCSV", openSSLName: "TLS_FALLBACK_SCSV"),
    ]

    private static let byCode: [UInt16: TLSCipherSuite] = Dictionary(
        all.map { ($0.code, $0) },
        uniquingKeysWith: { a, _ in a }
    )
    private static let byName: [String: TLSCipherSuite] = {
        var table: [String: TLSCipherSuite] = [:]
        for suite in all {
            table[suite.openSSLName] = table[suite.openSSLName] ?? suite
            table[suite.ianaName] = table[suite.ianaName] ?? suite
        }
        return table
    }()

    /// The suite with this code point, if the table knows it.
    public static func named(code: UInt16) -> TLSCipherSuite? { byCode[code] }

    /// The suite with this OpenSSL or IANA name (exact, case-sensitive), if known.
    public static func named(_ name: String) -> TLSCipherSuite? { byName[name] }

    /// The known suite for `code`, or a placeholder named `0xNNNN`.
    public static func describe(code: UInt16) -> TLSCipherSuite {
        byCode[code] ?? TLSCipherSuite(code: code, ianaName: hex(code), openSSLName: hex(code))
    }
}
