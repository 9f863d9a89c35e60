/// Turns the `request` field into a low-cardinality path: method, scheme, host and query are
/// dropped and id-like segments become `{id}` (`/api/v1/users/48213?x=1` → `/api/v1/users/{id}`).
///
/// A segment (or a dot-separated part of one) is an id when it is all digits, or at least 8
/// characters of hex digits and dashes with a digit among them (UUIDs, hashes), or at least 16
/// characters of letters, digits, `-` and `_` with a digit among them (tokens).
public enum PathNormalizer {
    /// The most bytes of a path that are kept.
    public static let maximumLength = 256

    /// The normalised path of a `request` field's raw bytes (`"GET https://h:443/p?q HTTP/1.1"`).
    public static func path(ofRequest request: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        emit(url(in: request)) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The normalised path of a request field given as text.
    public static func path(ofRequest request: String) -> String {
        var copy = request
        return copy.withUTF8 { path(ofRequest: UnsafeRawBufferPointer($0)) }
    }

    /// A hash of the normalised path (equal paths give equal hashes), without allocating.
    static func hash(ofRequest request: UnsafeRawBufferPointer) -> UInt64 {
        var h = ByteHash.offset
        emit(url(in: request)) { ByteHash.hash($0, into: &h) }
        return h
    }

    /// The URL part of a request field: between the first and the last space when there are two.
    static func url(in request: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let space = UInt8(ascii: " ")
        guard let first = request.firstIndex(of: space) else { return request }
        let last = request.lastIndex(of: space) ?? first
        let end = last > first ? last : request.count
        return UnsafeRawBufferPointer(rebasing: request[(first + 1)..<end])
    }

    private static let idToken: StaticString = "{id}"

    /// Emits the normalised path of a URL in pieces.
    static func emit(_ url: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let slash = UInt8(ascii: "/")
        var start = 0
        let n = url.count
        if n == 0 || (n == 1 && url[0] == UInt8(ascii: "-")) {
            withBytes("-", sink)
            return
        }
        // Skip "scheme://authority".
        if let colon = firstIndex(of: UInt8(ascii: ":"), in: url, limit: 12), colon + 2 < n, url[colon + 1] == slash,
            url[colon + 2] == slash
        {
            var i = colon + 3
            while i < n && url[i] != slash && url[i] != UInt8(ascii: "?") && url[i] != UInt8(ascii: "#") { i += 1 }
            start = i
        }
        var end = start
        while end < n && url[end] != UInt8(ascii: "?") && url[end] != UInt8(ascii: "#") { end += 1 }
        end = min(end, start + maximumLength)
        if start >= end {
            withBytes("/", sink)
            return
        }
        // Segments and their dot-separated parts.
        var i = start
        var partStart = start
        while i <= end {
            let atEnd = i == end
            let c: UInt8 = atEnd ? 0 : url[i]
            if atEnd || c == slash || c == UInt8(ascii: ".") {
                let part = UnsafeRawBufferPointer(rebasing: url[partStart..<i])
                if isID(part) {
                    withBytes(idToken, sink)
                } else if !part.isEmpty {
                    sink(part)
                }
                if !atEnd { sink(UnsafeRawBufferPointer(rebasing: url[i..<(i + 1)])) }
                partStart = i + 1
            }
            i += 1
        }
    }

    static func isID(_ part: UnsafeRawBufferPointer) -> Bool {
        let n = part.count
        guard n > 0 else { return false }
        var digits = 0
        var hex = true
        var token = true
        for c in part {
            let isDigit = c >= 48 && c <= 57
            if isDigit { digits += 1 }
            let lower = c | 0x20
            let isHexLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f")
            if !(isDigit || isHexLetter || c == UInt8(ascii: "-")) { hex = false }
            let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            if !(isDigit || isLetter || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")) { token = false }
        }
        if digits == n { return true }
        if digits > 0 && hex && n >= 8 { return true }
        if digits > 0 && token && n >= 16 { return true }
        return false
    }

    private static func firstIndex(of byte: UInt8, in b: UnsafeRawBufferPointer, limit: Int) -> Int? {
        var i = 0
        while i < b.count && i < limit {
            if b[i] == byte { return i }
            if b[i] == UInt8(ascii: "/") { return nil }
            i += 1
        }
        return nil
    }

    private static func withBytes(_ s: StaticString, _ sink: (UnsafeRawBufferPointer) -> Void) {
        sink(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
