/// The part of the line engine that depends on the log type: it turns one line into a call of a consumer.
///
/// ``LineEngine`` frames lines (chunks, carry, `\r`, empty and over-long lines) and hands every other line
/// to its processor, which tokenizes it, applies the time window, calls the consumer and counts the
/// outcome in the statistics.
protocol LineProcessor: Sendable {
    associatedtype Consumer: Sendable
    /// The consumer fed so far.
    var consumer: Consumer { get }

    /// The log type read (`nil` when the processor learns it from the lines).
    static var logType: ALBLogType? { get }

    /// Processes one non-empty line of at most the engine's maximum length, without its terminator.
    mutating func process(
        _ line: UnsafeRawBufferPointer,
        lineNumber: Int,
        source: String,
        tokens: LineTokens,
        window: TimeWindow?,
        statistics: inout ParseStatistics
    )

    /// Folds the consumer of the next unit, in input order, into `merged`.
    static func merge(_ merged: inout Consumer, _ next: Consumer)
}

/// Access-log lines: an ``AccessLogRecord`` per line, handed to an ``AccessLogConsumer``.
struct AccessLineProcessor<C: AccessLogConsumer>: LineProcessor {
    var consumer: C

    static var logType: ALBLogType? { .access }

    @inline(__always)
    mutating func process(
        _ line: UnsafeRawBufferPointer,
        lineNumber: Int,
        source: String,
        tokens: LineTokens,
        window: TimeWindow?,
        statistics: inout ParseStatistics
    ) {
        processAccessLine(
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

/// Reads one access-log line into `consumer`: window, consume, statistics (a free function, so that the
/// processors that share it need no metadata of their own type per line).
@inline(__always)
func processAccessLine<C: AccessLogConsumer>(
    _ line: UnsafeRawBufferPointer,
    into consumer: inout C,
    lineNumber: Int,
    source: String,
    tokens: LineTokens,
    window: TimeWindow?,
    statistics: inout ParseStatistics
) {
    let record = AccessLogRecord(line: line, tokens: tokens, lineNumber: lineNumber, source: source)
    if let window {
        do {
            let t = try record.time
            if !window.contains(t) {
                statistics.linesOutsideWindow += 1
                return
            }
        } catch {
            statistics.recordSkippedLine(error)
            return
        }
    }
    do {
        try consumer.consume(record)
        statistics.linesParsed += 1
        let lossy = tokens.lossyFields
        if lossy != 0 { statistics.recordLossyFields(lossy) }
    } catch {
        statistics.recordSkippedLine(error)
    }
}
