/// A TLS (or SSL 3.0) protocol version as carried on the wire (`0x0303` = TLS 1.2).
public struct TLSVersion: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// Wraps a wire value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// SSL 3.0.
    public static let ssl3 = TLSVersion(rawValue: 0x0300)
    /// TLS 1.0.
    public static let tls10 = TLSVersion(rawValue: 0x0301)
    /// TLS 1.1.
    public static let tls11 = TLSVersion(rawValue: 0x0302)
    /// TLS 1.2.
    public static let tls12 = TLSVersion(rawValue: 0x0303)
    /// TLS 1.3.
    public static let tls13 = TLSVersion(rawValue: 0x0304)

    /// `true` for GREASE values (RFC 8701), which clients add to test servers' tolerance.
    public var isGREASE: Bool { rawValue & 0x0F0F == 0x0A0A && rawValue >> 8 == rawValue & 0xFF }

    /// `TLSv1.2`, the spelling of access logs and OpenSSL.
    public var description: String {
        switch rawValue {
        case 0x0300: return "SSLv3"
        case 0x0301: return "TLSv1"
        case 0x0302: return "TLSv1.1"
        case 0x0303: return "TLSv1.2"
        case 0x0304: return "TLSv1.3"
        default: return TLSCipherSuite.hex(rawValue)
        }
    }

    /// Orders by wire value.
    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
