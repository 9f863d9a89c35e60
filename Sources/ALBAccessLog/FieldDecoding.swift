/// Byte-level decoders for field values. Pure functions over raw bytes; no allocation except `unescape`.
enum FieldDecoding {
    static let powersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ]

    /// `-?digits[.digits]` → Double, exact for up to 15 significant digits; `nil` otherwise.
    static func decimal(_ b: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        let n = b.count
        guard n > 0 else { return nil }
        var negative = false
        if b[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenDot = false
        var intDigits = 0
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else {
                let d = UInt64(c &- 48)
                guard d < 10 else { return nil }
                mantissa = mantissa * 10 + d
                digits += 1
                if seenDot { fractionDigits += 1 } else { intDigits += 1 }
                if digits > 15 { return nil }
            }
            i += 1
        }
        guard intDigits > 0, !seenDot || fractionDigits > 0 else { return nil }
        let v = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -v : v
    }

    /// `-?digits` (at most 18 digits) → Int64.
    static func integer(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        guard n - i >= 1, n - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < n {
            let d = Int64(b[i]) - 48
            guard d >= 0, d < 10 else { return nil }
            v = v * 10 + d
            i += 1
        }
        return negative ? -v : v
    }

    /// `ip:port`, split on the last colon; brackets around the address are removed.
    static func endpoint(_ b: UnsafeRawBufferPointer) -> AccessLogEndpoint? {
        let n = b.count
        var colon = n - 1
        while colon >= 0 && b[colon] != UInt8(ascii: ":") { colon -= 1 }
        guard colon > 0, colon < n - 1, n - colon - 1 <= 5 else { return nil }
        var port = 0
        for k in (colon + 1)..<n {
            let d = Int(b[k]) - 48
            guard d >= 0, d < 10 else { return nil }
            port = port * 10 + d
        }
        guard port <= 65_535 else { return nil }
        var start = 0
        var end = colon
        if b[0] == UInt8(ascii: "["), b[colon - 1] == UInt8(ascii: "]") {
            start = 1
            end = colon - 1
        }
        guard end > start else { return nil }
        for k in start..<end {
            let c = b[k]
            let ok =
                (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c == UInt8(ascii: ".")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: "%") || (c >= 103 && c <= 122)
            guard ok else { return nil }
        }
        let ip = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        return AccessLogEndpoint(ip: ip, port: port)
    }

    /// `-?digits[.digits]` seconds → a duration, exact to the nanosecond: fraction digits after the ninth
    /// are dropped; at most 10 integer digits. `nil` for anything else.
    static func duration(_ b: UnsafeRawBufferPointer) -> Duration? {
        let n = b.count
        var i = 0
        var negative = false
        if n > 0 && b[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var seconds: Int64 = 0
        var intDigits = 0
        while i < n && b[i] != UInt8(ascii: ".") {
            let d = Int64(b[i]) - 48
            guard d >= 0, d < 10, intDigits < 10 else { return nil }
            seconds = seconds * 10 + d
            intDigits += 1
            i += 1
        }
        guard intDigits > 0 else { return nil }
        var nanoseconds: Int64 = 0
        if i < n {
            i += 1  // the dot
            guard i < n else { return nil }
            var fractionDigits = 0
            while i < n {
                let d = Int64(b[i]) - 48
                guard d >= 0, d < 10 else { return nil }
                if fractionDigits < 9 { nanoseconds = nanoseconds * 10 + d }
                fractionDigits += 1
                i += 1
            }
            while fractionDigits < 9 {
                nanoseconds *= 10
                fractionDigits += 1
            }
        }
        let total = seconds * 1_000_000_000 + nanoseconds
        return .nanoseconds(negative ? -total : total)
    }

    /// A port number 0–65535 (at most five digits).
    static func port(_ b: UnsafeRawBufferPointer) -> Int? {
        guard b.count >= 1, b.count <= 5 else { return nil }
        var port = 0
        for c in b {
            let d = Int(c) - 48
            guard d >= 0, d < 10 else { return nil }
            port = port * 10 + d
        }
        return port <= 65_535 ? port : nil
    }

    /// An IPv4 or IPv6 address as logged (the characters of ``endpoint(_:)``'s address part; not checked
    /// further, as AWS zero-pads octets in places).
    static func ipAddress(_ b: UnsafeRawBufferPointer) -> String? {
        guard b.count > 0, b.count <= 64 else { return nil }
        for c in b {
            let ok =
                (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c == UInt8(ascii: ".")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: "%") || (c >= 103 && c <= 122)
            guard ok else { return nil }
        }
        return String(decoding: b, as: UTF8.self)
    }

    /// Resolves `\"` → `"` and `\\` → `\`; other backslashes are kept.
    static func unescape(_ b: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < b.count,
                b[i + 1] == UInt8(ascii: "\"") || b[i + 1] == UInt8(ascii: "\\")
            {
                out.append(b[i + 1])
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Offset of the first byte that is not part of a valid UTF-8 sequence, or `nil` if all valid.
    static func firstInvalidUTF8(_ b: UnsafeRawBufferPointer) -> Int? {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            var need = 0
            var minValue: UInt32 = 0
            var v: UInt32 = 0
            if c & 0xE0 == 0xC0 {
                need = 1
                minValue = 0x80
                v = UInt32(c & 0x1F)
            } else if c & 0xF0 == 0xE0 {
                need = 2
                minValue = 0x800
                v = UInt32(c & 0x0F)
            } else if c & 0xF8 == 0xF0 {
                need = 3
                minValue = 0x10000
                v = UInt32(c & 0x07)
            } else {
                return i
            }
            guard i + need < n else { return i }
            for k in 1...need {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return i }
                v = (v << 6) | UInt32(cc & 0x3F)
            }
            if v < minValue || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }
}
