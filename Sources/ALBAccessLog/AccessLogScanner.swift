#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result of a scan: the merged consumer and what was read or skipped.
public struct ScanResult<C: Sendable>: Sendable {
    /// All units' consumers merged in input order.
    public var consumer: C
    public var statistics: ParseStatistics

    public init(consumer: C, statistics: ParseStatistics) {
        self.consumer = consumer
        self.statistics = statistics
    }
}

/// Reads access logs from files, gzip files, directories and stdin, on all cores, and feeds every
/// well-formed record to consumers.
///
/// ```swift
/// let scanner = AccessLogScanner()
/// let result = try await scanner.scan(sources: [.path("logs/")], window: nil) {
///     AccessLogCounter(statusCodes: [502])
/// }
/// print(result.consumer.count, result.statistics.summary)
/// ```
public struct AccessLogScanner: Sendable {
    /// Tuning knobs; the defaults keep peak memory well under 64 MB with two workers.
    public struct Configuration: Sendable, Hashable {
        /// How gzip is inflated.
        public enum GzipBackend: Sendable, Hashable {
            /// libdeflate for moderate whole members when it can be loaded, zlib otherwise.
            case automatic
            /// Always stream with zlib.
            case zlib
        }

        /// Files processed at the same time (default: online processors).
        public var parallelism: Int
        /// Read block size (default 1 MiB).
        public var blockSize: Int = 1 << 20
        /// Longer lines are reported (`line-too-long`) and skipped without being buffered (default 256 KiB).
        public var maxLineLength: Int = 256 << 10
        public var gzipBackend: GzipBackend = .automatic
        /// Largest gzip member (uncompressed, from the trailer's ISIZE) inflated whole with libdeflate.
        public var wholeMemberLimit: Int = 24 << 20
        /// Largest compressed file read whole for libdeflate; larger files stream through zlib.
        public var wholeFileLimit: Int = 24 << 20
        /// Memory for libdeflate's whole-file and whole-member buffers, shared by all workers of the process:
        /// a file whose buffers do not fit what the other workers hold streams through zlib instead (about
        /// 2 MiB), so peak memory stays bounded whatever the file sizes.
        public var wholeGzipMemoryBudget: Int = 28 << 20
        /// Plain files larger than this are split into line-aligned segments scanned in parallel.
        public var segmentSize: Int = 64 << 20
        /// Errors kept verbatim in ``ParseStatistics/errors``.
        public var maximumErrors: Int = 20

        public init(parallelism: Int? = nil) {
            self.parallelism = max(1, parallelism ?? AccessLogScanner.processorCount)
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Processors this process may run on (its CPU affinity, as `ProcessInfo.activeProcessorCount` reports
    /// on Linux; so `taskset -c 0` means one worker), falling back to the online processor count.
    public static var processorCount: Int {
        #if os(Linux)
            // glibc declares sched_getaffinity only under _GNU_SOURCE, so look it up at run time.
            typealias GetAffinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer?) -> Int32
            if let symbol = dlsym(nil, "sched_getaffinity") {
                let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
                var mask = [UInt64](repeating: 0, count: 16)  // 1024 CPUs
                let rc = mask.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress) }
                let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
                if rc == 0 && count > 0 { return count }
            }
        #endif
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Whether libdeflate could be loaded (fast gzip path).
    public static var libdeflateAvailable: Bool { Libdeflate.shared != nil }

    /// Scans `sources` in parallel (one work unit per file, or per segment of a large plain file) and
    /// merges the per-unit consumers **in input order**.
    ///
    /// - Parameters:
    ///   - window: records outside it are dropped (counted in `linesOutsideWindow`); files whose name
    ///     says they end outside it are not opened.
    ///   - makeConsumer: creates one consumer per unit.
    /// - Throws: ``LogSourceError`` if a path does not exist or a directory cannot be listed. Problems
    ///   inside files never throw: they are counted in the statistics.
    public func scan<C: AccessLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        makeConsumer: @escaping @Sendable () -> C
    ) async throws(LogSourceError) -> ScanResult<C> {
        try await scan(sources: sources, window: window, type: .access) {
            AccessLineProcessor(consumer: makeConsumer())
        }
    }

