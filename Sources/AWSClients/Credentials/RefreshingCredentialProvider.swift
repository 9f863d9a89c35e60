import AWSSigV4
import Foundation
import Logging

/// Caches temporary credentials and fetches new ones shortly before they expire (`refreshMargin`,
/// 5 minutes by default, like the SDKs). Concurrent callers share one in-flight refresh.
public actor RefreshingCredentialProvider: CredentialProvider {
    private let fetch: @Sendable (Logger) async throws -> AWSCredentials
    /// Seconds before expiry at which the cached credentials count as stale.
    public let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var inFlight: Task<AWSCredentials, any Error>?
    /// How many times credentials were fetched (for tests and debug logs).
    public private(set) var fetchCount = 0
    public nonisolated let source: CredentialSource

    /// Wraps `fetch`.
    public init(
        source: CredentialSource,
        refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() },
        fetch: @escaping @Sendable (Logger) async throws -> AWSCredentials
    ) {
        self.source = source
        self.refreshMargin = refreshMargin
        self.now = now
        self.fetch = fetch
    }

    public func credentials(logger: Logger) async throws -> AWSCredentials {
        if let cached, !cached.expires(within: refreshMargin, of: now()) { return cached }
        if let inFlight { return try await inFlight.value }
        let fetch = self.fetch
        let task = Task { try await fetch(logger) }
        inFlight = task
        defer { inFlight = nil }
        let fresh = try await task.value
        fetchCount += 1
        cached = fresh
        logger.debug(
            "aws credentials refreshed",
            metadata: [
                "source": "\(source.kind)", "expires": "\(fresh.expiration.map(AWSDateFormat.iso8601) ?? "never")",
            ]
        )
        return fresh
    }
}
