/// An error of the AWS access layer itself (configuration, transport, decoding), as opposed to an
/// error the service answered (`AWSServiceError`).
///
/// Every case carries enough to act on; none carries a secret.
public struct AWSClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable kind.
    public enum Code: String, Sendable, Hashable {
        /// The endpoint answered something that is not an AWS response (HTML error page, wrong shape).
        case unexpectedResponse = "unexpected-response"
        /// An AWS-shaped response lacked a field we need or had one we could not read.
        case malformedResponse = "malformed-response"
        /// The connection failed (refused, reset, DNS, TLS).
        case connectionFailed = "connection-failed"
        /// The request did not complete in time.
        case timedOut = "timed-out"
        /// No credential source in the chain produced credentials.
        case noCredentials = "no-credentials"
        /// A credential source was configured but failed.
        case credentialSourceFailed = "credential-source-failed"
        /// The configuration (files, environment, options) is invalid.
        case invalidConfiguration = "invalid-configuration"
        /// No region could be resolved.
        case noRegion = "no-region"
        /// A paginated call returned the same token twice or too many pages.
        case paginationLoop = "pagination-loop"
        /// The response body exceeded the size we are willing to buffer.
        case responseTooLarge = "response-too-large"
    }

    /// The kind of error.
    public var code: Code
    /// What happened, in one or two sentences, naming the file/line/field or endpoint.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }

    /// A non-AWS answer: status, content type and an escaped excerpt of the first bytes.
    static func unexpected(operation: String, endpoint: String, status: Int, contentType: String?, body: [UInt8])
        -> AWSClientError
    {
        AWSClientError(
            .unexpectedResponse,
            "\(operation) at \(endpoint): unexpected non-AWS response: HTTP \(status), content-type "
                + "\(contentType ?? "none"), body starts \"\(excerpt(body))\" "
                + "(an emulator answers this way for actions it does not implement)"
        )
    }

    /// First bytes of a body, printable ASCII only, others escaped.
    static func excerpt(_ body: [UInt8], limit: Int = 120) -> String {
        var text = ""
        for byte in body.prefix(limit) {
            switch byte {
            case 0x20...0x7E where byte != UInt8(ascii: "\""): text.append(Character(UnicodeScalar(byte)))
            case 0x0A: text += "\\n"
            default: text += "\\x" + String(byte, radix: 16, uppercase: true)
            }
        }
        if body.count > limit { text += "…" }
        return text
    }
}
