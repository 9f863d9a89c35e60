import Testing

@testable import ALBWire

@Suite struct HTTPResponseHeaderValidatorTests {
    private func check(_ text: String, ended: Bool = false, method: String? = nil) -> HTTPResponseValidation {
        HTTPResponseHeaderValidator.validate(Array(text.utf8), connectionEnded: ended, requestMethod: method)
    }

    @Test func wellFormedResponseHasNoViolations() {
        let result = check("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        #expect(result.violations.isEmpty)
        #expect(result.statusCode == 200)
        #expect(result.httpVersion == "HTTP/1.1")
        #expect(result.headerSectionLength == 64)
        #expect(result.contentLength == 5)
        #expect(result.isComplete)
        #expect(result.headerCount == 2)
    }

    @Test func incompleteBodyIsNotAViolationWhileTheConnectionIsOpen() {
        let result = check("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        #expect(result.violations.isEmpty)
        #expect(!result.isComplete)
    }

    @Test(arguments: [
        ("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n", HTTPResponseViolation.Code.badStatusLine, 0),
        ("HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", .badStatusLine, 0),
        ("ICY 200 OK\r\nContent-Length: 0\r\n\r\n", .badStatusLine, 0),
        ("HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 0\r\n\r\n", .invalidHeaderName, 20),
        ("HTTP/1.1 200 OK\r\nX-Caf\u{E9}: x\r\nContent-Length: 0\r\n\r\n", .invalidHeaderName, 22),
        ("HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", .invalidHeaderName, 31),
        ("HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n", .headerWithoutColon, 17),
        ("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n", .obsFold, 27),
        ("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", .bareLF, 15),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", .conflictingContentLength, 36),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", .duplicateContentLength, 36),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello", .conflictingContentLength, 17),
        ("HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello", .invalidContentLength, 17),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .transferEncodingWithContentLength, 36
        ),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", .invalidTransferEncoding, 17),
        ("HTTP/1.1 200 OK\r\nX-Nul: a\u{0}b\r\nContent-Length: 0\r\n\r\n", .controlCharacterInHeaderValue, 25),
        ("HTTP/1.1 200 OK\r\nX-Name: Jos\u{E9}\r\nContent-Length: 0\r\n\r\n", .nonASCIIHeaderValue, 28),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhello", .bodyLengthMismatch, 41),
        ("HTTP/1.1 204 No Content\r\n\r\nxyz", .bodyLengthMismatch, 27),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunkedEncoding, 47),
    ])
    func detectsEachViolation(response: String, code: HTTPResponseViolation.Code, offset: Int) {
        let result = check(response)
        let match = result.violations.first { $0.code == code }
        #expect(match != nil, "expected \(code.rawValue) in \(result.violations)")
        #expect(match?.offset == offset, "\(String(describing: match))")
    }

    @Test func shortBodyIsAMismatchOnceTheConnectionEnds() {
        let result = check("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", ended: true)
        #expect(result.codes == [.bodyLengthMismatch])
        #expect(result.violations.first?.offset == 42)
        #expect(result.isComplete)
    }

    @Test func truncatedHeaderSectionWhenTheConnectionEndsEarly() {
        let result = check("HTTP/1.1 200 OK\r\nContent-Le", ended: true)
        #expect(result.codes == [.truncatedHeaderSection])
        #expect(result.violations.first?.offset == 27)
    }

    @Test func emptyResponseOnClose() {
        #expect(check("", ended: true).codes == [.emptyResponse])
        #expect(check("", ended: false).codes.isEmpty)
    }

    @Test func headerSectionOver32KB() {
        let big = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 33_000) + "\r\nContent-Length: 0\r\n\r\n"
        let result = check(big)
        #expect(result.codes == [.headerSectionTooLarge])
        let exactly = "HTTP/1.1 200 OK\r\nX-Big: "
        let fill =
            HTTPResponseHeaderValidator.maximumHeaderSectionSize - exactly.utf8.count
            - "\r\nContent-Length: 0\r\n\r\n".utf8.count
        let atLimit = exactly + String(repeating: "a", count: fill) + "\r\nContent-Length: 0\r\n\r\n"
        #expect(atLimit.utf8.count == 32 * 1024)
        #expect(check(atLimit).violations.isEmpty)
    }

    @Test func endlessHeaderSectionIsReportedWithoutTheBlankLine() {
        let big = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: b\r\n", count: 5000)
        #expect(check(big).codes.contains(.headerSectionTooLarge))
    }

    @Test func chunkedBodyFramingIsFollowed() {
        let ok = check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
        #expect(ok.violations.isEmpty)
        #expect(ok.isComplete)
        #expect(ok.isChunked)
        let open = check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
        #expect(open.violations.isEmpty)
        #expect(!open.isComplete)
        let cut = check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", ended: true)
        #expect(cut.codes == [.bodyLengthMismatch])
    }

    @Test func headResponseHasNoBody() {
        let result = check("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", method: "HEAD")
        #expect(result.violations.isEmpty)
        #expect(result.isComplete)
    }

    @Test func closeDelimitedBodyCompletesAtClose() {
        let open = check("HTTP/1.0 200 OK\r\n\r\nbody")
        #expect(open.isCloseDelimited)
        #expect(!open.isComplete)
        #expect(check("HTTP/1.0 200 OK\r\n\r\nbody", ended: true).isComplete)
    }

    @Test func keepAliveHeadersAreRead() {
        let result = check(
            "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n"
        )
        #expect(result.connectionKeepAlive)
        #expect(result.keepAliveTimeoutSeconds == 5)
        #expect(!result.connectionClose)
        #expect(check("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n").connectionClose)
    }

    @Test func excerptsEscapeInvisibleBytes() {
        let result = check("HTTP/1.1 200 OK\r\nX-Nul: a\u{0}b\r\nContent-Length: 0\r\n\r\n")
        #expect(result.violations.first?.excerpt == "X-Nul: a\\x00b")
        #expect(ByteEscaping.escape(Array("a\r\n\t\\\u{7F}".utf8)) == "a\\r\\n\\t\\\\\\x7F")
    }

    @Test func headerSectionLengthFindsCRLFAndBareLF() {
        let crlf = Array("HTTP/1.1 200 OK\r\nA: b\r\n\r\nrest".utf8)
        let lf = Array("HTTP/1.1 200 OK\nA: b\n\nrest".utf8)
        #expect(crlf.withUnsafeBytes { HTTPResponseHeaderValidator.headerSectionLength(in: $0) } == 25)
        #expect(lf.withUnsafeBytes { HTTPResponseHeaderValidator.headerSectionLength(in: $0) } == 22)
        let partial = Array("HTTP/1.1 200 OK\r\nA: b\r\n".utf8)
        #expect(partial.withUnsafeBytes { HTTPResponseHeaderValidator.headerSectionLength(in: $0) } == nil)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func chunkedDecoderAcrossSliceBoundaries(sliceSize: Int) {
        let body = Array("4\r\nWiki\r\n6;ext\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\nNEXT".utf8)
        var decoder = ChunkedBodyDecoder()
        var offset = 0
        var end: Int?
        while offset < body.count, end == nil {
            let slice = Array(body[offset..<min(body.count, offset + sliceSize)])
            let outcome = slice.withUnsafeBytes { decoder.consume($0) }
            switch outcome {
            case .needMore: offset += slice.count
            case .complete(let used): end = offset + used
            case .invalid(let at, let why):
                Issue.record("invalid at \(at): \(why)")
                return
            }
        }
        #expect(end == body.count - 4)
    }
}