    /// Scans `sources` as logs of `type` with processors made by `makeProcessor`: one work unit per file, or
    /// per segment of a large plain file, on up to `parallelism` tasks; consumers merged in input order.
    func scan<P: LineProcessor>(
        sources: [LogSource],
        window: TimeWindow?,
        type: ALBLogType,
        makeProcessor: @escaping @Sendable () -> P
    ) async throws(LogSourceError) -> ScanResult<P.Consumer> {
        let plan = try SourcePlan.make(sources, window: window, type: type)
        var statistics = ParseStatistics(maximumErrors: configuration.maximumErrors)
        statistics.logType = type
        statistics.sourcesPrunedByWindow = plan.prunedByWindow
        statistics.sourcesIgnored = plan.ignored
        let configuration = self.configuration
        var units = WorkUnit.split(
            plan.units,
            segmentSize: configuration.segmentSize,
            parallelism: configuration.parallelism
        )
        if units.contains(where: { $0.range != nil }) {
            // Number the lines of segments: count newlines per segment in parallel, then prefix sums.
            let counts = await AccessLogScanner.parallelMap(units, width: configuration.parallelism) { unit in
                unit.range.map { FileReader.countNewlines(unit.source, range: $0, blockSize: configuration.blockSize) }
                    ?? 0
            }
            var before = 0
            for i in units.indices where units[i].range != nil {
                if units[i].range?.lowerBound == 0 { before = 0 }
                units[i].firstLine = before
                before += counts[i]
            }
        }
        let merged = await AccessLogScanner.run(
            units,
            window: window,
            configuration: configuration,
            makeProcessor: makeProcessor
        )
        statistics.merge(merged.statistics)
        return ScanResult(consumer: merged.consumer, statistics: statistics)
    }

    /// Runs work units on up to `parallelism` tasks and merges their results in input order as they complete.
    static func run<P: LineProcessor>(
        _ units: [WorkUnit],
        window: TimeWindow?,
        configuration: Configuration,
        makeProcessor: @escaping @Sendable () -> P
    ) async -> ScanResult<P.Consumer> {
        var merged = makeProcessor().consumer
        var statistics = ParseStatistics(maximumErrors: configuration.maximumErrors)
        if configuration.parallelism == 1 || units.count <= 1 {
            for unit in units {
                let (c, s) = run(unit, window: window, configuration: configuration, makeProcessor: makeProcessor)
                P.merge(&merged, c)
                statistics.merge(s)
            }
            return ScanResult(consumer: merged, statistics: statistics)
        }
        return await withTaskGroup(of: (Int, P.Consumer, ParseStatistics).self) { group in
            var next = 0
            var pending: [Int: (P.Consumer, ParseStatistics)] = [:]
            var nextToMerge = 0
            func start(_ index: Int) {
                let unit = units[index]
                group.addTask {
                    let (c, s) = AccessLogScanner.run(
                        unit,
                        window: window,
                        configuration: configuration,
                        makeProcessor: makeProcessor
                    )
                    return (index, c, s)
                }
            }
            while next < min(configuration.parallelism, units.count) {
                start(next)
                next += 1
            }
            while let (index, c, s) = await group.next() {
                pending[index] = (c, s)
                while let (pc, ps) = pending.removeValue(forKey: nextToMerge) {
                    P.merge(&merged, pc)
                    statistics.merge(ps)
                    nextToMerge += 1
                }
                if next < units.count {
                    start(next)
                    next += 1
                }
            }
            return ScanResult(consumer: merged, statistics: statistics)
        }
    }

