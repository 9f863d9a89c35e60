/// A target's 502s per second, for the most recent seconds that had one, in bounded memory.
///
/// Lines the target's errors up against a workload's stop (`StopAlignment`): which second its errors
/// started and ended, with gaps. Keeps the `capacity` latest distinct seconds; an older second is dropped
/// only when `capacity` later ones exist, so the counts of the seconds kept are exact whatever order the
/// events arrive in (files are scanned in parallel).
public struct ErrorSeconds: Sendable, Hashable {
    /// How many distinct seconds are kept.
    public static let capacity = 180

    /// Second since the epoch → errors in it.
    public private(set) var counts: [Int64: Int] = [:]
    /// Errors in seconds no longer kept.
    public private(set) var dropped = 0

    public init() {}

    /// Adds one error at `time` (µs).
    public mutating func add(time: Int64, count: Int = 1) {
        let second = time >= 0 ? time / 1_000_000 : (time - 999_999) / 1_000_000
        add(second: second, count: count)
    }

    private mutating func add(second: Int64, count: Int) {
        if counts[second] != nil {
            counts[second, default: 0] += count
            return
        }
        if counts.count < Self.capacity {
            counts[second] = count
            return
        }
        guard let oldest = counts.keys.min(), second > oldest else {
            dropped += count
            return
        }
        dropped += counts.removeValue(forKey: oldest) ?? 0
        counts[second] = count
    }

    /// Adds another set of counts.
    public mutating func merge(_ other: ErrorSeconds) {
        dropped += other.dropped
        for (second, count) in other.counts { add(second: second, count: count) }
    }

    /// All errors added, kept or not.
    public var total: Int { counts.values.reduce(dropped, +) }

    /// The seconds kept, oldest first, with their counts.
    public var sorted: [(second: Int64, count: Int)] {
        counts.keys.sorted().map { ($0, counts[$0] ?? 0) }
    }
}
