/// An IPv4 or IPv6 address stored in 128 bits (IPv4 as `::ffff:a.b.c.d`), cheap to hash and compare.
public struct IPAddress: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// High 64 bits, network order.
    public var high: UInt64
    /// Low 64 bits, network order.
    public var low: UInt64

    /// Creates an address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32-bit value (`0x7F000001` = 127.0.0.1).
    public init(ipv4 value: UInt32) {
        high = 0
        low = 0x0000_FFFF_0000_0000 | UInt64(value)
    }

    /// `true` for IPv4-mapped addresses.
    public var isIPv4: Bool { high == 0 && low >> 32 == 0x0000_FFFF }

    /// Dotted quad or RFC 5952 text.
    public var description: String {
        if isIPv4 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        }
        var groups: [UInt16] = []
        for shift in stride(from: 48, through: 0, by: -16) {
            groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift)))
        }
        for shift in stride(from: 48, through: 0, by: -16) {
            groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift)))
        }
        // Longest run of zero groups (length ≥ 2) becomes "::".
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var runEnd = index
                while runEnd < 8 && groups[runEnd] == 0 { runEnd += 1 }
                if runEnd - index > bestLength && runEnd - index >= 2 {
                    bestStart = index
                    bestLength = runEnd - index
                }
                index = runEnd
            } else {
                index += 1
            }
        }
        func text(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return text(0..<8) }
        return text(0..<bestStart) + "::" + text((bestStart + bestLength)..<8)
    }

    /// Orders by numeric value.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

/// An address and TCP port.
public struct Endpoint: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The port.
    public var port: UInt16

    /// Creates an endpoint.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `10.0.0.1:8080` or `[::1]:8080`.
    public var description: String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }

    /// Orders by address, then port.
    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        (lhs.address, lhs.port) < (rhs.address, rhs.port)
    }
}
