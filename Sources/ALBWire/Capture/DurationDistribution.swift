/// A bounded distribution of durations: exact count/min/max/sum, percentiles over the first
/// ``capacity`` values (memory stays bounded however many values arrive).
public struct DurationDistribution: Sendable, Hashable, Codable {
    /// Number of values recorded in the sample for percentiles.
    public static let capacity = 65_536

    /// All values recorded.
    public private(set) var count = 0
    /// Smallest value, nanoseconds.
    public private(set) var minimumNanoseconds: Int64 = 0
    /// Largest value, nanoseconds.
    public private(set) var maximumNanoseconds: Int64 = 0
    /// Sum of values, nanoseconds.
    public private(set) var sumNanoseconds: Int64 = 0
    private var sample: [Int64] = []

    /// An empty distribution.
    public init() {}

    /// Records one value.
    public mutating func record(_ nanoseconds: Int64) {
        if count == 0 || nanoseconds < minimumNanoseconds { minimumNanoseconds = nanoseconds }
        if count == 0 || nanoseconds > maximumNanoseconds { maximumNanoseconds = nanoseconds }
        count += 1
        sumNanoseconds &+= nanoseconds
        if sample.count < Self.capacity { sample.append(nanoseconds) }
    }

    /// The value at quantile `q` (0…1) of the sample, nanoseconds.
    public func quantile(_ q: Double) -> Int64? {
        guard !sample.isEmpty else { return nil }
        let sorted = sample.sorted()
        let index = min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded())))
        return sorted[index]
    }

    /// How many sampled values are below `limit` nanoseconds.
    public func countBelow(_ limit: Int64) -> Int { sample.reduce(0) { $0 + ($1 < limit ? 1 : 0) } }

    /// `n=12 min 4.998 s, median 5.001 s, p90 5.002 s, max 5.004 s`.
    public var summary: String {
        guard count > 0 else { return "none" }
        let median = quantile(0.5).map(CaptureTime.seconds) ?? "-"
        let p90 = quantile(0.9).map(CaptureTime.seconds) ?? "-"
        return
            "n=\(count), min \(CaptureTime.seconds(minimumNanoseconds)), median \(median), p90 \(p90), max \(CaptureTime.seconds(maximumNanoseconds))"
    }

    private enum CodingKeys: String, CodingKey {
        case count
        case minSeconds = "min_seconds"
        case medianSeconds = "median_seconds"
        case p90Seconds = "p90_seconds"
        case maxSeconds = "max_seconds"
    }

    /// Encodes count and seconds (min, median, p90, max).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        guard count > 0 else { return }
        try c.encode(Double(minimumNanoseconds) / 1e9, forKey: .minSeconds)
        try c.encodeIfPresent(quantile(0.5).map { Double($0) / 1e9 }, forKey: .medianSeconds)
        try c.encodeIfPresent(quantile(0.9).map { Double($0) / 1e9 }, forKey: .p90Seconds)
        try c.encode(Double(maximumNanoseconds) / 1e9, forKey: .maxSeconds)
    }

    /// Decodes the summary form (sample not restored).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        minimumNanoseconds = Int64((try c.decodeIfPresent(Double.self, forKey: .minSeconds) ?? 0) * 1e9)
        maximumNanoseconds = Int64((try c.decodeIfPresent(Double.self, forKey: .maxSeconds) ?? 0) * 1e9)
    }
}
