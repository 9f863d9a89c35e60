#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks the raw bytes of one HTTP/1.x response against what an Application Load Balancer rejects.
///
/// Pure and allocation-light: give it the bytes of one response (the head plus as much body as is known),
/// whether the connection ended after those bytes, and the request method when known (a `HEAD` response
/// has no body). It never throws; everything it dislikes is a ``HTTPResponseViolation`` with a stable
/// code, a byte offset and an escaped excerpt. The rules come from `alb-facts.md` §9 (documented ALB
/// behaviour: > 32 KB header section, malformed headers, Content-Length vs body) and RFC 9110/9112
/// (violations the ALB is likely to reject: bad names, obs-fold, bare LF, conflicting framing).
public enum HTTPResponseHeaderValidator {
    /// The ALB's limit on a target response's header section (documented: 32 KB).
    public static let maximumHeaderSectionSize = 32 * 1024

    /// Validates one response.
    /// - Parameters:
    ///   - bytes: the response bytes from its first byte: head, then any body bytes known.
    ///   - connectionEnded: `true` when the connection closed (FIN/RST) right after `bytes`.
    ///   - requestMethod: the method of the request this answers, if known (`HEAD` → no body).
    ///   - maximumHeaderSectionSize: the size limit to enforce (default 32 KB).
    public static func validate(
        _ bytes: [UInt8],
        connectionEnded: Bool,
        requestMethod: String? = nil,
        maximumHeaderSectionSize: Int = HTTPResponseHeaderValidator.maximumHeaderSectionSize
    ) -> HTTPResponseValidation {
        bytes.withUnsafeBytes {
            validate(
                $0,
                connectionEnded: connectionEnded,
                requestMethod: requestMethod,
                maximumHeaderSectionSize: maximumHeaderSectionSize
            )
        }
    }

    /// Length of the header section (status line through the empty line, inclusive) if `bytes`
    /// contains all of it; the blank line may be `\r\n` or a bare `\n`.
    public static func headerSectionLength(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var lineStart = 0
        while lineStart < count {
            guard let found = memchr(base + lineStart, 0x0A, count - lineStart) else { return nil }
            let index = UnsafeRawPointer(found) - base
            let lineLength = index - lineStart
            if lineStart > 0 && (lineLength == 0 || (lineLength == 1 && bytes[lineStart] == 0x0D)) {
                return index + 1
            }
            lineStart = index + 1
        }
        return nil
    }

