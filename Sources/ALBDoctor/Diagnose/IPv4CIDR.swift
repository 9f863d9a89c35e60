/// An IPv4 CIDR block, for the network check's containment, overlap and coverage questions.
struct IPv4CIDR: Sendable, Hashable, CustomStringConvertible {
    var network: UInt32
    var prefix: Int

    /// Parses `a.b.c.d/n`; nil for anything else (IPv6 included).
    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix),
            let address = IPv4CIDR.address(String(parts[0]))
        else { return nil }
        self.init(network: address, prefix: prefix)
    }

    init(network: UInt32, prefix: Int) {
        self.prefix = prefix
        self.network = network & IPv4CIDR.mask(prefix)
    }

    /// The /32 block of one address.
    init(host: UInt32) { self.init(network: host, prefix: 32) }

    static func mask(_ prefix: Int) -> UInt32 { prefix <= 0 ? 0 : UInt32.max << UInt32(32 - min(prefix, 32)) }

    /// `a.b.c.d` → its 32-bit value; nil when it is not a dotted quad.
    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ ($0 ?? 256) < 256 }) else { return nil }
        return octets.reduce(0) { ($0 << 8) | ($1 ?? 0) }
    }

    static func text(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }

    var description: String { "\(IPv4CIDR.text(network))/\(prefix)" }

    func contains(_ address: UInt32) -> Bool { address & IPv4CIDR.mask(prefix) == network }

    /// Whether every address of `other` is in this block.
    func contains(_ other: IPv4CIDR) -> Bool { prefix <= other.prefix && contains(other.network) }

    /// Whether the blocks share an address.
    func overlaps(_ other: IPv4CIDR) -> Bool {
        let p = min(prefix, other.prefix)
        return network & IPv4CIDR.mask(p) == other.network & IPv4CIDR.mask(p)
    }

    /// Whether the union of `blocks` holds every address of this block. Splits the block in halves only where a
    /// smaller block overlaps it, so the work is bounded by 32 levels times the number of blocks.
    func isCovered(by blocks: [IPv4CIDR]) -> Bool {
        let relevant = blocks.filter { $0.overlaps(self) }
        if relevant.contains(where: { $0.contains(self) }) { return true }
        guard !relevant.isEmpty, prefix < 32 else { return false }
        let halves = [
            IPv4CIDR(network: network, prefix: prefix + 1),
            IPv4CIDR(network: network | (UInt32(1) << UInt32(31 - prefix)), prefix: prefix + 1),
        ]
        return halves.allSatisfy { $0.isCovered(by: relevant) }
    }
}

extension IPv4CIDR {
    /// This block without `other` (which it contains): the sibling halves on the way down to `other`.
    func subtracting(_ other: IPv4CIDR) -> [IPv4CIDR] {
        guard contains(other), other != self else { return other.contains(self) ? [] : [self] }
        var out: [IPv4CIDR] = []
        var current = self
        while current.prefix < other.prefix {
            let bit = UInt32(1) << UInt32(31 - current.prefix)
            let low = IPv4CIDR(network: current.network, prefix: current.prefix + 1)
            let high = IPv4CIDR(network: current.network | bit, prefix: current.prefix + 1)
            if low.contains(other) {
                out.append(high)
                current = low
            } else {
                out.append(low)
                current = high
            }
        }
        return out
    }
}
