/// A TLS protocol version, as named in ELB security policies (`TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`).
public enum TLSProtocolVersion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case tls10 = "TLSv1"
    case tls11 = "TLSv1.1"
    case tls12 = "TLSv1.2"
    case tls13 = "TLSv1.3"

    /// The version number on the wire (`0x0301` … `0x0304`).
    public var wireValue: UInt16 {
        switch self {
        case .tls10: 0x0301
        case .tls11: 0x0302
        case .tls12: 0x0303
        case .tls13: 0x0304
        }
    }

    /// The version for a wire value, if it is one of the four.
    public init?(wireValue: UInt16) {
        guard let version = Self.allCases.first(where: { $0.wireValue == wireValue }) else { return nil }
        self = version
    }

    /// The version for a policy name such as `TLSv1.2` (also accepts `TLSv1.0`, `1.2`, `tls1.2`).
    public init?(name: String) {
        var lowered = Substring(name.lowercased())
        if lowered.hasPrefix("tlsv") {
            lowered = lowered.dropFirst(4)
        } else if lowered.hasPrefix("tls") {
            lowered = lowered.dropFirst(3)
        }
        switch lowered {
        case "1", "1.0": self = .tls10
        case "1.1": self = .tls11
        case "1.2": self = .tls12
        case "1.3": self = .tls13
        default: return nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.wireValue < rhs.wireValue }
}
