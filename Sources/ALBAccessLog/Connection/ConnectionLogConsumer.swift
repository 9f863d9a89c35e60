/// Receives the lines of one work unit of connection logs (a file, a segment of a file, or a stream).
///
/// As with ``AccessLogConsumer``, the scanner creates one consumer per unit, feeds it the unit's lines in
/// order, then merges the consumers **in input order** with ``merge(_:)``.
public protocol ConnectionLogConsumer: Sendable {
    /// Called once per line inside the time window. Throwing an ``AccessLogParseError`` (typically from
    /// ``ConnectionLogLine/record()``) marks the line as skipped, with that error as the reason.
    mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError)

    /// Folds in the consumer of the **next** unit in input order.
    mutating func merge(_ other: Self)
}

/// Counts connection records, optionally only failed connections. Every counted line is fully validated
/// (``ConnectionLogLine/record()``), so the count equals what `alb-doctor records` prints.
public struct ConnectionLogCounter: ConnectionLogConsumer {
    /// Count only connections whose `tls_verify_status` is `Failed:<code>`.
    public let failedOnly: Bool
    /// Matching records.
    public private(set) var count: Int = 0

    public init(failedOnly: Bool = false) {
        self.failedOnly = failedOnly
    }

    public mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
        if failedOnly {
            guard try line.tlsVerifyStatus?.failure != nil else { return }
        }
        _ = try line.record()
        count += 1
    }

    public mutating func merge(_ other: ConnectionLogCounter) {
        count += other.count
    }
}

/// Keeps every connection record, in input order. Connection logs have a line per client connection, so
/// memory grows with the input: aggregate in a consumer of your own (by `conn_trace_id`, by failure code)
/// for large ones.
public struct ConnectionLogCollector: ConnectionLogConsumer {
    /// The records read, in input order.
    public private(set) var records: [ConnectionLogRecord] = []

    public init() {}

    public mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
        records.append(try line.record())
    }

    public mutating func merge(_ other: ConnectionLogCollector) {
        records += other.records
    }
}

/// Connection log lines: a ``ConnectionLogLine`` per line, handed to a ``ConnectionLogConsumer``.
struct ConnectionLineProcessor<C: ConnectionLogConsumer>: LineProcessor {
    var consumer: C

    static var logType: ALBLogType? { .connection }

    mutating func process(
        _ line: UnsafeRawBufferPointer,
        lineNumber: Int,
        source: String,
        tokens: LineTokens,
        window: TimeWindow?,
        statistics: inout ParseStatistics
    ) {
        processConnectionLine(
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

/// Reads one connection log line into `consumer`: window, consume, statistics (a free function, so that the
/// processors that share it need no metadata of their own type per line).
func processConnectionLine<C: ConnectionLogConsumer>(
    _ bytes: UnsafeRawBufferPointer,
    into consumer: inout C,
    lineNumber: Int,
    source: String,
    tokens: LineTokens,
    window: TimeWindow?,
    statistics: inout ParseStatistics
) {
    let line = ConnectionLogLine(line: bytes, tokens: tokens, lineNumber: lineNumber, source: source)
    if let window {
        do {
            if !window.contains(try line.timestamp) {
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
        if lossy != 0 { statistics.recordLossyFields(lossy, fieldNames: ALBLogType.connection.fieldNames) }
        if tokens.status == LineTokens.complete && tokens.count > ConnectionLogField.knownCount {
            statistics.recordsWithUnknownFields += 1
        }
    } catch {
        statistics.recordSkippedLine(error)
    }
}
