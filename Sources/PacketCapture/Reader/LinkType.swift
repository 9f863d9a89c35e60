/// A libpcap link-layer header type (`LINKTYPE_*` value as stored in the file).
public struct LinkType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stored value.
    public var rawValue: UInt32

    /// Wraps a stored value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// BSD loopback (4-byte address family in the capturing host's byte order).
    public static let null = LinkType(rawValue: 0)
    /// Ethernet (with optional 802.1Q/802.1ad tags).
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP (DLT_RAW on most systems).
    public static let raw = LinkType(rawValue: 101)
    /// Raw IP as numbered on some BSDs.
    public static let rawBSD12 = LinkType(rawValue: 12)
    /// OpenBSD loopback (family in network byte order).
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (`tcpdump -i any`, older versions).
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2 (`tcpdump -i any` on current Linux).
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// `true` when ``PacketDecoder`` can decode this link type.
    public var isSupported: Bool {
        switch rawValue {
        case 0, 1, 12, 101, 108, 113, 228, 229, 276: return true
        default: return false
        }
    }

    /// A readable name (`LINUX_SLL2`), or the number.
    public var description: String {
        switch rawValue {
        case 0: return "NULL"
        case 1: return "EN10MB"
        case 12, 101: return "RAW"
        case 108: return "LOOP"
        case 113: return "LINUX_SLL"
        case 228: return "IPV4"
        case 229: return "IPV6"
        case 276: return "LINUX_SLL2"
        default: return "linktype \(rawValue)"
        }
    }
}
