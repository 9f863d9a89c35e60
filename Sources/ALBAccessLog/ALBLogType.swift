/// The three kinds of log an Application Load Balancer writes to S3, all in the same bucket and folder
/// layout (`AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/`).
public enum ALBLogType: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Access logs: one line per request (`<account>_elasticloadbalancing_<region>_app.…` objects).
    case access
    /// Health-check logs: one line per health check of a target (`health_check_log_…` objects).
    case healthCheck = "health-check"
    /// Connection logs: one line per client connection attempt (`conn_log_…` objects).
    case connection

    /// `access`, `health-check` or `connection` (the `--log-type` values).
    public var description: String { rawValue }

    /// `access log`, `health-check log`, `connection log`.
    public var displayName: String {
        switch self {
        case .access: "access log"
        case .healthCheck: "health-check log"
        case .connection: "connection log"
        }
    }

    /// The prefix of this type's S3 object names (`nil` for access logs, whose names have none).
    public var objectNamePrefix: String? {
        switch self {
        case .access: nil
        case .healthCheck: "health_check_log_"
        case .connection: "conn_log_"
        }
    }

    /// The AWS names of this type's known fields, in line order.
    public var fieldNames: [String] {
        switch self {
        case .access: AccessLogField.allCases.map(\.awsName)
        case .healthCheck: HealthCheckLogField.allCases.map(\.awsName)
        case .connection: ConnectionLogField.allCases.map(\.awsName)
        }
    }

    /// The log type a line's shape shows, or `nil` when it looks like none of them (a garbage line).
    ///
    /// Reads only the first three space-separated fields:
    /// - a connection log starts with its timestamp (`2023-10-04T17:05:15.514108Z 203.0.113.1 36280 …`);
    /// - a health-check log has a check type, a timestamp and a latency in seconds or `-`
    ///   (`http 2025-10-31T12:44:59.875678Z 0.019584011 …`), or the types only health checks have (`grpc`,
    ///   `lambda`) before a timestamp;
    /// - an access log has a connection type, a timestamp and the load balancer id
    ///   (`http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 …`).
    ///
    /// A line with a broken third field is none of them (`nil`): readers that learn the type from the line
    /// read it as an access log, as they always did.
    public static func detect(line: UnsafeRawBufferPointer) -> ALBLogType? {
        var fields: [UnsafeRawBufferPointer] = []
        fields.reserveCapacity(3)
        var start = 0
        var i = 0
        while i <= line.count && fields.count < 3 {
            if i == line.count || line[i] == UInt8(ascii: " ") {
                fields.append(UnsafeRawBufferPointer(rebasing: line[start..<i]))
                start = i + 1
            }
            i += 1
        }
        guard let first = fields.first else { return nil }
        if LogTimestamp.parse(first) != nil { return .connection }
        guard fields.count >= 3, LogTimestamp.parse(fields[1]) != nil else { return nil }
        let type = String(decoding: first, as: UTF8.self)
        if type == "grpc" || type == "lambda" { return .healthCheck }
        let third = fields[2]
        if (third.count == 1 && third[0] == UInt8(ascii: "-")) || FieldDecoding.decimal(third) != nil {
            return .healthCheck
        }
        if third.starts(with: "app/".utf8), ["http", "https", "h2", "grpcs", "ws", "wss"].contains(type) {
            return .access
        }
        return nil
    }

    /// The log type a line's shape shows (see ``detect(line:)-(UnsafeRawBufferPointer)``).
    public static func detect(line: String) -> ALBLogType? {
        var line = line
        return line.withUTF8 { detect(line: UnsafeRawBufferPointer($0)) }
    }
}
