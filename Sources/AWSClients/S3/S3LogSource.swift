import ALBAccessLog
import Foundation
import NIOCore

/// ALB access logs in S3 (`s3://bucket/prefix`), listed with `ListObjectsV2` and streamed object by object
/// with `GetObject` into the access-log engine's push feeder — no object is ever held whole in memory.
///
/// Objects whose name says they end before the time window are not downloaded; non-log objects
/// (`ELBAccessLogTestFile`, connection and health-check logs) are counted and skipped.
public struct S3LogSource: Sendable {
    /// The S3 client.
    public var client: S3Client
    /// The bucket.
    public var bucket: String
    /// The key prefix (e.g. `AWSLogs/123456789012/elasticloadbalancing/us-east-1/2022/04/15/`).
    public var prefix: String
    /// Objects downloaded at once.
    public var concurrency: Int

    /// Creates a source.
    public init(client: S3Client, bucket: String, prefix: String = "", concurrency: Int = 4) {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.concurrency = max(1, concurrency)
    }

    /// Parses `s3://bucket/prefix`.
    public init(url: String, client: S3Client, concurrency: Int = 4) throws {
        guard url.hasPrefix("s3://") else {
            throw AWSClientError(.invalidConfiguration, "\"\(url)\" is not an s3://bucket/prefix URL")
        }
        let rest = url.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else {
            throw AWSClientError(.invalidConfiguration, "\"\(url)\" has no bucket name after s3://")
        }
        let prefix = rest.dropFirst(bucket.count).drop { $0 == "/" }
        self.init(client: client, bucket: String(bucket), prefix: String(prefix), concurrency: concurrency)
    }

    /// What a listing found.
    public struct Listing: Sendable {
        /// Access-log objects to read, in key order.
        public var objects: [S3Object]
        /// Log objects skipped because their name ends before the window.
        public var prunedByWindow: Int
        /// Objects that are not access logs, with the reason.
        public var ignored: [(key: String, reason: String)]
    }

    /// Lists the objects under the prefix and classifies them.
    public func list(window: TimeWindow? = nil) async throws -> Listing {
        var listing = Listing(objects: [], prunedByWindow: 0, ignored: [])
        for object in try await client.listAllObjects(bucket: bucket, prefix: prefix.isEmpty ? nil : prefix) {
            if object.key.hasSuffix("/") { continue }
            let name = object.key.split(separator: "/").last.map(String.init) ?? object.key
            switch ALBLogObjectName.classify(name) {
            case .ignored(let reason):
                listing.ignored.append((object.key, reason))
            case .accessLog(let end):
                if let window, let end, !window.mayContainFile(endingAt: end) {
                    listing.prunedByWindow += 1
                } else {
                    listing.objects.append(object)
                }
            }
        }
        return listing
    }

    /// Streams every access-log object into a consumer made by `makeConsumer`, merging them in key order.
    public func scan<C: AccessLogConsumer>(
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        makeConsumer: @escaping @Sendable () -> C
    ) async throws -> ScanResult<C> {
        let listing = try await list(window: window)
        let objects = listing.objects
        var results = [ScanResult<C>?](repeating: nil, count: objects.count)
        try await withThrowingTaskGroup(of: (Int, ScanResult<C>).self) { group in
            var next = 0
            func launch() {
                guard next < objects.count else { return }
                let index = next
                let key = objects[index].key
                next += 1
                group.addTask {
                    (
                        index,
                        try await read(key: key, window: window, configuration: configuration, consumer: makeConsumer())
                    )
                }
            }
            for _ in 0..<concurrency { launch() }
            while let (index, result) = try await group.next() {
                results[index] = result
                launch()
            }
        }
        var merged: ScanResult<C>?
        for result in results.compactMap({ $0 }) {
            if var current = merged {
                current.consumer.merge(result.consumer)
                current.statistics.merge(result.statistics)
                merged = current
            } else {
                merged = result
            }
        }
        var final =
            merged
            ?? ScanResult(
                consumer: makeConsumer(),
                statistics: ParseStatistics(maximumErrors: configuration.maximumErrors)
            )
        final.statistics.sourcesPrunedByWindow += listing.prunedByWindow
        final.statistics.sourcesIgnored += listing.ignored.count
        return final
    }

    /// Streams one object into a feeder.
    public func read<C: AccessLogConsumer>(
        key: String,
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        consumer: C
    ) async throws -> ScanResult<C> {
        let feeder = AccessLogFeeder(
            source: "s3://\(bucket)/\(key)",
            window: window,
            consumer: consumer,
            configuration: configuration
        )
        let body = try await client.getObject(bucket: bucket, key: key)
        for try await chunk in body {
            chunk.withUnsafeReadableBytes { feeder.feed($0) }
        }
        return feeder.finish()
    }
}
