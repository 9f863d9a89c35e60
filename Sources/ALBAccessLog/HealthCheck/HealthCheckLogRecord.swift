/// One ALB health-check log entry: the result of one health check of one target by one load balancer
/// node, every documented field typed.
///
/// `nil` means the field was logged as `-`, or the line was written before the field existed (AWS's example
/// lines end after `reason_code`). What a diagnosis joins on: ``time``, ``target`` (``Target/endpoint(_:)`` is
/// the access log's `target:port`), ``targetGroupName`` (the `<name>` in the access log's
/// `targetgroup/<name>/<id>` ARN), ``status`` and ``reasonCode``.
public struct HealthCheckLogRecord: Sendable, Hashable, Codable {
    /// `type`: how the check was made. AWS says to ignore values it does not list; they are kept in
    /// ``other(_:)``. Encodes to JSON as the text.
    public enum CheckType: Sendable, Hashable, Codable, CustomStringConvertible {
        /// `http`: HTTP.
        case http
        /// `https`: HTTP over TLS.
        case https
        /// `h2`: HTTP/2 over TLS.
        case h2
        /// `grpc`: gRPC.
        case grpc
        /// `lambda`: a Lambda function target.
        case lambda
        /// A value AWS does not document, verbatim.
        case other(String)

        /// The type as logged.
        public var name: String {
            switch self {
            case .http: "http"
            case .https: "https"
            case .h2: "h2"
            case .grpc: "grpc"
            case .lambda: "lambda"
            case .other(let name): name
            }
        }

        /// The type for its text.
        public init(name: String) {
            switch name {
            case "http": self = .http
            case "https": self = .https
            case "h2": self = .h2
            case "grpc": self = .grpc
            case "lambda": self = .lambda
            default: self = .other(name)
            }
        }

        /// Whether the check runs over TLS (`https`, `h2`): a `TimedOut` then includes a TLS handshake that
        /// did not complete.
        public var usesTLS: Bool { self == .https || self == .h2 }

        public var description: String { name }

        public init(from decoder: any Decoder) throws {
            self.init(name: try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(name)
        }
    }

    /// `status`: `PASS` or `FAIL`.
    public enum Status: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// `PASS`: the check succeeded.
        case pass = "PASS"
        /// `FAIL`: the check failed; ``HealthCheckLogRecord/reasonCode`` says why.
        case fail = "FAIL"

        public var description: String { rawValue }
    }

    /// `target_addr`: the target checked, `ip:port` for instance and IP targets or the function's ARN for a
    /// Lambda target. Encodes to JSON as the text (`10.0.1.17:8080`, `[2001:db8::1]:80`, `arn:aws:lambda:…`).
    public enum Target: Sendable, Hashable, Codable, CustomStringConvertible {
        /// An instance or IP target: the same `ip:port` the access log writes in `target:port`.
        case endpoint(AccessLogEndpoint)
        /// A Lambda target: the function's ARN (`arn:aws:lambda:<region>:<account>:function:<name>`).
        case lambda(arn: String)

        /// The endpoint of an instance or IP target (`nil` for Lambda).
        public var endpoint: AccessLogEndpoint? {
            if case .endpoint(let e) = self { return e }
            return nil
        }

        /// The function ARN of a Lambda target (`nil` for instance and IP targets).
        public var lambdaARN: String? {
            if case .lambda(let arn) = self { return arn }
            return nil
        }

        /// `ip:port` (brackets around IPv6) or the ARN.
        public var description: String {
            switch self {
            case .endpoint(let e): e.description
            case .lambda(let arn): arn
            }
        }

        /// Parses `ip:port`, `[ipv6]:port` or a Lambda ARN; `nil` for anything else.
        public init?(_ text: String) {
            if text.hasPrefix("arn:") {
                self = .lambda(arn: text)
                return
            }
            var text = text
            guard let e = text.withUTF8({ FieldDecoding.endpoint(UnsafeRawBufferPointer($0)) }) else { return nil }
            self = .endpoint(e)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let target = Target(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected ip:port or a Lambda function ARN, found \(text)"
                )
            }
            self = target
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    /// `type`.
    public var type: CheckType
    /// `time`: when the health check was initiated.
    public var time: LogTimestamp
    /// `latency`: the time the check took, exact to the nanosecond as logged (`0.019584011`).
    public var latency: Duration?
    /// `target_addr`.
    public var target: Target?
    /// `target_group_id`: despite its name, the target group's **name** (as in `targetgroup/<name>/<id>`).
    public var targetGroupName: String?
    /// `status`.
    public var status: Status
    /// `status_code`: the response code the target gave the check (HTTP status, or a gRPC code for gRPC
    /// checks); `nil` when there was no response.
    public var statusCode: Int?
    /// `reason_code`: why the check failed; `nil` for passed checks.
    public var reasonCode: HealthCheckReasonCode?
    /// `elb`: the load balancer's resource id (`app/<name>/<id>`); absent from 8-field lines.
    public var elb: String?
    /// `ip_address`: the IP address of the load balancer node that made the check; absent from 8-field lines.
    public var ipAddress: String?
    /// Fields after `ip_address`, verbatim (`-` kept as `-`): AWS appends new fields there, and writes a
    /// trailing `-` before releasing one.
    public var unknownFields: [String]
    /// Number of fields on the line (8 for AWS's example lines, 10 with `elb` and `ip_address`).
    public var fieldCount: Int

    /// A record from its fields (for tests and adapters; readers use ``HealthCheckLogLine/record()``).
    public init(
        type: CheckType,
        time: LogTimestamp,
        latency: Duration? = nil,
        target: Target? = nil,
        targetGroupName: String? = nil,
        status: Status,
        statusCode: Int? = nil,
        reasonCode: HealthCheckReasonCode? = nil,
        elb: String? = nil,
        ipAddress: String? = nil,
        unknownFields: [String] = [],
        fieldCount: Int = HealthCheckLogField.knownCount
    ) {
        self.type = type
        self.time = time
        self.latency = latency
        self.target = target
        self.targetGroupName = targetGroupName
        self.status = status
        self.statusCode = statusCode
        self.reasonCode = reasonCode
        self.elb = elb
        self.ipAddress = ipAddress
        self.unknownFields = unknownFields
        self.fieldCount = fieldCount
    }

    /// Whether the check passed.
    public var passed: Bool { status == .pass }

    /// Parses one line (without its line terminator).
    ///
    /// - Throws: ``AccessLogParseError`` naming the field (``AccessLogParseError/logField``), where it is on
    ///   the line and what was expected.
    public static func parse(
        line: String,
        source: String = "<line>",
        lineNumber: Int = 1
    ) throws(AccessLogParseError) -> HealthCheckLogRecord {
        var line = line
        let result: Result<HealthCheckLogRecord, AccessLogParseError> = line.withUTF8 { buf in
            Result(catching: { () throws(AccessLogParseError) -> HealthCheckLogRecord in
                let tokens = LineTokens()
                defer { tokens.deallocate() }
                var n = buf.count
                if n > 0, buf[n - 1] == UInt8(ascii: "\r") { n -= 1 }
                let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[0..<n])
                return try HealthCheckLogLine(line: bytes, tokens: tokens, lineNumber: lineNumber, source: source)
                    .record()
            })
        }
        return try result.get()
    }
}
