/// A fixed-bucket histogram of `target_processing_time` (seconds), with `-1` counted apart.
public struct ProcessingTimeHistogram: Sendable, Hashable, Codable {
    /// Upper bounds (exclusive) of the buckets after the `-1` one; the last bucket is open.
    public static let bounds: [Double] = [0.001, 0.010, 0.100, 1, 10, 30, 60]
    /// Labels of all buckets, `-1` first.
    public static let labels: [String] = ["-1", "<1ms", "<10ms", "<100ms", "<1s", "<10s", "<30s", "<60s", ">=60s"]

    /// Counts per bucket, aligned with `labels`.
    public private(set) var counts: [Int] = Array(repeating: 0, count: ProcessingTimeHistogram.labels.count)

    /// Creates an empty histogram.
    public init() {}

    /// Adds one value (`nil` and negative values count as `-1`).
    public mutating func add(_ seconds: Double?) {
        counts[ProcessingTimeHistogram.bucket(seconds)] += 1
    }

    /// Adds `count` values to bucket `index` (an index into ``labels``), as a query engine counted them.
    mutating func add(bucket index: Int, count: Int) {
        counts[min(max(index, 0), counts.count - 1)] += count
    }

    static func bucket(_ seconds: Double?) -> Int {
        guard let s = seconds, s >= 0 else { return 0 }
        for (i, b) in bounds.enumerated() where s < b { return i + 1 }
        return bounds.count + 1
    }

    /// Folds in another histogram.
    public mutating func merge(_ other: ProcessingTimeHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// Total count.
    public var total: Int { counts.reduce(0, +) }
}
