/// Counts how many events fell within about `window` of the latest event, in bounded memory.
///
/// Used per target to see whether its failures "end at the same instant". Events are kept in
/// 100 ms buckets (per path); buckets older than the window behind the running maximum are dropped,
/// so at most `window / bucket` buckets per path are ever held. The result does not depend on the
/// order events arrive in.
struct TailBurst: Sendable, Hashable {
    static let window: Int64 = 2_000_000  // µs
    static let bucket: Int64 = 100_000  // µs
    static let maxEntries = 512

    struct Entry: Sendable, Hashable {
        var bucket: Int64
        var pathHash: UInt64
        var count: Int
    }

    private(set) var latest: Int64 = .min
    private(set) var entries: [Entry] = []

    /// Events within the window of the latest one.
    var count: Int { entries.reduce(0) { $0 + $1.count } }

    /// The start of the earliest bucket still in the window (µs).
    var earliest: Int64 { entries.map(\.bucket).min().map { $0 * TailBurst.bucket } ?? latest }

    /// Per-path counts within the window.
    var countsByPath: [UInt64: Int] {
        var out: [UInt64: Int] = [:]
        for e in entries { out[e.pathHash, default: 0] += e.count }
        return out
    }

    private var floorBucket: Int64 {
        latest == .min ? .min : (latest - TailBurst.window) / TailBurst.bucket
    }

    mutating func add(time: Int64, pathHash: UInt64) {
        if time > latest {
            latest = time
            prune()
        }
        accumulate(bucket: time / TailBurst.bucket, pathHash: pathHash, count: 1)
    }

    private mutating func accumulate(bucket b: Int64, pathHash: UInt64, count: Int) {
        guard b >= floorBucket else { return }
        if let i = entries.firstIndex(where: { $0.bucket == b && $0.pathHash == pathHash }) {
            entries[i].count += count
        } else if entries.count < TailBurst.maxEntries {
            entries.append(Entry(bucket: b, pathHash: pathHash, count: count))
        }
    }

    private mutating func prune() {
        let floor = floorBucket
        entries.removeAll { $0.bucket < floor }
    }

    mutating func merge(_ other: TailBurst) {
        if other.latest > latest {
            latest = other.latest
            prune()
        }
        for e in other.entries {
            accumulate(bucket: e.bucket, pathHash: e.pathHash, count: e.count)
        }
        entries.sort { ($0.bucket, $0.pathHash) < ($1.bucket, $1.pathHash) }
    }
}
