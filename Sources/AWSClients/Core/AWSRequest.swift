/// One AWS API call as the core client sends it: method, wire path, query, headers and body.
public struct AWSRequest: Sendable {
    /// The operation name (`DescribeLoadBalancers`), used in errors and logs.
    public var operation: String
    /// The IAM action this call needs (`elasticloadbalancing:DescribeLoadBalancers`), named when access is denied.
    public var iamAction: String
    /// HTTP method.
    public var method: String
    /// The path, percent-encoded as it goes on the wire (`/` for RPC protocols).
    public var path: String
    /// Decoded query `(name, value)` pairs.
    public var query: [(name: String, value: String)]
    /// Extra headers (signed unless unsignable).
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]
    /// S3 bucket for addressing (path-style or virtual-hosted); `nil` for other services.
    public var s3Bucket: String?
    /// Whether to sign the request at all (AssumeRoleWithWebIdentity is unsigned on real AWS).
    public var signed: Bool
    /// Whether the wire protocol is XML (Query, EC2, REST-XML) or JSON; decides how errors are decoded.
    public var errorProtocol: AWSErrorProtocol

    /// Creates a request.
    public init(
        operation: String,
        iamAction: String,
        method: String,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        s3Bucket: String? = nil,
        signed: Bool = true,
        errorProtocol: AWSErrorProtocol
    ) {
        self.operation = operation
        self.iamAction = iamAction
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.s3Bucket = s3Bucket
        self.signed = signed
        self.errorProtocol = errorProtocol
    }
}

/// The shape of error bodies a protocol produces.
public enum AWSErrorProtocol: Sendable, Hashable {
    /// `<ErrorResponse><Error><Code>…` (Query: ELBv2, STS, IAM, CloudWatch-query).
    case query
    /// `<Response><Errors><Error><Code>…` with `RequestID` (EC2).
    case ec2
    /// `<Error><Code>…` (S3 REST-XML).
    case restXML
    /// `{"__type": "…#Code", "message": "…"}` (JSON 1.0/1.1, REST-JSON).
    case json
}
