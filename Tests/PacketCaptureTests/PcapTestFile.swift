/// A classic pcap held in memory, for tests that derive variants from real captures (other link types,
/// byte order, snap length, dropped or duplicated packets) — a deterministic generator, not hand-made bytes.
struct PcapTestFile {
    struct Record {
        var seconds: UInt32
        var fraction: UInt32
        var originalLength: UInt32
        var data: [UInt8]
    }

    var nanosecond = false
    var snapLength: UInt32 = 262_144
    var linkType: UInt32
    var records: [Record]

    init(linkType: UInt32, records: [Record], nanosecond: Bool = false) {
        self.linkType = linkType
        self.records = records
        self.nanosecond = nanosecond
    }

    /// Parses a little-endian classic pcap.
    init(parsing bytes: [UInt8]) {
        func u32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(
                bytes[offset + 3]
            ) << 24
        }
        nanosecond = u32(0) == 0xA1B2_3C4D
        snapLength = u32(16)
        linkType = u32(20)
        records = []
        var offset = 24
        while offset + 16 <= bytes.count {
            let captured = Int(u32(offset + 8))
            guard offset + 16 + captured <= bytes.count else { break }
            records.append(
                Record(
                    seconds: u32(offset),
                    fraction: u32(offset + 4),
                    originalLength: u32(offset + 12),
                    data: Array(bytes[(offset + 16)..<(offset + 16 + captured)])
                )
            )
            offset += 16 + captured
        }
    }

    /// Serialises, little-endian (or big-endian when `bigEndian`).
    func bytes(bigEndian: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        func put32(_ value: UInt32) {
            let v = bigEndian ? value.bigEndian : value.littleEndian
            withUnsafeBytes(of: v) { out.append(contentsOf: $0) }
        }
        func put16(_ value: UInt16) {
            let v = bigEndian ? value.bigEndian : value.littleEndian
            withUnsafeBytes(of: v) { out.append(contentsOf: $0) }
        }
        put32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4)
        put16(2)
        put16(4)
        put32(0)
        put32(0)
        put32(snapLength)
        put32(linkType)
        for record in records {
            put32(record.seconds)
            put32(record.fraction)
            put32(UInt32(record.data.count))
            put32(record.originalLength)
            out.append(contentsOf: record.data)
        }
        return out
    }

    /// Byte offsets of each record header in ``bytes(bigEndian:)``.
    var recordOffsets: [Int] {
        var offsets: [Int] = []
        var offset = 24
        for record in records {
            offsets.append(offset)
            offset += 16 + record.data.count
        }
        return offsets
    }
}

/// A minimal pcapng writer for tests (sections, interfaces with options, EPB/SPB, unknown blocks).
struct PcapngTestWriter {
    private(set) var bytes: [UInt8] = []
    let bigEndian: Bool

    init(bigEndian: Bool = false) { self.bigEndian = bigEndian }

    private func encode32(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: bigEndian ? value.bigEndian : value.littleEndian) { Array($0) }
    }

    private func encode16(_ value: UInt16) -> [UInt8] {
        withUnsafeBytes(of: bigEndian ? value.bigEndian : value.littleEndian) { Array($0) }
    }

    private func padded(_ data: [UInt8]) -> [UInt8] {
        data + [UInt8](repeating: 0, count: (4 - data.count % 4) % 4)
    }

    mutating func block(type: UInt32, body: [UInt8]) {
        let length = UInt32(12 + body.count)
        bytes += encode32(type) + encode32(length) + body + encode32(length)
    }

    mutating func section() {
        block(
            type: 0x0A0D_0D0A,
            body: encode32(0x1A2B_3C4D) + encode16(1) + encode16(0) + [UInt8](repeating: 0xFF, count: 8)
        )
    }

    /// `tsresol`: nil = default (µs); otherwise the raw if_tsresol byte.
    mutating func interface(linkType: UInt16, tsresol: UInt8? = nil) {
        var body = encode16(linkType) + encode16(0) + encode32(262_144)
        if let tsresol {
            body += encode16(9) + encode16(1) + padded([tsresol])
            body += encode16(0) + encode16(0)
        }
        block(type: 1, body: body)
    }

    mutating func enhancedPacket(interface: UInt32, ticks: UInt64, data: [UInt8]) {
        let body =
            encode32(interface) + encode32(UInt32(ticks >> 32)) + encode32(UInt32(ticks & 0xFFFF_FFFF))
            + encode32(UInt32(data.count)) + encode32(UInt32(data.count)) + padded(data)
        block(type: 6, body: body)
    }

    mutating func simplePacket(data: [UInt8]) {
        block(type: 3, body: encode32(UInt32(data.count)) + padded(data))
    }
}
