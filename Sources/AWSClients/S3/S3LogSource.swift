import ALBAccessLog
import Foundation
import NIOCore

/// ALB logs in S3 (`s3://bucket/prefix`), listed with `ListObjectsV2` and streamed object by object
/// with `GetObject` into the log engine's push feeders — no object is ever held whole in memory.
///
/// A source reads one log type (``logType``, access logs by default; health-check and connection logs with
/// ``scanHealthCheckLogs(objects:window:configuration:makeConsumer:objectDone:)`` and
/// ``scanConnectionLogs(objects:window:configuration:makeConsumer:objectDone:)``). Objects whose name says
/// they end before the time window are not downloaded; objects that are not logs of that type
/// (`ELBAccessLogTestFile`, the other types) are counted and skipped.
public struct S3LogSource: Sendable {
    /// The S3 client.
    public var client: S3Client
    /// The bucket.
    public var bucket: String
    /// The key prefix (e.g. `AWSLogs/123456789012/elasticloadbalancing/us-east-1/2022/04/15/`).
    public var prefix: String
    /// Objects downloaded at once.
    public var concurrency: Int
    /// The log type listed (``ALBLogObjectName/match(_:type:)``).
    public var logType: ALBLogType

    /// Creates a source.
    public init(
        client: S3Client,
        bucket: String,
        prefix: String = "",
        concurrency: Int = 4,
        logType: ALBLogType = .access
    ) {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.concurrency = max(1, concurrency)
        self.logType = logType
    }

    /// Parses `s3://bucket/prefix`.
    public init(url: String, client: S3Client, concurrency: Int = 4, logType: ALBLogType = .access) throws {
        guard url.hasPrefix("s3://") else {
            throw AWSClientError(.invalidConfiguration, "\"\(url)\" is not an s3://bucket/prefix URL")
        }
        let rest = url.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else {
            throw AWSClientError(.invalidConfiguration, "\"\(url)\" has no bucket name after s3://")
        }
        let prefix = rest.dropFirst(bucket.count).drop { $0 == "/" }
        self.init(
            client: client,
            bucket: String(bucket),
            prefix: String(prefix),
            concurrency: concurrency,
            logType: logType
        )
    }

    /// What a listing found.
    public struct Listing: Sendable {
        /// Log objects of the source's type to read, in key order.
        public var objects: [S3Object]
        /// Log objects skipped because their name ends before the window.
        public var prunedByWindow: Int
        /// Objects that are not logs of the source's type, with the reason.
        public var ignored: [(key: String, reason: String)]
    }

    /// Lists the objects under the prefix (only those whose key sorts after `startAfter`, when given: what
    /// `watch` has not seen yet) and classifies them for the source's ``logType``.
    public func list(window: TimeWindow? = nil, startAfter: String? = nil) async throws -> Listing {
        try await list(types: [logType], window: window, startAfter: startAfter)[logType]
            ?? Listing(objects: [], prunedByWindow: 0, ignored: [])
    }

    /// Lists the objects under the prefix once (after `startAfter`, when given) and classifies them for each of
    /// `types` (an object that is a log of one type is ignored by the others, with the reason).
    public func list(
        types: [ALBLogType],
        window: TimeWindow? = nil,
        startAfter: String? = nil
    ) async throws -> [ALBLogType: Listing] {
        var listings: [ALBLogType: Listing] = [:]
        for type in types { listings[type] = Listing(objects: [], prunedByWindow: 0, ignored: []) }
        for object in try await client.listAllObjects(
            bucket: bucket,
            prefix: prefix.isEmpty ? nil : prefix,
            startAfter: startAfter
        ) {
            if object.key.hasSuffix("/") { continue }
            let name = object.key.split(separator: "/").last.map(String.init) ?? object.key
            for type in types {
                switch ALBLogObjectName.match(name, type: type) {
                case .ignored(let reason):
                    listings[type]?.ignored.append((object.key, reason))
                case .log(let end):
                    if let window, let end, !window.mayContainFile(endingAt: end) {
                        listings[type]?.prunedByWindow += 1
                    } else {
                        listings[type]?.objects.append(object)
                    }
                }
            }
        }
        return listings
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
    public struct ObjectsOutcome<C: Sendable>: Sendable {
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
        await scanObjects(
            objects,
            maximumErrors: configuration.maximumErrors,
            makeConsumer: makeConsumer,
            makeFeeder: { source, consumer in
                AccessLogFeeder(source: source, window: window, consumer: consumer, configuration: configuration)
            },
            merge: { $0.merge($1) },
            objectDone: objectDone
        )
    }

    /// The objects' streaming and ordered merge, for any log type: one feeder per object from `makeFeeder`
    /// (given the object's `s3://` name and a fresh consumer), its consumer folded in with `merge`.
    func scanObjects<F: LogStreamFeeder>(
        _ objects: [S3Object],
        maximumErrors: Int,
        makeConsumer: @escaping @Sendable () -> F.Consumer,
        makeFeeder: @escaping @Sendable (String, F.Consumer) -> F,
        merge: @escaping @Sendable (inout F.Consumer, F.Consumer) -> Void,
        objectDone: (@Sendable (S3Object) -> Void)?
    ) async -> ObjectsOutcome<F.Consumer> {
        var merged = ScanResult(
            consumer: makeConsumer(),
            statistics: ParseStatistics(maximumErrors: maximumErrors)
        )
        var failures: [(key: String, error: any Error)] = []
        let lookahead = 2 * concurrency
        await withTaskGroup(of: (Int, Result<ScanResult<F.Consumer>, any Error>).self) { group in
            var next = 0
            var mergedUpTo = 0
            var pending: [Int: Result<ScanResult<F.Consumer>, any Error>] = [:]
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
                                feeder: makeFeeder("s3://\(bucket)/\(object.key)", makeConsumer())
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
                        merge(&merged.consumer, r.consumer)
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

    /// Streams one access-log object into a consumer.
    public func read<C: AccessLogConsumer>(
        key: String,
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        consumer: C
    ) async throws -> ScanResult<C> {
        try await read(
            key: key,
            feeder: AccessLogFeeder(
                source: "s3://\(bucket)/\(key)",
                window: window,
                consumer: consumer,
                configuration: configuration
            )
        )
    }

    /// Streams one object, of any log type, into a feeder.
    public func read<F: LogStreamFeeder>(key: String, feeder: F) async throws -> ScanResult<F.Consumer> {
        let body = try await client.getObject(bucket: bucket, key: key)
        for try await chunk in body {
            chunk.withUnsafeReadableBytes { feeder.feed($0) }
        }
        return feeder.finish()
    }
}
