/// Builds a minimal, valid `.zip` with stored (uncompressed) files — enough for Lambda `CreateFunction`.
enum ZipArchive {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func make(files: [(name: String, content: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ value: Int, into bytes: inout [UInt8]) {
            bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)]
        }
        func le32(_ value: UInt32, into bytes: inout [UInt8]) {
            for shift in [0, 8, 16, 24] { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
        }
        for file in files {
            let name = Array(file.name.utf8)
            let crc = crc32(file.content)
            let offset = UInt32(out.count)
            le32(0x0403_4B50, into: &out)
            le16(20, into: &out)
            le16(0, into: &out)
            le16(0, into: &out)
            le16(0, into: &out)
            le16(0x21, into: &out)
            le32(crc, into: &out)
            le32(UInt32(file.content.count), into: &out)
            le32(UInt32(file.content.count), into: &out)
            le16(name.count, into: &out)
            le16(0, into: &out)
            out += name + file.content
            le32(0x0201_4B50, into: &central)
            le16(20, into: &central)
            le16(20, into: &central)
            le16(0, into: &central)
            le16(0, into: &central)
            le16(0, into: &central)
            le16(0x21, into: &central)
            le32(crc, into: &central)
            le32(UInt32(file.content.count), into: &central)
            le32(UInt32(file.content.count), into: &central)
            le16(name.count, into: &central)
            le16(0, into: &central)
            le16(0, into: &central)
            le16(0, into: &central)
            le16(0, into: &central)
            le32(0, into: &central)
            le32(offset, into: &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        le32(0x0605_4B50, into: &out)
        le16(0, into: &out)
        le16(0, into: &out)
        le16(files.count, into: &out)
        le16(files.count, into: &out)
        le32(UInt32(central.count), into: &out)
        le32(centralOffset, into: &out)
        le16(0, into: &out)
        return out
    }
}

/// Builds gzip members with stored (uncompressed) deflate blocks — valid gzip without a compressor.
enum GzipStored {
    static func member(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let final: UInt8 = offset + count >= bytes.count ? 1 : 0
            out.append(final)
            out += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += bytes[offset..<(offset + count)]
            offset += count
        } while offset < bytes.count
        let crc = ZipArchive.crc32(bytes)
        let size = UInt32(truncatingIfNeeded: bytes.count)
        for value in [crc, size] { for shift in [0, 8, 16, 24] { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
        return out
    }
}
