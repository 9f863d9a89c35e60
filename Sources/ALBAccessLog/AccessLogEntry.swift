/// One ALB access-log entry, every documented field in line order.
///
/// `nil` means the field was logged as `-` (or `"-"`), or the line was written before the field existed.
/// `-1` values (processing times, `matched_rule_priority`) are kept as `-1`: they mean "the load balancer
/// could not dispatch the request" / "error during rule evaluation", never zero.
public struct AccessLogEntry: Sendable, Hashable, Codable {
    /// `http`, `https`, `h2`, `grpcs`, `ws`, `wss` (other values are kept verbatim).
    public var type: String
    /// When the load balancer generated the response (WebSockets: when the connection closed).
    public var time: LogTimestamp
    /// Load balancer resource id, `app/<name>/<id>`.
    public var elb: String
    /// `client:port`.
    public var client: AccessLogEndpoint?
    /// `target:port`; `nil` when no target was dispatched to (malformed request, Lambda, WAF block).
    public var target: AccessLogEndpoint?
    /// Seconds; `-1` if the load balancer could not dispatch the request.
    public var requestProcessingTime: Double?
    /// Seconds; `-1` if the load balancer could not dispatch the request or the target did not answer.
    public var targetProcessingTime: Double?
    /// Seconds; `-1` if the load balancer could not send the request to a target.
    public var responseProcessingTime: Double?
    public var elbStatusCode: Int?
    /// `nil` unless a connection to the target was established and the target sent a response.
    public var targetStatusCode: Int?
    public var receivedBytes: Int64?
    public var sentBytes: Int64?
    public var request: AccessLogRequest?
    public var userAgent: String?
    public var sslCipher: String?
    public var sslProtocol: String?
    public var targetGroupARN: String?
    public var traceID: String?
    public var domainName: String?
    public var chosenCertARN: String?
    /// 1–50000 for a rule, 0 for the default action, `-1` for an error during rule evaluation.
    public var matchedRulePriority: Int?
    public var requestCreationTime: LogTimestamp?
    /// Comma-separated action list as logged (`"authenticate,forward"`); see ``actions``.
    public var actionsExecuted: String?
    public var redirectURL: String?
    public var errorReason: String?
    public var targetPortList: [AccessLogEndpoint]?
    public var targetStatusCodeList: [Int]?
    public var classification: String?
    public var classificationReason: String?
    public var connTraceID: String?
    public var transformedHost: String?
    public var transformedURI: String?
    public var requestTransformStatus: String?
    /// Fields after `request_transform_status`, verbatim (quotes removed).
    public var unknownFields: [String]
    /// Number of fields on the line (18 for the oldest lines, 33 or more for current ones).
    public var fieldCount: Int
    /// The line exactly as read (without the line terminator); invalid UTF-8 is never stored here
    /// because such lines fail to materialise.
    public var rawLine: String

    public init(type: String, time: LogTimestamp, elb: String, rawLine: String = "", fieldCount: Int = 3) {
        self.type = type
        self.time = time
        self.elb = elb
        self.unknownFields = []
        self.rawLine = rawLine
        self.fieldCount = fieldCount
    }

    /// The executed actions, split at commas (empty if none).
    public var actions: [String] {
        guard let actionsExecuted else { return [] }
        return actionsExecuted.split(separator: ",").map(String.init)
    }

    /// Parses one line (without its line terminator).
    ///
    /// - Throws: ``AccessLogParseError`` naming the field and what was expected; its `partialEntry`
    ///   holds the fields before the bad one.
    public static func parse(
        line: String,
        source: String = "<line>",
        lineNumber: Int = 1
    ) throws(AccessLogParseError) -> AccessLogEntry {
        var line = line
        let result: Result<AccessLogEntry, AccessLogParseError> = line.withUTF8 { buf in
            do throws(AccessLogParseError) {
                return .success(try parse(bytes: UnsafeRawBufferPointer(buf), source: source, lineNumber: lineNumber))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one line given as bytes (without its line terminator).
    public static func parse(
        bytes: UnsafeRawBufferPointer,
        source: String = "<line>",
        lineNumber: Int = 1
    ) throws(AccessLogParseError) -> AccessLogEntry {
        let tokens = LineTokens()
        defer { tokens.deallocate() }
        var n = bytes.count
        if n > 0, bytes[n - 1] == UInt8(ascii: "\r") { n -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
        let record = AccessLogRecord(line: line, tokens: tokens, lineNumber: lineNumber, source: source)
        return try record.entry()
    }
}
