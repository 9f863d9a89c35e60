import ALBAccessLog

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `alb-doctor records`: print (or count) the parsed records of access, health-check or connection logs.
public struct RecordsQuery: Sendable {
    public var input: InputSelection
    /// The log type to read (default: from the object names, else the first line's shape).
    public var logType: RecordsLogType
    /// Only records whose `elb_status_code` (access logs) or `status_code` (health-check logs) is one of
    /// these (empty: all). Connection logs have no status code.
    public var statusCodes: [Int]
    public var format: RecordsFormat
    /// Print only the number of matching records.
    public var countOnly: Bool
    public var scannerConfiguration: AccessLogScanner.Configuration

    public init(
        input: InputSelection,
        statusCodes: [Int] = [],
        format: RecordsFormat = .jsonl,
        countOnly: Bool = false,
        logType: RecordsLogType = .auto,
        scannerConfiguration: AccessLogScanner.Configuration = .init()
    ) {
        self.input = input
        self.logType = logType
        self.statusCodes = statusCodes
        self.format = format
        self.countOnly = countOnly
        self.scannerConfiguration = scannerConfiguration
    }

    /// What happened.
    public struct Outcome: Sendable {
        /// Records printed or counted.
        public var matched: Int
        /// What was read, and which log type (``ParseStatistics/logType``).
        public var statistics: ParseStatistics
        /// Exit status: 0 = everything read, 3 = some lines or files skipped (see stderr).
        public var exitCode: Int32 { statistics.hasProblems ? RecordsQuery.exitCodeSkipped : 0 }
    }

    /// Exit status when the output is complete for every readable record but some input was skipped.
    public static let exitCodeSkipped: Int32 = 3

    /// Runs the query, writing records (or the count) to stdout and the summary and errors to stderr.
    public func run(now: LogTimestamp = .now()) async throws -> Outcome {
        let window = try input.window(now: now)
        let sources = input.sources
        var type = logType.logType
        if type == nil { type = try ALBLogType.of(sources) }
        if type == .connection && !statusCodes.isEmpty { throw RecordsQueryError.statusFilterOnConnectionLogs }
        // Without a type from names or first lines, stdin shows it in its first line: read it in order.
        let streamed = type == nil && sources.contains(.standardInput)
        let outcome: Outcome
        if countOnly && (type == .healthCheck || type == .connection || streamed) {
            outcome = try await count(sources, window: window, type: type)
        } else if countOnly {
            let codes = statusCodes
            let result = try await AccessLogScanner(configuration: scannerConfiguration).scan(
                sources: sources,
                window: window
            ) { AccessLogCounter(statusCodes: codes) }
            let sink = OutputSink()
            sink.append("\(result.consumer.count)\n")
            sink.flush()
            outcome = Outcome(matched: result.consumer.count, statistics: result.statistics)
        } else if !streamed && (type ?? .access) == .access && scannerConfiguration.parallelism > 1 {
            outcome = try await printInParallel(sources, window: window)
        } else {
            let sink = OutputSink()
            if format == .tsv && !streamed { sink.append(RecordsPrinter.tsvHeader(for: type ?? .access)) }
            var printer = RecordsPrinter(sink: sink, statusCodes: statusCodes, format: format)
            printer.headerPending = streamed
            let result = try AccessLogScanner(configuration: scannerConfiguration).scanSequentially(
                sources: sources,
                window: window,
                logType: streamed ? nil : type ?? .access,
                consumer: printer
            )
            if result.consumer.headerPending && format == .tsv {
                sink.append(RecordsPrinter.tsvHeader(for: result.statistics.logType))
            }
            sink.flush()
            outcome = Outcome(matched: result.consumer.written, statistics: result.statistics)
        }
        if streamed && outcome.statistics.logType == .connection && !statusCodes.isEmpty {
            let err = OutputSink(fd: 2)
            err.append("alb-doctor: connection logs have no status code; --status matched nothing\n")
            err.flush()
        }
        RecordsQuery.reportToStandardError(outcome.statistics)
        return outcome
    }

