/// TCP flag bits.
public struct TCPFlags: OptionSet, Sendable, Hashable {
    /// The raw flag byte.
    public var rawValue: UInt8
    /// Wraps the raw flag byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// FIN.
    public static let fin = TCPFlags(rawValue: 0x01)
    /// SYN.
    public static let syn = TCPFlags(rawValue: 0x02)
    /// RST.
    public static let rst = TCPFlags(rawValue: 0x04)
    /// PSH.
    public static let psh = TCPFlags(rawValue: 0x08)
    /// ACK.
    public static let ack = TCPFlags(rawValue: 0x10)
}

/// A TCP segment decoded from a packet. `payload` points into the reader's buffer.
public struct TCPSegment {
    /// Sender.
    public var source: Endpoint
    /// Receiver.
    public var destination: Endpoint
    /// Sequence number.
    public var sequence: UInt32
    /// Acknowledgement number.
    public var acknowledgement: UInt32
    /// Flags.
    public var flags: TCPFlags
    /// Captured payload bytes.
    public var payload: UnsafeRawBufferPointer
    /// Payload length on the wire (per the IP header); larger than `payload.count` when the snap length cut it.
    public var wirePayloadLength: Int
}

/// An ICMP or ICMPv6 destination-unreachable message about a TCP connection.
public struct ICMPUnreachable: Sendable, Hashable {
    /// Who sent the ICMP message (a router or the destination host).
    public var reporter: IPAddress
    /// The original segment's sender (the connection's local side).
    public var originalSource: Endpoint
    /// The original segment's destination (the unreachable side).
    public var originalDestination: Endpoint
    /// `true` for ICMPv6.
    public var isICMPv6: Bool
    /// The ICMP code.
    public var code: UInt8

    /// A readable name of the code.
    public var codeDescription: String {
        if isICMPv6 {
            switch code {
            case 0: return "no route to destination"
            case 1: return "administratively prohibited"
            case 3: return "address unreachable"
            case 4: return "port unreachable"
            default: return "code \(code)"
            }
        }
        switch code {
        case 0: return "network unreachable"
        case 1: return "host unreachable"
        case 2: return "protocol unreachable"
        case 3: return "port unreachable"
        case 4: return "fragmentation needed"
        case 9, 10, 13: return "administratively prohibited"
        default: return "code \(code)"
        }
    }
}

/// What ``PacketDecoder`` made of one packet.
public enum DecodedPacket {
    /// A TCP segment.
    case tcp(TCPSegment)
    /// An ICMP/ICMPv6 destination unreachable about a TCP segment.
    case icmpUnreachable(ICMPUnreachable)
    /// Something else (ARP, UDP, other ICMP, a non-first fragment): counted, not analysed.
    case other
    /// Too short or inconsistent to decode (snap length, damage): counted.
    case malformed
}
