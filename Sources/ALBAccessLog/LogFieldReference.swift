/// A field of a health-check or connection log line, as an ``AccessLogParseError`` names it (access-log
/// errors name their field with ``AccessLogField``).
public struct LogFieldReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The log the line belongs to.
    public var logType: ALBLogType
    /// The 0-based position of the field on the line.
    public var position: Int
    /// The field's name in the AWS documentation (`status_code`, `tls_verify_status`), `unknown` for a field
    /// after the known ones.
    public var awsName: String

    /// A reference to the field at `position` of a `logType` line.
    public init(logType: ALBLogType, position: Int, awsName: String) {
        self.logType = logType
        self.position = position
        self.awsName = awsName
    }

    /// The field's AWS name.
    public var description: String { awsName }

    /// The field before this one, when it is a known field of the same log.
    var previous: LogFieldReference? {
        guard position > 0 else { return nil }
        let names = logType.fieldNames
        guard position - 1 < names.count else { return nil }
        return LogFieldReference(logType: logType, position: position - 1, awsName: names[position - 1])
    }
}
