import NIOHTTP1

/// A buffered response from an AWS endpoint.
public struct AWSResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// Response headers.
    public var headers: HTTPHeaders
    /// The whole body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The request id AWS sent in a header (`x-amzn-RequestId`, `x-amz-request-id`), if any.
    public var requestIDHeader: String? {
        headers.first(name: "x-amzn-requestid") ?? headers.first(name: "x-amz-request-id")
    }
}
