import ALBAccessLog

/// A filtered, bounded sample of parsed access-log records: the records `alb-doctor records` would print (the
/// same JSON objects, keyed by the AWS field names), at most ``limit`` of them and at most ``byteBudget`` bytes,
/// with the number of all matching records. Nothing is written to standard output or standard error.
public struct RecordsSample: Sendable {
    /// The most records one sample may hold.
    public static let maximumLimit = 1000

    /// The log inputs.
    public var input: InputSelection
    /// Only records whose `elb_status_code` is one of these (empty: all).
    public var statusCodes: [Int]
    /// Only records whose `target` is this `ip:port`, or whose target address is this IP (any port).
    public var target: String?
    /// Only records whose request path (the URL without scheme, host, port and query) starts with this.
    public var pathPrefix: String?
    /// At most this many records are kept (1…``maximumLimit``).
    public var limit: Int
    /// At most this many bytes of record JSON are kept; the sample stops early when the next record would pass it.
    public var byteBudget: Int

    /// Creates a sample query.
    public init(
        input: InputSelection,
        statusCodes: [Int] = [],
        target: String? = nil,
        pathPrefix: String? = nil,
        limit: Int = 50,
        byteBudget: Int = 256 << 10
    ) {
        self.input = input
        self.statusCodes = statusCodes
        self.target = target
        self.pathPrefix = pathPrefix
        self.limit = limit
        self.byteBudget = byteBudget
    }

    /// What the sample holds.
    public struct Outcome: Sendable {
        /// One JSON object per record, in input order (the `alb-doctor records` line, without its newline).
        public var records: [String]
        /// Every record that matched the filters (kept or not).
        public var matched: Int
        /// Whether matching records were left out (by the limit or the byte budget).
        public var truncated: Bool
        /// What was read and skipped.
        public var statistics: ParseStatistics
    }

    /// Why a sample could not be taken.
    public enum SampleError: Error, Sendable, CustomStringConvertible {
        /// `limit` is outside 1…``RecordsSample/maximumLimit``.
        case limit(Int)
        /// `--since` / `--until` could not be read.
        case window(String)
        /// A path does not exist or a directory cannot be listed.
        case source(LogSourceError)

        public var description: String {
            switch self {
            case .limit(let limit): "limit \(limit) must be between 1 and \(RecordsSample.maximumLimit)"
            case .window(let message): message
            case .source(let error): "\(error.path): \(error.message)"
            }
        }
    }

    /// Scans the inputs in order and keeps the first matching records.
    public func run(now: LogTimestamp = .now()) throws(SampleError) -> Outcome {
        guard (1...RecordsSample.maximumLimit).contains(limit) else { throw .limit(limit) }
        let window: TimeWindow?
        do {
            window = try input.window(now: now)
        } catch {
            throw .window(error.description)
        }
        let sink = OutputSink(fd: nil)
        let sampler = RecordsSampler(
            printer: RecordsPrinter(sink: sink, statusCodes: [], format: .jsonl),
            statusCodes: Set(statusCodes),
            target: target,
            pathPrefix: pathPrefix,
            limit: limit,
            byteBudget: byteBudget
        )
        let result: ScanResult<RecordsSampler>
        do {
            result = try AccessLogScanner().scanSequentially(sources: input.sources, window: window, consumer: sampler)
        } catch {
            throw .source(error)
        }
        let text = String(decoding: sink.collected, as: UTF8.self)
        let records = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return Outcome(
            records: records,
            matched: result.consumer.matched,
            truncated: result.consumer.matched > records.count,
            statistics: result.statistics
        )
    }
}

/// Filters records and hands the first ones within the limits to a ``RecordsPrinter``.
struct RecordsSampler: AccessLogConsumer {
    var printer: RecordsPrinter
    let statusCodes: Set<Int>
    let target: String?
    let pathPrefix: String?
    let limit: Int
    let byteBudget: Int
    var matched = 0
    var full = false

    mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
        if !statusCodes.isEmpty {
            guard let code = try record.elbStatusCode, statusCodes.contains(code) else { return }
        }
        if let target {
            guard let raw = record.rawField(.target) else { return }
            let value = String(decoding: raw, as: UTF8.self)
            guard value == target || value.hasPrefix(target + ":") else { return }
        }
        if let pathPrefix {
            let entry = try record.entry()
            guard let url = entry.request?.url, RecordsSampler.path(of: url).hasPrefix(pathPrefix) else { return }
        }
        matched += 1
        guard !full, printer.written < limit else { return }
        let before = printer.sink.collected.count
        var attempt = printer
        try attempt.consume(record)
        if printer.sink.collected.count > byteBudget {
            // Too big: drop the record just written and keep no more.
            printer.sink.truncate(to: before)
            full = true
            return
        }
        printer = attempt
    }

    mutating func merge(_ other: RecordsSampler) {
        matched += other.matched
    }

    /// The path of a logged request URL: `https://host:443/a/b?q` → `/a/b`.
    static func path(of url: String) -> Substring {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        return rest
    }
}
