/// A deterministic bottom-k sample of lines: keeps the `k` lines whose seeded hash is smallest.
///
/// Unlike a classic reservoir it gives the same sample however the input was split across workers
/// and merged, and every line has the same chance to be kept.
public struct ExampleSampler: Sendable, Hashable {
    /// How many lines are kept.
    public let k: Int
    /// The seed mixed into each line's rank.
    public let seed: UInt64
    private(set) var items: [Item] = []

    struct Item: Sendable, Hashable {
        let rank: UInt64
        let line: String
    }

    /// Creates an empty sampler.
    public init(k: Int, seed: UInt64 = 502) {
        self.k = k
        self.seed = seed
    }

    /// The rank a line would get (hash of its bytes, mixed with the seed).
    static func rank(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        SplitMix64.mix(ByteHash.hash(bytes), seed: seed)
    }

    /// Whether a line with this rank would be kept (lets callers skip building the string).
    func wants(_ rank: UInt64) -> Bool {
        items.count < k || rank < (items.last?.rank ?? .max)
    }

    /// Offers a line with a precomputed rank.
    mutating func offer(rank: UInt64, line: @autoclosure () -> String) {
        guard k > 0, wants(rank) else { return }
        let text = line()
        if items.contains(where: { $0.rank == rank && $0.line == text }) { return }
        insert(Item(rank: rank, line: text))
    }

    /// Offers a line.
    public mutating func offer(_ line: String) {
        var copy = line
        let r = copy.withUTF8 { ExampleSampler.rank(UnsafeRawBufferPointer($0), seed: seed) }
        offer(rank: r, line: line)
    }

    private mutating func insert(_ item: Item) {
        let position = items.firstIndex { ($0.rank, $0.line) > (item.rank, item.line) } ?? items.count
        items.insert(item, at: position)
        if items.count > k { items.removeLast() }
    }

    /// Folds in another sample.
    public mutating func merge(_ other: ExampleSampler) {
        for item in other.items where wants(item.rank) {
            if !items.contains(item) { insert(item) }
        }
    }

    /// The kept lines in a stable order (their time order is not known; this is rank order).
    public var lines: [String] { items.map(\.line) }
}
