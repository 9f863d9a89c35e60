/// Substring search over UTF-8 bytes, for the aggregation's per-line paths: `String.firstRange(of:)` and
/// `String.contains(_:)` with a string argument go through generic character matching and cost tens of thousands
/// of instructions a call.
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `bytes` (`0` for an empty needle), or nil.
    static func offset(of needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        let wanted = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = wanted.first else { return 0 }
        guard bytes.count >= wanted.count else { return nil }
        search: for i in 0...(bytes.count - wanted.count) where bytes[i] == first {
            for j in 1..<wanted.count where bytes[i + j] != wanted[j] { continue search }
            return i
        }
        return nil
    }

    /// Whether `text`'s UTF-8 bytes hold `needle`'s.
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { offset(of: needle, in: UnsafeRawBufferPointer($0)) != nil }
    }
}
