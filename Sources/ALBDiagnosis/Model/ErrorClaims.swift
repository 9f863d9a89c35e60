/// The errors a finding explains, counted per status code and target, so that the diagnosis can explain
/// each error once (``ErrorAssignment``).
///
/// A cause that knows which targets' errors it explains says so; a finding without claims (a configuration
/// finding, a probe or capture finding, a cause that reads the logs only as a whole) takes part in ranking as
/// it is.
public struct ErrorClaims: Sendable, Hashable {
    /// One cluster of errors: a status code on one target (`ip:port`, or a Lambda function ARN).
    public struct Key: Sendable, Hashable, Comparable {
        /// The `elb_status_code`.
        public var status: Int
        /// The target.
        public var target: String

        /// Creates a key.
        public init(status: Int, target: String) {
            self.status = status
            self.target = target
        }

        public static func < (a: Key, b: Key) -> Bool { (a.status, a.target) < (b.status, b.target) }
    }

    /// Errors claimed per cluster.
    public private(set) var counts: [Key: Int] = [:]

    /// No claim.
    public init() {}

    /// Claims `count` errors of `status` on `target` (added to an earlier claim on the same cluster).
    public mutating func add(status: Int, target: String, count: Int) {
        guard count > 0 else { return }
        counts[Key(status: status, target: target), default: 0] += count
    }

    /// Whether nothing is claimed.
    public var isEmpty: Bool { counts.isEmpty }

    /// All errors claimed.
    public var total: Int { counts.values.reduce(0, +) }

    /// The clusters, in a stable order.
    public var keys: [Key] { counts.keys.sorted() }

    /// The claim on one cluster.
    public subscript(_ key: Key) -> Int { counts[key] ?? 0 }
}
