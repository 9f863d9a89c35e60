import Foundation

/// Counts the requests a core client sends, per service and operation, retries included: what `scan` reports as
/// "API calls made" and what tests assert the batching with.
///
/// A reference type shared by every copy of the clients that carry it (``AWSHTTPClient/callLog``); the counts
/// sit behind a lock, so concurrent regions may record into one log.
public final class AWSCallLog: @unchecked Sendable {
    /// The counts of one operation.
    public struct Count: Sendable, Hashable {
        /// Requests sent, each retry included.
        public var requests: Int
        /// Of those, how many were retries (after throttling, a 5xx or a connection failure).
        public var retries: Int
    }

    private let lock = NSLock()
    private var counts: [String: Count] = [:]

    /// Creates an empty log.
    public init() {}

    /// Records one request of `operation` to `service`; `retry` when it repeats a failed attempt.
    public func record(service: String, operation: String, retry: Bool) {
        lock.lock()
        defer { lock.unlock() }
        var count = counts["\(service):\(operation)", default: Count(requests: 0, retries: 0)]
        count.requests += 1
        if retry { count.retries += 1 }
        counts["\(service):\(operation)"] = count
    }

    /// The counts by `service:Operation` (`monitoring:GetMetricData`).
    public var snapshot: [String: Count] {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    /// Requests of `operation` (any service), retries included.
    public func requests(_ operation: String) -> Int {
        snapshot.filter { $0.key.hasSuffix(":" + operation) }.reduce(0) { $0 + $1.value.requests }
    }

    /// Every request sent.
    public var total: Int { snapshot.values.reduce(0) { $0 + $1.requests } }

    /// Every retry sent.
    public var retries: Int { snapshot.values.reduce(0) { $0 + $1.retries } }
}