    /// Validates one response held in a raw buffer (see ``validate(_:connectionEnded:requestMethod:maximumHeaderSectionSize:)``).
    public static func validate(
        _ bytes: UnsafeRawBufferPointer,
        connectionEnded: Bool,
        requestMethod: String? = nil,
        maximumHeaderSectionSize: Int = HTTPResponseHeaderValidator.maximumHeaderSectionSize
    ) -> HTTPResponseValidation {
        var result = HTTPResponseValidation()
        if bytes.isEmpty {
            if connectionEnded {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .emptyResponse,
                        offset: 0,
                        excerpt: "",
                        message: "the connection ended before any response byte"
                    )
                )
                result.isComplete = true
            }
            return result
        }
        guard let headLength = headerSectionLength(in: bytes) else {
            if bytes.count > maximumHeaderSectionSize {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .headerSectionTooLarge,
                        offset: maximumHeaderSectionSize,
                        excerpt: excerpt(bytes, from: 0, count: 60),
                        message: "more than \(maximumHeaderSectionSize) bytes without the end of the header section"
                    )
                )
                result.isComplete = true
                checkLines(bytes, end: bytes.count, into: &result)
            } else if connectionEnded {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .truncatedHeaderSection,
                        offset: bytes.count,
                        excerpt: excerpt(bytes, from: max(0, bytes.count - 60), count: 60),
                        message:
                            "the connection ended after \(bytes.count) bytes, before the blank line ending the header section"
                    )
                )
                result.isComplete = true
                checkLines(bytes, end: bytes.count, into: &result)
            }
            return result
        }
        result.headerSectionLength = headLength
        if headLength > maximumHeaderSectionSize {
            result.violations.append(
                HTTPResponseViolation(
                    code: .headerSectionTooLarge,
                    offset: 0,
                    excerpt: excerpt(bytes, from: 0, count: 60),
                    message:
                        "the header section is \(headLength) bytes, over the \(maximumHeaderSectionSize)-byte limit"
                )
            )
        }
        checkLines(bytes, end: headLength, into: &result)
        checkBody(
            bytes,
            headLength: headLength,
            connectionEnded: connectionEnded,
            requestMethod: requestMethod,
            into: &result
        )
        return result
    }

    // MARK: - Lines

    private static func checkLines(_ bytes: UnsafeRawBufferPointer, end: Int, into result: inout HTTPResponseValidation)
    {
        var lineStart = 0
        var lineNumber = 0
        var contentLengths: [(value: String, offset: Int)] = []
        var transferEncoding: (value: String, offset: Int)?
        var reportedBareLF = false  // reported once per response (the first line), not per line
        var index = 0
        while index < end {
            // Find the end of this line.
            var lineEnd = end
            if let base = bytes.baseAddress, lineStart < end,
                let found = memchr(base + lineStart, 0x0A, end - lineStart)
            {
                lineEnd = UnsafeRawPointer(found) - base
            }
            let terminated = lineEnd < end
            if !terminated { break }  // a partial last line (connection ended mid-line) is not judged
            var contentEnd = lineEnd
            if terminated {
                if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D {
                    contentEnd = lineEnd - 1
                } else if !reportedBareLF {
                    reportedBareLF = true
                    result.violations.append(
                        HTTPResponseViolation(
                            code: .bareLF,
                            offset: lineEnd,
                            excerpt: excerpt(
                                bytes,
                                from: max(lineStart, lineEnd - 40),
                                count: min(41, lineEnd - lineStart + 1)
                            ),
                            message: "line \(lineNumber + 1) ends with LF without CR"
                        )
                    )
                }
            }
            // Bare CR inside the line.
            var scan = contentEnd
            if let base = bytes.baseAddress, lineStart < contentEnd,
                let found = memchr(base + lineStart, 0x0D, contentEnd - lineStart)
            {
                scan = UnsafeRawPointer(found) - base
            }
            while scan < contentEnd {
                if bytes[scan] == 0x0D {
                    result.violations.append(
                        HTTPResponseViolation(
                            code: .bareCR,
                            offset: scan,
                            excerpt: excerpt(bytes, from: lineStart, count: min(60, contentEnd - lineStart)),
                            message: "line \(lineNumber + 1) contains a CR not followed by LF"
                        )
                    )
                    break
                }
                scan += 1
            }
            if contentEnd == lineStart && terminated && lineNumber > 0 {
                break  // blank line: end of header section
            }
            if lineNumber == 0 {
                checkStatusLine(bytes, start: lineStart, end: contentEnd, into: &result)
            } else {
                checkHeaderLine(
                    bytes,
                    start: lineStart,
                    end: contentEnd,
                    lineNumber: lineNumber,
                    contentLengths: &contentLengths,
                    transferEncoding: &transferEncoding,
                    into: &result
                )
            }
            lineNumber += 1
            lineStart = lineEnd + 1
            index = lineStart
        }
        // Framing headers.
        if contentLengths.count > 1 {
            let distinct = Set(contentLengths.map(\.value))
            let values = contentLengths.map(\.value).joined(separator: ", ")
            result.violations.append(
                HTTPResponseViolation(
                    code: distinct.count > 1 ? .conflictingContentLength : .duplicateContentLength,
                    offset: contentLengths[1].offset,
                    excerpt: excerpt(bytes, from: contentLengths[1].offset, count: 40, stopAtLineEnd: true),
                    message: distinct.count > 1
                        ? "Content-Length given \(contentLengths.count) times with different values (\(values))"
                        : "Content-Length given \(contentLengths.count) times (\(values))"
                )
            )
        }
        if contentLengths.count == 1, let value = Int(contentLengths[0].value) {
            result.contentLength = value
        } else if let first = contentLengths.first, Set(contentLengths.map(\.value)).count == 1,
            let value = Int(first.value)
        {
            result.contentLength = value
        }
        if let te = transferEncoding {
            if !contentLengths.isEmpty {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .transferEncodingWithContentLength,
                        offset: te.offset,
                        excerpt: excerpt(bytes, from: te.offset, count: 60, stopAtLineEnd: true),
                        message: "Transfer-Encoding and Content-Length are both present"
                    )
                )
            }
            let codings = te.value.lowercased().split(separator: ",").map { $0.trimmingSpaces() }
            if codings.last == "chunked" {
                result.isChunked = true
            } else {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .invalidTransferEncoding,
                        offset: te.offset,
                        excerpt: excerpt(bytes, from: te.offset, count: 60, stopAtLineEnd: true),
                        message: "Transfer-Encoding \"\(te.value)\" does not end with chunked"
                    )
                )
            }
            if result.httpVersion == "HTTP/1.0" {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .invalidTransferEncoding,
                        offset: te.offset,
                        excerpt: excerpt(bytes, from: te.offset, count: 60, stopAtLineEnd: true),
                        message: "Transfer-Encoding in an HTTP/1.0 response"
                    )
                )
            }
        }
    }

    private static func checkStatusLine(
        _ bytes: UnsafeRawBufferPointer,
        start: Int,
        end: Int,
        into result: inout HTTPResponseValidation
    ) {
        // HTTP/1.x SP 3DIGIT [SP reason]
        func fail(_ why: String) {
            result.violations.append(
                HTTPResponseViolation(
                    code: .badStatusLine,
                    offset: start,
                    excerpt: excerpt(bytes, from: start, count: min(80, end - start)),
                    message: "status line \(why)"
                )
            )
        }
        let length = end - start
        let prefix: StaticString = "HTTP/1."
        guard length >= 12 else {
            fail("is too short for \"HTTP/1.x NNN\"")
            return
        }
        for i in 0..<7 where bytes[start + i] != prefix.utf8Start[i] {
            fail("does not start with \"HTTP/1.\"")
            return
        }
        let minor = bytes[start + 7]
        guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else {
            fail("has an unknown HTTP/1 minor version")
            return
        }
        result.httpVersion = minor == UInt8(ascii: "0") ? "HTTP/1.0" : "HTTP/1.1"
        guard bytes[start + 8] == 0x20 else {
            fail("has no single space after the version")
            return
        }
        var code = 0
        for i in 9..<12 {
            let byte = bytes[start + i]
            guard byte >= 0x30 && byte <= 0x39 else {
                fail("has a status code that is not three digits")
                return
            }
            code = code * 10 + Int(byte - 0x30)
        }
        guard code >= 100 else {
            fail("has a status code below 100")
            return
        }
        result.statusCode = code
        if length > 12 {
            guard bytes[start + 12] == 0x20 else {
                fail("has no space between the status code and the reason phrase")
                return
            }
            var i = start + 13
            while i < end {
                let byte = bytes[i]
                if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                    fail("has a control byte in the reason phrase")
                    return
                }
                i += 1
            }
        }
    }

    private static func checkHeaderLine(
        _ bytes: UnsafeRawBufferPointer,
        start: Int,
        end: Int,
        lineNumber: Int,
        contentLengths: inout [(value: String, offset: Int)],
        transferEncoding: inout (value: String, offset: Int)?,
        into result: inout HTTPResponseValidation
    ) {
        func lineExcerpt() -> String { excerpt(bytes, from: start, count: min(80, end - start)) }
        if end > start && (bytes[start] == 0x20 || bytes[start] == 0x09) {
            result.violations.append(
                HTTPResponseViolation(
                    code: .obsFold,
                    offset: start,
                    excerpt: lineExcerpt(),
                    message: "line \(lineNumber + 1) is an obs-fold continuation line (starts with whitespace)"
                )
            )
            return
        }
        var colon = start
        while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon < end else {
            result.violations.append(
                HTTPResponseViolation(
                    code: .headerWithoutColon,
                    offset: start,
                    excerpt: lineExcerpt(),
                    message: "line \(lineNumber + 1) has no colon"
                )
            )
            return
        }
        // Name: RFC 9110 token.
        if colon == start {
            result.violations.append(
                HTTPResponseViolation(
                    code: .invalidHeaderName,
                    offset: start,
                    excerpt: lineExcerpt(),
                    message: "line \(lineNumber + 1) has an empty header name"
                )
            )
        } else {
            var i = start
            while i < colon {
                if !isTokenByte(bytes[i]) {
                    result.violations.append(
                        HTTPResponseViolation(
                            code: .invalidHeaderName,
                            offset: i,
                            excerpt: excerpt(bytes, from: start, count: min(80, colon - start + 1)),
                            message:
                                "header name on line \(lineNumber + 1) contains byte \(describeByte(bytes[i])), not allowed in a token"
                        )
                    )
                    break
                }
                i += 1
            }
        }
        // Value.
        var valueStart = colon + 1
        while valueStart < end && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) { valueStart += 1 }
        var valueEnd = end
        while valueEnd > valueStart && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09) { valueEnd -= 1 }
        var i = valueStart
        var reportedNonASCII = false
        var reportedControl = false
        while i < valueEnd {
            let byte = bytes[i]
            if byte >= 0x80 && !reportedNonASCII {
                reportedNonASCII = true
                result.violations.append(
                    HTTPResponseViolation(
                        code: .nonASCIIHeaderValue,
                        offset: i,
                        excerpt: lineExcerpt(),
                        message: "header value on line \(lineNumber + 1) contains non-ASCII byte \(describeByte(byte))"
                    )
                )
            } else if ((byte < 0x20 && byte != 0x09 && byte != 0x0D) || byte == 0x7F) && !reportedControl {
                reportedControl = true
                result.violations.append(
                    HTTPResponseViolation(
                        code: .controlCharacterInHeaderValue,
                        offset: i,
                        excerpt: lineExcerpt(),
                        message: "header value on line \(lineNumber + 1) contains control byte \(describeByte(byte))"
                    )
                )
            }
            i += 1
        }
        let nameLength = colon - start
        let name: String
        switch nameLength {
        case 10 where equalsLowercased(bytes, start, "connection"): name = "connection"
        case 10 where equalsLowercased(bytes, start, "keep-alive"): name = "keep-alive"
        case 14 where equalsLowercased(bytes, start, "content-length"): name = "content-length"
        case 17 where equalsLowercased(bytes, start, "transfer-encoding"): name = "transfer-encoding"
        default:
            result.headerCount += 1
            return
        }
        result.headerCount += 1
        // Fast path: a plain decimal Content-Length needs no String.
        if name == "content-length" && valueEnd > valueStart && valueEnd - valueStart <= 18 {
            var value = 0
            var i = valueStart
            while i < valueEnd, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                value = value * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            if i == valueEnd {
                contentLengths.append((value: String(value), offset: start))
                return
            }
        }
        if name == "connection" {
            var i = valueStart
            while i < valueEnd {
                if i + 5 <= valueEnd && equalsLowercased(bytes, i, "close") { result.connectionClose = true }
                if i + 10 <= valueEnd && equalsLowercased(bytes, i, "keep-alive") { result.connectionKeepAlive = true }
                i += 1
            }
            return
        }
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
        switch name {
        case "content-length":
            // A list "5, 5" counts as several values.
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = part.trimmingSpaces()
                if trimmed.isEmpty || !trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || trimmed.utf8.count > 18
                {
                    result.violations.append(
                        HTTPResponseViolation(
                            code: .invalidContentLength,
                            offset: start,
                            excerpt: lineExcerpt(),
                            message:
                                "Content-Length \"\(ByteEscaping.escape(Array(value.utf8), limit: 40))\" is not a non-negative decimal integer"
                        )
                    )
                    result.contentLengthInvalid = true
                } else {
                    contentLengths.append((value: String(Int(trimmed) ?? 0), offset: start))
                }
            }
        case "transfer-encoding":
            if let existing = transferEncoding {
                transferEncoding = (value: existing.value + ", " + value, offset: existing.offset)
            } else {
                transferEncoding = (value: value, offset: start)
            }
        case "connection":
            let tokens = value.lowercased().split(separator: ",").map { $0.trimmingSpaces() }
            if tokens.contains("close") { result.connectionClose = true }
            if tokens.contains("keep-alive") { result.connectionKeepAlive = true }
        case "keep-alive":
            // e.g. "timeout=5, max=100"
            for part in value.lowercased().split(separator: ",") {
                let item = part.trimmingSpaces()
                if item.hasPrefix("timeout=") {
                    result.keepAliveTimeoutSeconds = Int(item.dropFirst("timeout=".count))
                }
            }
        default:
            break
        }
    }

    // MARK: - Body

    private static func checkBody(
        _ bytes: UnsafeRawBufferPointer,
        headLength: Int,
        connectionEnded: Bool,
        requestMethod: String?,
        into result: inout HTTPResponseValidation
    ) {
        let bodyBytes = bytes.count - headLength
        result.bodyBytesReceived = bodyBytes
        let status = result.statusCode ?? 0
        let noBody = (100..<200).contains(status) || status == 204 || status == 304 || requestMethod == "HEAD"
        if noBody {
            result.expectedBodyLength = 0
            result.isComplete = true
            if bodyBytes > 0 && requestMethod != "HEAD" && !(100..<200).contains(status) {
                result.violations.append(
                    HTTPResponseViolation(
                        code: .bodyLengthMismatch,
                        offset: headLength,
                        excerpt: excerpt(bytes, from: headLength, count: 40),
                        message: "a \(status) response has no body, but \(bodyBytes) bytes follow the header section"
                    )
                )
            }
            return
        }
        if result.isChunked {
            var decoder = ChunkedBodyDecoder()
            let outcome = decoder.consume(UnsafeRawBufferPointer(rebasing: bytes[headLength...]))
            switch outcome {
            case .needMore:
                result.isComplete = connectionEnded
                if connectionEnded {
                    result.violations.append(
                        HTTPResponseViolation(
                            code: .bodyLengthMismatch,
                            offset: bytes.count,
                            excerpt: excerpt(bytes, from: max(headLength, bytes.count - 40), count: 40),
                            message: "the connection ended inside the chunked body (no last chunk)"
                        )
                    )
                }
            case .complete(let used):
                result.isComplete = true
                result.expectedBodyLength = used
                if used < bodyBytes {
                    result.violations.append(
                        HTTPResponseViolation(
                            code: .bodyLengthMismatch,
                            offset: headLength + used,
                            excerpt: excerpt(bytes, from: headLength + used, count: 40),
                            message: "\(bodyBytes - used) bytes follow the last chunk"
                        )
                    )
                }
            case .invalid(let at, let why):
                result.isComplete = true
                result.violations.append(
                    HTTPResponseViolation(
                        code: .invalidChunkedEncoding,
                        offset: headLength + at,
                        excerpt: excerpt(bytes, from: headLength + at, count: 40),
                        message: why
                    )
                )
            }
            return
        }
        if let length = result.contentLength {
            result.expectedBodyLength = length
            if bodyBytes > length {
                result.isComplete = true
                result.violations.append(
                    HTTPResponseViolation(
                        code: .bodyLengthMismatch,
                        offset: headLength + length,
                        excerpt: excerpt(bytes, from: headLength + length, count: 40),
                        message: "the body is \(bodyBytes) bytes, longer than Content-Length \(length)"
                    )
                )
            } else if bodyBytes == length {
                result.isComplete = true
            } else if connectionEnded {
                result.isComplete = true
                result.violations.append(
                    HTTPResponseViolation(
                        code: .bodyLengthMismatch,
                        offset: bytes.count,
                        excerpt: excerpt(bytes, from: max(headLength, bytes.count - 40), count: 40),
                        message: "the connection ended after \(bodyBytes) body bytes of Content-Length \(length)"
                    )
                )
            }
            return
        }
        // No framing: the body runs until the connection closes.
        result.isCloseDelimited = true
        result.isComplete = connectionEnded
    }

    // MARK: - Helpers

    /// RFC 9110 `tchar` (`!#$%&'*+-.^_`|~`, digits, letters) as a bit set over bytes 0–127.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_6CFA_0000_0000
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (high >> UInt64(byte - 64)) & 1 == 1 }
        return false
    }

    private static func describeByte(_ byte: UInt8) -> String {
        if byte == 0x20 { return "SP (0x20)" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    @inline(__always)
    private static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
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

    private static func asciiLowercased(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var i = from
        while i < to {
            var byte = bytes[i]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            scalars.append(Unicode.Scalar(byte))
            i += 1
        }
        return String(scalars)
    }

    static func excerpt(
        _ bytes: UnsafeRawBufferPointer,
        from: Int,
        count: Int,
        stopAtLineEnd: Bool = false
    ) -> String {
        let start = max(0, min(from, bytes.count))
        var end = min(bytes.count, start + max(0, count))
        if stopAtLineEnd {
            var i = start
            while i < end && bytes[i] != 0x0A { i += 1 }
            end = i
        }
        return ByteEscaping.escape(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), limit: max(0, count))
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
