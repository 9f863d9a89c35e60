/// Receives the records of one work unit (a file, a segment of a file, or a stream).
///
/// The scanner creates one consumer per unit from a factory, feeds it the unit's records in line order,
/// then merges the consumers **in input order** with ``merge(_:)``, so results are deterministic however
/// the work was spread across cores.
public protocol AccessLogConsumer: Sendable {
    /// Called once per well-formed line inside the time window. Throwing an ``AccessLogParseError``
    /// (typically from a record accessor) marks the line as skipped, with that error as the reason.
    mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError)

    /// Folds in the consumer of the **next** unit in input order.
    mutating func merge(_ other: Self)
}

/// A consumer that counts records, optionally only those with given `elb_status_code` values.
///
/// It reads only the status field: a line whose other fields are bad but structurally delimited is
/// still counted.
public struct AccessLogCounter: AccessLogConsumer {
    /// Status codes to count; empty means every record.
    public let statusCodes: [Int]
    /// Matching records.
    public private(set) var count: Int = 0

    public init(statusCodes: [Int] = []) {
        self.statusCodes = statusCodes
    }

    public mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
        if statusCodes.isEmpty {
            count += 1
            return
        }
        if let code = try record.elbStatusCode, statusCodes.contains(code) { count += 1 }
    }

    public mutating func merge(_ other: AccessLogCounter) {
        count += other.count
    }
}
