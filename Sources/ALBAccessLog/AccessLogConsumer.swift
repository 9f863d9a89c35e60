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
/// Non-matching lines cost almost nothing: only fields up to `elb_status_code` are split and only the status
/// is decoded. Matching lines are fully validated (every field decoded, as ``AccessLogRecord/entry()``
/// does), so the count equals the number of records `alb-doctor records` would print; a matching line
/// with a problem further right is skipped and reported instead of counted.
public struct AccessLogCounter: AccessLogConsumer {
    /// Status codes to count; empty means every record.
    public let statusCodes: [Int]
    /// Matching records.
    public private(set) var count: Int = 0

    public init(statusCodes: [Int] = []) {
        self.statusCodes = statusCodes
    }

    public mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
        if !statusCodes.isEmpty {
            guard let code = try record.elbStatusCode, statusCodes.contains(code) else { return }
        }
        // A line of the common shape is valid without decoding it; any other is decoded (and may throw).
        if !record.isValidCommonShape() { _ = try record.entry() }
        count += 1
    }

    public mutating func merge(_ other: AccessLogCounter) {
        count += other.count
    }
}
