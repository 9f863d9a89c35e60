/// Health-check and connection logs: the same sources, readers, gzip paths, parallelism and statistics as
/// access logs, with their own line types and consumers.
extension AccessLogScanner {
    /// Scans health-check logs in parallel (as ``scan(sources:window:makeConsumer:)`` does access logs):
    /// files named as sources and stdin are read whatever their names; in directories, the
    /// `health_check_log_…` objects (the rest is counted in ``ParseStatistics/sourcesIgnored``).
    ///
    /// - Throws: ``LogSourceError`` if a path does not exist or a directory cannot be listed. Problems
    ///   inside files never throw: they are counted in the statistics.
    public func scanHealthCheckLogs<C: HealthCheckLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        makeConsumer: @escaping @Sendable () -> C
    ) async throws(LogSourceError) -> ScanResult<C> {
        try await scan(sources: sources, window: window, type: .healthCheck) {
            HealthCheckLineProcessor(consumer: makeConsumer())
        }
    }

    /// Scans connection logs in parallel: files named as sources and stdin whatever their names; in
    /// directories, the `conn_log_…` objects.
    ///
    /// - Throws: ``LogSourceError`` if a path does not exist or a directory cannot be listed.
    public func scanConnectionLogs<C: ConnectionLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        makeConsumer: @escaping @Sendable () -> C
    ) async throws(LogSourceError) -> ScanResult<C> {
        try await scan(sources: sources, window: window, type: .connection) {
            ConnectionLineProcessor(consumer: makeConsumer())
        }
    }

    /// Scans health-check logs on the calling thread, in order, into one consumer.
    public func scanHealthCheckLogsSequentially<C: HealthCheckLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        consumer: C
    ) throws(LogSourceError) -> ScanResult<C> {
        let (processor, statistics) = try readSequentially(
            sources,
            window: window,
            type: .healthCheck,
            processor: HealthCheckLineProcessor(consumer: consumer)
        )
        return ScanResult(consumer: processor.consumer, statistics: statistics)
    }

    /// Scans connection logs on the calling thread, in order, into one consumer.
    public func scanConnectionLogsSequentially<C: ConnectionLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        consumer: C
    ) throws(LogSourceError) -> ScanResult<C> {
        let (processor, statistics) = try readSequentially(
            sources,
            window: window,
            type: .connection,
            processor: ConnectionLineProcessor(consumer: consumer)
        )
        return ScanResult(consumer: processor.consumer, statistics: statistics)
    }

    /// Scans logs of one type on the calling thread, in order, into a consumer of all three types: `logType`,
    /// or when `nil` the type ``ALBLogType/of(_:)`` finds in the sources' names and first lines, or, when
    /// they tell nothing (stdin), the shape of the first non-empty line read (access logs when it looks like
    /// none). ``ParseStatistics/logType`` says which type was read.
    ///
    /// - Throws: ``LogSourceError`` if a path does not exist, a directory cannot be listed, or (with
    ///   `logType` nil) the sources hold more than one log type.
    public func scanSequentially<C: AccessLogConsumer & HealthCheckLogConsumer & ConnectionLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        logType: ALBLogType?,
        consumer: C
    ) throws(LogSourceError) -> ScanResult<C> {
        var type = logType
        if type == nil { type = try ALBLogType.of(sources) }
        let (processor, statistics) = try readSequentially(
            sources,
            window: window,
            type: type ?? .access,
            processor: AnyTypeLineProcessor(consumer: consumer, type: type)
        )
        return ScanResult(consumer: processor.consumer, statistics: statistics)
    }

    func readSequentially<P: LineProcessor>(
        _ sources: [LogSource],
        window: TimeWindow?,
        type: ALBLogType,
        processor: P
    ) throws(LogSourceError) -> (P, ParseStatistics) {
        let plan = try SourcePlan.make(sources, window: window, type: type)
        var statistics = ParseStatistics(maximumErrors: configuration.maximumErrors)
        statistics.logType = P.logType ?? type
        statistics.sourcesPrunedByWindow = plan.prunedByWindow
        statistics.sourcesIgnored = plan.ignored
        var processor = processor
        for unit in plan.units {
            processor = read(unit, window: window, processor: processor, statistics: &statistics)
        }
        return (processor, statistics)
    }
}

/// Lines of any log type, for one consumer of all three: the type given, or learnt from the first
/// non-empty line (``ALBLogType/detect(line:)-(UnsafeRawBufferPointer)``; access logs when it looks like
/// none) and kept for every later line and unit.
struct AnyTypeLineProcessor<C: AccessLogConsumer & HealthCheckLogConsumer & ConnectionLogConsumer>: LineProcessor {
    var consumer: C
    var type: ALBLogType?

    static var logType: ALBLogType? { nil }

    mutating func process(
        _ line: UnsafeRawBufferPointer,
        lineNumber: Int,
        source: String,
        tokens: LineTokens,
        window: TimeWindow?,
        statistics: inout ParseStatistics
    ) {
        let current: ALBLogType
        if let type {
            current = type
        } else {
            current = ALBLogType.detect(line: line) ?? .access
            type = current
        }
        statistics.logType = current
        switch current {
        case .access:
            processAccessLine(
                line,
                into: &consumer,
                lineNumber: lineNumber,
                source: source,
                tokens: tokens,
                window: window,
                statistics: &statistics
            )
        case .healthCheck:
            processHealthCheckLine(
                line,
                into: &consumer,
                lineNumber: lineNumber,
                source: source,
                tokens: tokens,
                window: window,
                statistics: &statistics
            )
        case .connection:
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
    }

    static func merge(_ merged: inout C, _ next: C) { merged.merge(next) }
}