    /// `transform` applied to every element on up to `width` tasks; results in input order.
    static func parallelMap<T: Sendable, R: Sendable>(
        _ items: [T],
        width: Int,
        _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        await withTaskGroup(of: (Int, R).self) { group in
            var results = [R?](repeating: nil, count: items.count)
            var next = 0
            while next < min(width, items.count) {
                let i = next
                group.addTask { (i, transform(items[i])) }
                next += 1
            }
            while let (i, r) = await group.next() {
                results[i] = r
                if next < items.count {
                    let j = next
                    group.addTask { (j, transform(items[j])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// Scans one source synchronously on the calling thread (no parallelism), in order.
    public func scanSequentially<C: AccessLogConsumer>(
        sources: [LogSource],
        window: TimeWindow? = nil,
        consumer: C
    ) throws(LogSourceError) -> ScanResult<C> {
        let plan = try SourcePlan.make(sources, window: window)
        var statistics = ParseStatistics(maximumErrors: configuration.maximumErrors)
        statistics.sourcesPrunedByWindow = plan.prunedByWindow
        statistics.sourcesIgnored = plan.ignored
        var processor = AccessLineProcessor(consumer: consumer)
        for unit in plan.units {
            processor = read(unit, window: window, processor: processor, statistics: &statistics)
        }
        return ScanResult(consumer: processor.consumer, statistics: statistics)
    }

    /// Reads one whole unit with `processor` on the calling thread; returns the processor after it.
    func read<P: LineProcessor>(
        _ unit: SourcePlan.Unit,
        window: TimeWindow?,
        processor: P,
        statistics: inout ParseStatistics
    ) -> P {
        let engine = LineEngine(
            processor: processor,
            source: unit.name,
            window: window,
            maxLineLength: configuration.maxLineLength,
            maximumErrors: configuration.maximumErrors
        )
        FileReader.read(WorkUnit(source: unit, range: nil), into: engine, configuration: configuration)
        statistics.merge(engine.statistics)
        return engine.processor
    }

    static func run<P: LineProcessor>(
        _ unit: WorkUnit,
        window: TimeWindow?,
        configuration: Configuration,
        makeProcessor: () -> P
    ) -> (P.Consumer, ParseStatistics) {
        let engine = LineEngine(
            processor: makeProcessor(),
            source: unit.source.name,
            window: window,
            maxLineLength: configuration.maxLineLength,
            maximumErrors: configuration.maximumErrors
        )
        if let range = unit.range {
            engine.lineNumber = unit.firstLine
            FileReader.readSegment(unit.source, range: range, into: engine, configuration: configuration)
        } else {
            FileReader.read(unit, into: engine, configuration: configuration)
        }
        return (engine.consumer, engine.statistics)
    }
}

extension SourcePlan.Unit {
    var name: String {
        switch self {
        case .file(let p): p
        case .standardInput: "-"
        }
    }
}

/// A file, or a byte range of a plain file.
struct WorkUnit: Sendable {
    var source: SourcePlan.Unit
    /// Byte range for a segment of a large plain file (`nil` = whole source).
    var range: Range<Int64>?
    /// Line number of the segment's first line minus one.
    var firstLine: Int = 0

    /// One unit per file, except that when there are fewer files than workers, plain regular files larger
    /// than `segmentSize` become line-aligned byte-range segments.
    static func split(_ units: [SourcePlan.Unit], segmentSize: Int, parallelism: Int) -> [WorkUnit] {
        var result: [WorkUnit] = []
        // With at least one file per worker every core is busy already; segments would only add the
        // newline-counting pass.
        let segment = parallelism > 1 && segmentSize > 0 && units.count < parallelism
        for unit in units {
            guard segment, case .file(let path) = unit,
                let size = FileReader.plainFileSize(path), size > Int64(segmentSize)
            else {
                result.append(WorkUnit(source: unit, range: nil))
                continue
            }
            var start: Int64 = 0
            while start < size {
                let end = min(size, start + Int64(segmentSize))
                result.append(WorkUnit(source: unit, range: start..<end))
                start = end
            }
        }
        return result
    }
}

extension SourcePlan.Unit: @unchecked Sendable {}
