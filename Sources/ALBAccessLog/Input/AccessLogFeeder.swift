/// Push-based scanning of one stream whose bytes arrive in chunks (e.g. an S3 object being downloaded):
/// call ``feed(_:)`` for each chunk in order, then ``finish()``.
///
/// Gzip (including multi-member) is detected from the first two bytes and inflated with streaming zlib, so
/// memory stays bounded (≈ 1 MiB output buffer + the longest line) whatever the object size. Not
/// thread-safe: use one feeder per stream, from one task at a time.
public final class AccessLogFeeder<C: AccessLogConsumer> {
    private let engine: LineEngine<C>
    private var inflater: ZlibInflater?
    private var sniffed = false
    private var pending: [UInt8] = []
    private var finished = false
    private var compressedBytes = 0

    /// - Parameters:
    ///   - source: the name used in errors (e.g. `s3://bucket/key`).
    ///   - window: records outside it are dropped.
    public init(
        source: String,
        window: TimeWindow? = nil,
        consumer: C,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration()
    ) {
        engine = LineEngine(
            consumer: consumer,
            source: source,
            window: window,
            maxLineLength: configuration.maxLineLength,
            maximumErrors: configuration.maximumErrors
        )
        engine.statistics.sourcesRead = 1
    }

    /// Feeds the next chunk of the stream.
    public func feed(_ chunk: UnsafeRawBufferPointer) {
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

    /// Feeds the next chunk of the stream.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
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

    /// Ends the stream and returns the consumer and statistics. Further feeds are ignored.
    public func finish() -> ScanResult<C> {
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
