/// Push-based scanning of one stream whose bytes arrive in chunks (e.g. an S3 object being downloaded):
/// call ``feed(_:)`` for each chunk in order, then ``finish()``.
///
/// Gzip (including multi-member) is detected from the first two bytes and inflated with streaming zlib, so
/// memory stays bounded (≈ 1 MiB output buffer + the longest line) whatever the object size. Not
/// thread-safe: use one feeder per stream, from one task at a time. ``HealthCheckLogFeeder`` and
/// ``ConnectionLogFeeder`` do the same for the other two log types.
public final class AccessLogFeeder<C: AccessLogConsumer>: LogStreamFeeder {
    private let core: StreamFeeder<AccessLineProcessor<C>>

    /// - Parameters:
    ///   - source: the name used in errors (e.g. `s3://bucket/key`).
    ///   - window: records outside it are dropped.
    public init(
        source: String,
        window: TimeWindow? = nil,
        consumer: C,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration()
    ) {
        core = StreamFeeder(
            source: source,
            window: window,
            processor: AccessLineProcessor(consumer: consumer),
            configuration: configuration
        )
    }

    /// Feeds the next chunk of the stream.
    public func feed(_ chunk: UnsafeRawBufferPointer) { core.feed(chunk) }

    /// Feeds the next chunk of the stream.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { core.feed($0) }
    }

    /// Ends the stream and returns the consumer and statistics. Further feeds are ignored.
    public func finish() -> ScanResult<C> { core.finish() }
}

/// Push-based scanning of one health-check log stream (see ``AccessLogFeeder``).
public final class HealthCheckLogFeeder<C: HealthCheckLogConsumer>: LogStreamFeeder {
    private let core: StreamFeeder<HealthCheckLineProcessor<C>>

    /// - Parameters:
    ///   - source: the name used in errors (e.g. `s3://bucket/key`).
    ///   - window: records outside it are dropped.
    public init(
        source: String,
        window: TimeWindow? = nil,
        consumer: C,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration()
    ) {
        core = StreamFeeder(
            source: source,
            window: window,
            processor: HealthCheckLineProcessor(consumer: consumer),
            configuration: configuration
        )
    }

    /// Feeds the next chunk of the stream.
    public func feed(_ chunk: UnsafeRawBufferPointer) { core.feed(chunk) }

    /// Feeds the next chunk of the stream.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { core.feed($0) }
    }

    /// Ends the stream and returns the consumer and statistics. Further feeds are ignored.
    public func finish() -> ScanResult<C> { core.finish() }
}

/// Push-based scanning of one connection log stream (see ``AccessLogFeeder``).
public final class ConnectionLogFeeder<C: ConnectionLogConsumer>: LogStreamFeeder {
    private let core: StreamFeeder<ConnectionLineProcessor<C>>

    /// - Parameters:
    ///   - source: the name used in errors (e.g. `s3://bucket/key`).
    ///   - window: records outside it are dropped.
    public init(
        source: String,
        window: TimeWindow? = nil,
        consumer: C,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration()
    ) {
        core = StreamFeeder(
            source: source,
            window: window,
            processor: ConnectionLineProcessor(consumer: consumer),
            configuration: configuration
        )
    }

    /// Feeds the next chunk of the stream.
    public func feed(_ chunk: UnsafeRawBufferPointer) { core.feed(chunk) }

    /// Feeds the next chunk of the stream.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { core.feed($0) }
    }

    /// Ends the stream and returns the consumer and statistics. Further feeds are ignored.
    public func finish() -> ScanResult<C> { core.finish() }
}

/// The feeders' shared core: gzip sniffing and inflation in front of a ``LineEngine``.
final class StreamFeeder<P: LineProcessor> {
    private let engine: LineEngine<P>
    private var inflater: ZlibInflater?
    private var sniffed = false
    private var pending: [UInt8] = []
    private var finished = false

    init(source: String, window: TimeWindow?, processor: P, configuration: AccessLogScanner.Configuration) {
        engine = LineEngine(
            processor: processor,
            source: source,
            window: window,
            maxLineLength: configuration.maxLineLength,
            maximumErrors: configuration.maximumErrors
        )
        engine.statistics.sourcesRead = 1
    }

    func feed(_ chunk: UnsafeRawBufferPointer) {
        guard !finished, chunk.count > 0 else { return }
        if !sniffed {
            if pending.isEmpty && chunk.count >= 2 {
                start(isGzip: chunk[0] == 0x1F && chunk[1] == 0x8B)
            } else {
                pending.append(contentsOf: chunk)
                guard pending.count >= 2 else { return }
                start(isGzip: pending[0] == 0x1F && pending[1] == 0x8B)
                let held = pending
                pending = []
                held.withUnsafeBytes { route($0) }
                return
            }
        }
        route(chunk)
    }

    private func start(isGzip: Bool) {
        sniffed = true
        if isGzip { inflater = engine.scratch.makeInflater() }
    }

    private func route(_ chunk: UnsafeRawBufferPointer) {
        guard let inflater else {
            engine.feed(chunk)
            return
        }
        guard !inflater.failed else { return }
        do {
            try inflater.push(chunk) { engine.feed($0) }
        } catch {
            FileReader.report(error, engine: engine, base: 0)
        }
    }

    func finish() -> ScanResult<P.Consumer> {
        if !finished {
            finished = true
            if !sniffed && !pending.isEmpty {
                sniffed = true
                pending.withUnsafeBytes { engine.feed($0) }
            }
            if let inflater {
                do {
                    try inflater.finish()
                } catch {
                    FileReader.report(error, engine: engine, base: 0)
                }
            }
            engine.finish()
        }
        return ScanResult(consumer: engine.consumer, statistics: engine.statistics)
    }
}
