/// What ``HTTPResponseHeaderValidator`` learned about one response, with its violations.
public struct HTTPResponseValidation: Sendable, Hashable {
    /// Everything wrong with the response, in byte order per check.
    public var violations: [HTTPResponseViolation] = []
    /// `HTTP/1.0` or `HTTP/1.1` when the status line was readable.
    public var httpVersion: String?
    /// The status code when the status line was readable.
    public var statusCode: Int?
    /// Bytes from the status line through the blank line, when the header section is complete.
    public var headerSectionLength: Int?
    /// Number of header fields read.
    public var headerCount = 0
    /// The single agreed `Content-Length`, if any.
    public var contentLength: Int?
    /// `true` when a `Content-Length` value could not be read.
    public var contentLengthInvalid = false
    /// `true` when `Transfer-Encoding` ends with `chunked`.
    public var isChunked = false
    /// `true` when there is neither `Content-Length` nor chunked framing: the body runs until close.
    public var isCloseDelimited = false
    /// `Connection: close` was sent.
    public var connectionClose = false
    /// `Connection: keep-alive` was sent.
    public var connectionKeepAlive = false
    /// `Keep-Alive: timeout=N` when sent.
    public var keepAliveTimeoutSeconds: Int?
    /// Body bytes seen after the header section.
    public var bodyBytesReceived = 0
    /// Body length the framing announces (for chunked: encoded length including chunk lines), when known.
    public var expectedBodyLength: Int?
    /// `true` when the response is complete: framing satisfied, or the connection ended.
    public var isComplete = false

    /// Creates an empty result.
    public init() {}

    /// `true` when no violation was found.
    public var isValid: Bool { violations.isEmpty }

    /// The distinct violation codes, in first-seen order.
    public var codes: [HTTPResponseViolation.Code] {
        var seen = Set<HTTPResponseViolation.Code>()
        return violations.compactMap { seen.insert($0.code).inserted ? $0.code : nil }
    }
}
