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

    /// Lists the objects under the prefix (only those whose key sorts after `startAfter`, when given: what
    /// `watch` has not seen yet) and classifies them.
    public func list(window: TimeWindow? = nil, startAfter: String? = nil) async throws -> Listing {
        var listing = Listing(objects: [], prunedByWindow: 0, ignored: [])
        for object in try await client.listAllObjects(
            bucket: bucket,
            prefix: prefix.isEmpty ? nil : prefix,
            startAfter: startAfter
        ) {
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
    /// Throws the first object's failure.
    public func scan<C: AccessLogConsumer>(
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        makeConsumer: @escaping @Sendable () -> C
    ) async throws -> ScanResult<C> {
        let listing = try await list(window: window)
        let outcome = await scan(
            objects: listing.objects,
            window: window,
            configuration: configuration,
            makeConsumer: makeConsumer
        )
        if let failure = outcome.failures.first { throw failure.error }
        var final = outcome.result
        final.statistics.sourcesPrunedByWindow += listing.prunedByWindow
        final.statistics.sourcesIgnored += listing.ignored.count
        return final
    }

    /// What `scan(objects:…)` read, and the objects it could not.
    public struct ObjectsOutcome<C: AccessLogConsumer>: Sendable {
        /// The objects read, merged in the order given.
        public var result: ScanResult<C>
        /// Objects that failed (listed in the order given), with the error.
        public var failures: [(key: String, error: any Error)]
    }

    /// Streams `objects` (of this source's bucket; any prefix) `concurrency` at a time and merges their
    /// consumers in the order given, so the result does not depend on download timing. At most
    /// 2 × `concurrency` finished objects wait to be merged: memory stays bounded however many objects there are.
    /// A failed object is reported in `failures` and does not stop the others. `objectDone` is called once per
    /// object, failed or not, with its listed size.
    public func scan<C: AccessLogConsumer>(
        objects: [S3Object],
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        makeConsumer: @escaping @Sendable () -> C,
        objectDone: (@Sendable (S3Object) -> Void)? = nil
    ) async -> ObjectsOutcome<C> {
        var merged = ScanResult(
            consumer: makeConsumer(),
            statistics: ParseStatistics(maximumErrors: configuration.maximumErrors)
        )
        var failures: [(key: String, error: any Error)] = []
        let lookahead = 2 * concurrency
        await withTaskGroup(of: (Int, Result<ScanResult<C>, any Error>).self) { group in
            var next = 0
            var mergedUpTo = 0
            var pending: [Int: Result<ScanResult<C>, any Error>] = [:]
            func launch() {
                while next < objects.count && next - mergedUpTo < lookahead
                    && next - mergedUpTo - pending.count < concurrency
                {
                    let index = next
                    let object = objects[index]
                    next += 1
                    group.addTask {
                        do {
                            let result = try await read(
                                key: object.key,
                                window: window,
                                configuration: configuration,
                                consumer: makeConsumer()
                            )
                            objectDone?(object)
                            return (index, .success(result))
                        } catch {
                            objectDone?(object)
                            return (index, .failure(error))
                        }
                    }
                }
            }
            launch()
            while let (index, result) = await group.next() {
                pending[index] = result
                while let ready = pending.removeValue(forKey: mergedUpTo) {
                    switch ready {
                    case .success(let r):
                        merged.consumer.merge(r.consumer)
                        merged.statistics.merge(r.statistics)
                    case .failure(let e):
                        failures.append((objects[mergedUpTo].key, e))
                        merged.statistics.sourcesFailed += 1
                    }
                    mergedUpTo += 1
                }
                launch()
            }
        }
        return ObjectsOutcome(result: merged, failures: failures)
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
