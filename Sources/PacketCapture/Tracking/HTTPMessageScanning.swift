#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small byte-level helpers for recognising and framing HTTP/1.x messages in TCP payloads.
enum HTTPMessageScanning {
    /// `true` if `bytes` starts like a request line (`TOKEN SP`), or could as far as it goes.
    static func looksLikeRequestStart(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < bytes.count && i < 20 {
            let b = bytes[i]
            if b == 0x20 { return i > 0 }
            guard (b >= 0x41 && b <= 0x5A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") else { return false }
            i += 1
        }
        return i > 0 && i == bytes.count
    }

    /// `true` if `bytes` starts with `HTTP/` (or a prefix of it when shorter).
    static func looksLikeResponseStart(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = "HTTP/"
        let count = min(5, bytes.count)
        guard count > 0 else { return false }
        for i in 0..<count where bytes[i] != prefix.utf8Start[i] { return false }
        return true
    }

    /// `true` if `bytes` starts with a TLS handshake record header.
    static func looksLikeTLS(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 3 && bytes[0] == 0x16 && bytes[1] == 0x03 && bytes[2] <= 0x04
    }

    /// Whether the method is HEAD, the request line bytes (≤ 200), Content-Length and chunked flag of a
    /// request head. Allocation: one small array for the line.
    static func requestHead(_ head: UnsafeRawBufferPointer) -> (
        isHEAD: Bool, line: [UInt8], contentLength: Int, chunked: Bool
    ) {
        let lineEnd = nextLF(head, from: 0)
        var contentEnd = lineEnd
        if contentEnd > 0 && head[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        let isHEAD =
            contentEnd >= 5 && head[0] == 0x48 && head[1] == 0x45 && head[2] == 0x41 && head[3] == 0x44
            && head[4] == 0x20
        let line = Array(UnsafeRawBufferPointer(rebasing: head[0..<min(contentEnd, 200)]))
        var contentLength = 0
        var chunked = false
        var start = lineEnd + 1
        while start < head.count {
            let end = nextLF(head, from: start)
            let first = head[start] | 0x20
            if first == 0x63 || first == 0x74 {  // 'c' / 't'
                var colon = start
                while colon < end && head[colon] != UInt8(ascii: ":") { colon += 1 }
                if colon < end {
                    let nameLength = colon - start
                    if nameLength == 14 && equalsLowercased(head, start, "content-length") {
                        var value = 0
                        var i = colon + 1
                        while i < end {
                            let b = head[i]
                            if b >= 0x30 && b <= 0x39 && value < 1 << 40 { value = value * 10 + Int(b - 0x30) }
                            i += 1
                        }
                        contentLength = value
                    } else if nameLength == 17 && equalsLowercased(head, start, "transfer-encoding") {
                        var i = colon + 1
                        while i + 7 <= end {
                            if equalsLowercased(head, i, "chunked") { chunked = true }
                            i += 1
                        }
                    }
                }
            }
            start = end + 1
        }
        return (isHEAD, line, contentLength, chunked)
    }

    /// Index of the next LF at or after `from`, or `bytes.count`.
    @inline(__always)
    static func nextLF(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        guard let base = bytes.baseAddress, from < bytes.count,
            let found = memchr(base + from, 0x0A, bytes.count - from)
        else { return bytes.count }
        return UnsafeRawPointer(found) - base
    }

    @inline(__always)
    static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        let pointer = name.utf8Start
        var i = 0
        while i < count {
            var byte = bytes[start + i]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != pointer[i] { return false }
            i += 1
        }
        return true
    }
}
