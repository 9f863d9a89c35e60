/// FNV-1a 64-bit hashing of bytes, used to key bounded tables without building strings per line.
enum ByteHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, into h: inout UInt64) {
        for b in bytes {
            h = (h ^ UInt64(b)) &* prime
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = offset
        hash(bytes, into: &h)
        return h
    }

    static func hash(_ text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
