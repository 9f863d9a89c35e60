/// Statistics that can be folded together.
protocol MergeableStats: Sendable {
    init()
    mutating func merge(_ other: Self)
}

/// A table of per-key statistics with a hard capacity: the first `capacity` distinct keys (in input
/// order) get their own row; later keys are folded into `other`, and `otherKeys` counts how many
/// lines went there. Keys are found by a 64-bit hash of their bytes, so a row is looked up without
/// building a string; the string is built once, when the row is created.
struct BoundedTable<Stats: MergeableStats>: Sendable {
    let capacity: Int
    private(set) var index: [UInt64: Int] = [:]
    private(set) var hashes: [UInt64] = []
    private(set) var keys: [String] = []
    var rows: [Stats] = []
    var other = Stats()
    /// Lines folded into `other` because the table was full.
    private(set) var otherLines = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { keys.count }

    /// The row for a key hash, creating it with `makeKey()` if there is room; `nil` means "use `other`".
    @inline(__always)
    mutating func slot(_ hash: UInt64, makeKey: () -> String) -> Int? {
        if let i = index[hash] { return i }
        guard keys.count < capacity else {
            otherLines += 1
            return nil
        }
        let i = keys.count
        index[hash] = i
        hashes.append(hash)
        keys.append(makeKey())
        rows.append(Stats())
        return i
    }

    /// Applies `body` to the row of `hash` (or to `other`).
    @inline(__always)
    mutating func update(_ hash: UInt64, makeKey: () -> String, _ body: (inout Stats) -> Void) {
        if let i = slot(hash, makeKey: makeKey) {
            body(&rows[i])
        } else {
            body(&other)
        }
    }

    /// The row index for a hash, if the key has a row.
    func row(for hash: UInt64) -> Int? { index[hash] }

    /// Folds in a table built from later input.
    mutating func merge(_ o: BoundedTable<Stats>) {
        for i in o.keys.indices {
            let h = o.hashes[i]
            if let j = index[h] {
                rows[j].merge(o.rows[i])
            } else if keys.count < capacity {
                index[h] = keys.count
                hashes.append(h)
                keys.append(o.keys[i])
                rows.append(o.rows[i])
            } else {
                other.merge(o.rows[i])
                otherLines += 1
            }
        }
        other.merge(o.other)
        otherLines += o.otherLines
    }

    /// (key, stats) pairs in first-seen order.
    var entries: [(key: String, stats: Stats)] {
        keys.indices.map { (keys[$0], rows[$0]) }
    }
}
