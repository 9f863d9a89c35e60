import NIOSSL

/// A TLS protocol version, as named in ELB security policies (`TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`).
public enum TLSProtocolVersion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case tls1_0 = "TLSv1"
    case tls1_1 = "TLSv1.1"
    case tls1_2 = "TLSv1.2"
    case tls1_3 = "TLSv1.3"

    /// The version number on the wire (`0x0301` … `0x0304`).
    public var wireValue: UInt16 {
        switch self {
        case .tls1_0: 0x0301
        case .tls1_1: 0x0302
        case .tls1_2: 0x0303
        case .tls1_3: 0x0304
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
        case "1", "1.0": self = .tls1_0
        case "1.1": self = .tls1_1
        case "1.2": self = .tls1_2
        case "1.3": self = .tls1_3
        default: return nil
        }
    }

    var nioVersion: TLSVersion {
        switch self {
        case .tls1_0: .tlsv1
        case .tls1_1: .tlsv11
        case .tls1_2: .tlsv12
        case .tls1_3: .tlsv13
        }
    }

    init(_ version: TLSVersion) {
        switch version {
        case .tlsv1: self = .tls1_0
        case .tlsv11: self = .tls1_1
        case .tlsv12: self = .tls1_2
        case .tlsv13: self = .tls1_3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.wireValue < rhs.wireValue }
}