    /// Prints access-log records on every core: each work unit (a file, or a segment of a large file) is
    /// printed into memory, and the units are written out in input order as they are merged — the same bytes
    /// as printing in order. Segments are kept small (``printSegmentSize``) so that what waits in memory stays
    /// small: about one unit per core.
    private func printInParallel(_ sources: [LogSource], window: TimeWindow?) async throws -> Outcome {
        let out = OutputSink()
        if format == .tsv { out.append(RecordsPrinter.tsvHeader(for: .access)) }
        var configuration = scannerConfiguration
        configuration.segmentSize = min(configuration.segmentSize, Self.printSegmentSize)
        let (codes, format) = (statusCodes, format)
        let result = try await AccessLogScanner(configuration: configuration).scan(sources: sources, window: window) {
            var printer = RecordsPrinter(sink: OutputSink(fd: nil), statusCodes: codes, format: format)
            printer.forward = out
            return printer
        }
        out.flush()
        return Outcome(matched: result.consumer.written, statistics: result.statistics)
    }

    /// The segment size of a large plain file printed in parallel: its JSON waits in memory until the segments
    /// before it are written.
    static let printSegmentSize = 4 << 20

    /// Counts health-check or connection records in parallel, or records of a type the stream shows in order.
    private func count(_ sources: [LogSource], window: TimeWindow?, type: ALBLogType?) async throws -> Outcome {
        let scanner = AccessLogScanner(configuration: scannerConfiguration)
        let codes = statusCodes
        let matched: Int
        let statistics: ParseStatistics
        switch type {
        case .healthCheck?:
            let result = try await scanner.scanHealthCheckLogs(sources: sources, window: window) {
                HealthCheckLogCounter(statusCodes: codes)
            }
            (matched, statistics) = (result.consumer.count, result.statistics)
        case .connection?:
            let result = try await scanner.scanConnectionLogs(sources: sources, window: window) {
                ConnectionLogCounter()
            }
            (matched, statistics) = (result.consumer.count, result.statistics)
        default:
            let result = try scanner.scanSequentially(
                sources: sources,
                window: window,
                logType: type,
                consumer: AnyLogCounter(statusCodes: codes)
            )
            (matched, statistics) = (result.consumer.count, result.statistics)
        }
        let sink = OutputSink()
        sink.append("\(matched)\n")
        sink.flush()
        return Outcome(matched: matched, statistics: statistics)
    }

    /// Writes the errors (first N) and the summary to stderr.
    static func reportToStandardError(_ statistics: ParseStatistics) {
        let err = OutputSink(fd: 2)
        for e in statistics.errors { err.append("\(e)\n") }
        if statistics.errorsNotKept > 0 { err.append("… and \(statistics.errorsNotKept) more errors\n") }
        err.append("alb-doctor: \(statistics.summary)\n")
        err.flush()
    }
}

/// A `records` request that cannot be answered.
public enum RecordsQueryError: Error, Sendable, CustomStringConvertible {
    /// `--status` asked of connection logs, which have no status code.
    case statusFilterOnConnectionLogs

    public var description: String {
        switch self {
        case .statusFilterOnConnectionLogs:
            "connection logs have no status code: --status filters access logs (elb_status_code) and health-check logs (status_code)"
        }
    }
}

/// Counts records of whichever log type a stream shows (`records --count -`).
struct AnyLogCounter: AccessLogConsumer, HealthCheckLogConsumer, ConnectionLogConsumer {
    var access: AccessLogCounter
    var healthCheck: HealthCheckLogCounter
    var connection = ConnectionLogCounter()
    let filtered: Bool

    init(statusCodes: [Int]) {
        access = AccessLogCounter(statusCodes: statusCodes)
        healthCheck = HealthCheckLogCounter(statusCodes: statusCodes)
        filtered = !statusCodes.isEmpty
    }

    /// Matching records (connection logs match nothing under a status filter).
    var count: Int { access.count + healthCheck.count + (filtered ? 0 : connection.count) }

    mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) { try access.consume(record) }
    mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) { try healthCheck.consume(line) }
    mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) { try connection.consume(line) }

    mutating func merge(_ other: AnyLogCounter) {
        access.merge(other.access)
        healthCheck.merge(other.healthCheck)
        connection.merge(other.connection)
    }
}
