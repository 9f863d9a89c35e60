import ALBAccessLog

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `alb-doctor records`: print (or count) the parsed records of access logs.
public struct RecordsQuery: Sendable {
    public var input: InputSelection
    /// Only records whose `elb_status_code` is one of these (empty: all).
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
        scannerConfiguration: AccessLogScanner.Configuration = .init()
    ) {
        self.input = input
        self.statusCodes = statusCodes
        self.format = format
        self.countOnly = countOnly
        self.scannerConfiguration = scannerConfiguration
    }

    /// What happened.
    public struct Outcome: Sendable {
        /// Records printed or counted.
        public var matched: Int
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
        let outcome: Outcome
        if countOnly {
            let codes = statusCodes
            let result = try await AccessLogScanner(configuration: scannerConfiguration).scan(
                sources: sources,
                window: window
            ) { AccessLogCounter(statusCodes: codes) }
            let sink = OutputSink()
            sink.append("\(result.consumer.count)\n")
            sink.flush()
            outcome = Outcome(matched: result.consumer.count, statistics: result.statistics)
        } else {
            let sink = OutputSink()
            if format == .tsv { sink.append(RecordsPrinter.tsvHeader) }
            let printer = RecordsPrinter(sink: sink, statusCodes: statusCodes, format: format)
            let result = try AccessLogScanner(configuration: scannerConfiguration).scanSequentially(
                sources: sources,
                window: window,
                consumer: printer
            )
            sink.flush()
            outcome = Outcome(matched: result.consumer.written, statistics: result.statistics)
        }
        RecordsQuery.reportToStandardError(outcome.statistics)
        return outcome
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
