/// Exact statistics of one non-502 signature.
public struct StatusSignatureStats: Sendable, Hashable {
    public internal(set) var count = 0
    public internal(set) var span = TimeSpan()
    /// `target_processing_time` of these lines.
    public internal(set) var targetProcessingTime = ProcessingTimeHistogram()
    /// `time` − `request_creation_time` of these lines (seconds), bucketed like processing times.
    public internal(set) var elapsed = ProcessingTimeHistogram()
    /// Lines per whole second of `time` − `request_creation_time` (capped at 4001 s, the largest idle timeout + 1).
    public internal(set) var elapsedSeconds: [Int: Int] = [:]
    /// Lines per target (`ip:port`), at most `StatusStats.keyLimit` keys; the rest under `(other)`.
    public internal(set) var targets: [String: Int] = [:]
    /// Lines per normalised path, bounded like `targets`.
    public internal(set) var paths: [String: Int] = [:]
    /// Lines per target-group name, bounded like `targets`.
    public internal(set) var targetGroups: [String: Int] = [:]
    /// Lines per client protocol (`h2 HTTP/2.0`, `https HTTP/1.1`, …), bounded like `targets`.
    public internal(set) var protocols: [String: Int] = [:]
    /// Lines per target and minute, at most ``StatusSignatureStats/targetMinuteLimit`` keys (the rest are
    /// counted in `targetMinutesDropped`): which errors of two codes fell on the same target in the same minutes.
    public internal(set) var targetMinutes: [TargetMinute: Int] = [:]
    /// Lines whose (target, minute) did not fit `targetMinutes`.
    public internal(set) var targetMinutesDropped = 0
    /// The bound of `targetMinutes`.
    public static let targetMinuteLimit = 4096
    var examples: ExampleSampler

    /// A target (`ip:port`) and a minute (minutes since the epoch).
    public struct TargetMinute: Sendable, Hashable {
        public var target: String
        public var minute: Int64
    }

    mutating func addTargetMinute(_ key: TargetMinute, _ n: Int = 1) {
        if targetMinutes[key] != nil || targetMinutes.count < Self.targetMinuteLimit {
            targetMinutes[key, default: 0] += n
        } else {
            targetMinutesDropped += n
        }
    }

    init(seed: UInt64) {
        examples = ExampleSampler(k: 3, seed: seed)
    }

    /// Sampled verbatim lines.
    public var exampleLines: [String] { examples.lines }

    mutating func merge(_ o: StatusSignatureStats) {
        count += o.count
        span.merge(o.span)
        targetProcessingTime.merge(o.targetProcessingTime)
        elapsed.merge(o.elapsed)
        for (k, v) in o.elapsedSeconds { elapsedSeconds[k, default: 0] += v }
        for (k, v) in o.targets { StatusStats.bump(&targets, k, v) }
        for (k, v) in o.paths { StatusStats.bump(&paths, k, v) }
        for (k, v) in o.targetGroups { StatusStats.bump(&targetGroups, k, v) }
        for (k, v) in o.protocols { StatusStats.bump(&protocols, k, v) }
        for (k, v) in o.targetMinutes { addTargetMinute(k, v) }
        targetMinutesDropped += o.targetMinutesDropped
        examples.merge(o.examples)
    }

    /// The most frequent whole second of duration and its share of the lines (`nil` when unknown).
    public var modalElapsedSecond: (second: Int, share: Double)? {
        guard let best = elapsedSeconds.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
            count > 0
        else { return nil }
        return (best.key, Double(best.value) / Double(count))
    }
}

/// Per-code counts: total, attribution, first/last.
public struct StatusStats: Sendable, Hashable {
    /// Bound of the per-signature key tables.
    public static let keyLimit = 256
    public internal(set) var count = 0
    public internal(set) var sources: [ErrorSource: Int] = [:]
    public internal(set) var span = TimeSpan()

    mutating func merge(_ o: StatusStats) {
        count += o.count
        for (k, v) in o.sources { sources[k, default: 0] += v }
        span.merge(o.span)
    }

    static func bump(_ table: inout [String: Int], _ key: String, _ n: Int = 1) {
        if table[key] != nil || table.count < keyLimit {
            table[key, default: 0] += n
        } else {
            table["(other)", default: 0] += n
        }
    }
}

/// `target_processing_time` of the successful (2xx/3xx) requests on one path: what the target
/// normally needs there, to compare with the idle timeout and with clients' timeouts.
public struct PathLatencyStats: MergeableStats, Hashable {
    public internal(set) var requests = 0
    public internal(set) var maximum: Double = 0
    public internal(set) var histogram = ProcessingTimeHistogram()

    public init() {}

    mutating func add(_ seconds: Double) {
        requests += 1
        maximum = max(maximum, seconds)
        histogram.add(seconds)
    }

    mutating func merge(_ o: PathLatencyStats) {
        requests += o.requests
        maximum = max(maximum, o.maximum)
        histogram.merge(o.histogram)
    }

    /// Requests whose bucket starts at or above `seconds` (bucket edges: 1 ms, 10 ms, 100 ms, 1, 10, 30, 60 s).
    public func atLeast(_ seconds: Double) -> Int {
        var total = 0
        for j in 1..<histogram.counts.count {
            let lower = j == 1 ? 0 : ProcessingTimeHistogram.bounds[j - 2]
            if lower >= seconds { total += histogram.counts[j] }
        }
        return total
    }
}
