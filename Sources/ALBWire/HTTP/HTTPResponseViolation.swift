/// One way in which an HTTP/1.x response breaks the rules a load balancer applies to target responses.
///
/// `code` is stable (safe to match on in scripts and tests); `offset` is the byte offset of the offending
/// bytes from the first byte of the response; `excerpt` shows those bytes escaped (`\r`, `\n`, `\t`,
/// `\xNN` for anything outside printable ASCII) so that invisible problems become visible.
public struct HTTPResponseViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable machine-readable violation codes.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The first line is not `HTTP/1.x SP 3DIGIT [SP reason]`.
        case badStatusLine = "bad-status-line"
        /// A header name that is not an RFC 9110 token (space, control, non-ASCII, separators, empty).
        case invalidHeaderName = "invalid-header-name"
        /// A header line with no `:`.
        case headerWithoutColon = "header-without-colon"
        /// A continuation line (starts with SP or HTAB): obsolete line folding.
        case obsFold = "obs-fold"
        /// A line ended by LF without the preceding CR.
        case bareLF = "bare-lf"
        /// A CR that is not followed by LF.
        case bareCR = "bare-cr"
        /// Several `Content-Length` values that differ.
        case conflictingContentLength = "conflicting-content-length"
        /// The same `Content-Length` value given more than once.
        case duplicateContentLength = "duplicate-content-length"
        /// A `Content-Length` that is not a non-negative decimal integer.
        case invalidContentLength = "invalid-content-length"
        /// `Transfer-Encoding` and `Content-Length` both present.
        case transferEncodingWithContentLength = "transfer-encoding-with-content-length"
        /// A `Transfer-Encoding` whose last coding is not `chunked`, or HTTP/1.0 with Transfer-Encoding.
        case invalidTransferEncoding = "invalid-transfer-encoding"
        /// The header section is larger than the load balancer's 32 KB limit.
        case headerSectionTooLarge = "header-section-too-large"
        /// The body is longer or shorter than the framing (`Content-Length`, no-body status) says.
        case bodyLengthMismatch = "body-length-mismatch"
        /// A header value with bytes ≥ 0x80.
        case nonASCIIHeaderValue = "non-ascii-header-value"
        /// A header value with control bytes (NUL, other CTLs except HTAB).
        case controlCharacterInHeaderValue = "control-character-in-header-value"
        /// The connection ended before the header section was complete.
        case truncatedHeaderSection = "truncated-header-section"
        /// The connection ended before any byte of a response arrived.
        case emptyResponse = "empty-response"
        /// A chunked body whose chunk-size line is not hexadecimal or whose chunk is not followed by CRLF.
        case invalidChunkedEncoding = "invalid-chunked-encoding"
        /// A response that arrived while no request was outstanding on the connection.
        case responseWithoutRequest = "response-without-request"
    }

    /// What is wrong.
    public var code: Code
    /// Byte offset from the first byte of the response.
    public var offset: Int
    /// The offending bytes, escaped for display.
    public var excerpt: String
    /// One human sentence explaining the violation.
    public var message: String

    /// Creates a violation.
    public init(code: Code, offset: Int, excerpt: String, message: String) {
        self.code = code
        self.offset = offset
        self.excerpt = excerpt
        self.message = message
    }

    /// `code at byte N: message: "excerpt"`.
    public var description: String {
        "\(code.rawValue) at byte \(offset): \(message): \"\(excerpt)\""
    }
}
