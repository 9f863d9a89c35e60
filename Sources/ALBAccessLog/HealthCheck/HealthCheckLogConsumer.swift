/// Receives the lines of one work unit of health-check logs (a file, a segment of a file, or a stream).
///
/// As with ``AccessLogConsumer``, the scanner creates one consumer per unit, feeds it the unit's lines in
/// order, then merges the consumers **in input order** with ``merge(_:)``.
public protocol HealthCheckLogConsumer: Sendable {
    /// Called once per line inside the time window. Throwing an ``AccessLogParseError`` (typically from
    /// ``HealthCheckLogLine/record()``) marks the line as skipped, with that error as the reason.
    mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError)

    /// Folds in the consumer of the **next** unit in input order.
    mutating func merge(_ other: Self)
}

/// Counts health-check records, optionally only those with given `status_code` values. Every counted line
/// is fully validated (``HealthCheckLogLine/record()``), so the count equals what `alb-doctor records` prints.
public struct HealthCheckLogCounter: HealthCheckLogConsumer {
    /// Status codes to count; empty means every record.
    public let statusCodes: [Int]
    /// Matching records.
    public private(set) var count: Int = 0

    public init(statusCodes: [Int] = []) {
        self.statusCodes = statusCodes
    }

    public mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
        if !statusCodes.isEmpty {
            guard let code = try line.statusCode, statusCodes.contains(code) else { return }
        }
        _ = try line.record()
        count += 1
    }

    public mutating func merge(_ other: HealthCheckLogCounter) {
        count += other.count
    }
}

/// Keeps every health-check record, in input order. Health-check logs are small (one line per target, node
/// and interval), but memory grows with the input: aggregate in a consumer of your own for large ones.
public struct HealthCheckLogCollector: HealthCheckLogConsumer {
    /// The records read, in input order.
    public private(set) var records: [HealthCheckLogRecord] = []

    public init() {}

    public mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
        records.append(try line.record())
    }

    public mutating func merge(_ other: HealthCheckLogCollector) {
        records += other.records
    }
}

/// Health-check log lines: a ``HealthCheckLogLine`` per line, handed to a ``HealthCheckLogConsumer``.
struct HealthCheckLineProcessor<C: HealthCheckLogConsumer>: LineProcessor {
    var consumer: C

    static var logType: ALBLogType? { .healthCheck }

    mutating func process(
        _ line: UnsafeRawBufferPointer,
        lineNumber: Int,
        source: String,
        tokens: LineTokens,
        window: TimeWindow?,
        statistics: inout ParseStatistics
    ) {
        processHealthCheckLine(
            line,
            into: &consumer,
            lineNumber: lineNumber,
            source: source,
            tokens: tokens,
            window: window,
            statistics: &statistics
        )
    }

    static func merge(_ merged: inout C, _ next: C) { merged.merge(next) }
}

/// Reads one health-check log line into `consumer`: window, consume, statistics (a free function, so that the
/// processors that share it need no metadata of their own type per line).
func processHealthCheckLine<C: HealthCheckLogConsumer>(
    _ bytes: UnsafeRawBufferPointer,
    into consumer: inout C,
    lineNumber: Int,
    source: String,
    tokens: LineTokens,
    window: TimeWindow?,
    statistics: inout ParseStatistics
) {
    let line = HealthCheckLogLine(line: bytes, tokens: tokens, lineNumber: lineNumber, source: source)
    if let window {
        do {
            if !window.contains(try line.time) {
                statistics.linesOutsideWindow += 1
                return
            }
        } catch {
            statistics.recordSkippedLine(error)
            return
        }
    }
    do {
        try consumer.consume(line)
        statistics.linesParsed += 1
        let lossy = tokens.lossyFields
        if lossy != 0 { statistics.recordLossyFields(lossy, fieldNames: ALBLogType.healthCheck.fieldNames) }
        if tokens.status == LineTokens.complete && tokens.count > HealthCheckLogField.knownCount {
            statistics.recordsWithUnknownFields += 1
        }
    } catch {
        statistics.recordSkippedLine(error)
    }
}
