import ALBAccessLog
import ALBDiagnosis
import AWSClients

/// `s3://bucket/prefix` inputs of `analyze`: the logs listed under each prefix (objects whose name ends before the
/// window are not downloaded), streamed `concurrency` at a time with the credentials, region and endpoint resolved
/// like the AWS CLI's. One listing per URL sorts the objects by type as a local directory is sorted: the access logs
/// into the triage aggregator first, then the health-check and connection logs
/// (``scanLoadBalancerLogs(_:window:accessLogs:)``) into the aggregates of the join.
struct S3LogInput: Sendable {
    /// The URLs, in the order given.
    var urls: [String]
    /// How to reach AWS.
    var access: AWSAccessOptions
    /// Where AWS settings are read from.
    var environment: AWSEnvironment
    /// Objects read at once.
    var concurrency: Int = 4

    /// Whether `path` names S3 logs rather than a local file.
    static func isS3(_ path: String) -> Bool { path.hasPrefix("s3://") }

    /// The health-check or connection log objects one URL's listing found.
    struct Found: Sendable {
        /// The URL's source, with ``S3LogSource/logType`` the objects' type.
        var source: S3LogSource
        /// The objects to read, in key order.
        var objects: [S3Object]
    }

    /// What the first pass read and found.
    struct Scanned: Sendable {
        /// The access logs of every URL, merged in the order given.
        var access: ScanResult<TriageAggregator>
        /// The health-check and connection log objects, per URL and type, for the second pass.
        var others: [Found]
    }

    /// Lists every URL once and reads its access logs; the first failure ends the analysis with a message naming
    /// the object (an analysis of part of the logs would undercount without saying so).
    func scan(window: TimeWindow?, seed: UInt64, progress: ProgressPrinter?) async throws(AnalysisError) -> Scanned {
        let context: AWSContext
        do {
            context = try access.resolve(environment: environment)
        } catch {
            throw .s3("cannot reach AWS for \(urls.joined(separator: ", ")): \(error)")
        }
        let client = S3Client(core: context.core())
        var merged = ScanResult(
            consumer: TriageAggregator(seed: seed, progress: progress),
            statistics: ParseStatistics()
        )
        var others: [Found] = []
        for url in urls {
            let source: S3LogSource
            let listings: [ALBLogType: S3LogSource.Listing]
            do {
                source = try S3LogSource(url: url, client: client, concurrency: concurrency)
                progress?.step("s3: listing \(url)…")
                listings = try await source.list(types: [.access, .healthCheck, .connection], window: window)
            } catch {
                throw .s3("cannot list \(url): \(error)")
            }
            guard let listing = listings[.access] else { continue }
            for type in [ALBLogType.healthCheck, .connection] {
                guard let objects = listings[type]?.objects, !objects.isEmpty else { continue }
                var typed = source
                typed.logType = type
                others.append(Found(source: typed, objects: objects))
            }
            progress?.beginObjects(count: listing.objects.count, bytes: listing.objects.reduce(0) { $0 + $1.size })
            let outcome = await source.scan(
                objects: listing.objects,
                window: window,
                makeConsumer: { TriageAggregator(seed: seed, progress: progress) },
                objectDone: { progress?.objectDone(bytes: $0.size) }
            )
            if let failure = outcome.failures.first {
                throw .s3(
                    "cannot read s3://\(source.bucket)/\(failure.key) (\(outcome.failures.count) of \(listing.objects.count) objects failed): \(failure.error)"
                )
            }
            merged.consumer.merge(outcome.result.consumer)
            merged.statistics.merge(outcome.result.statistics)
            merged.statistics.sourcesPrunedByWindow += listing.prunedByWindow
            merged.statistics.sourcesIgnored += listing.ignored.count
        }
        return Scanned(access: merged, others: others)
    }

    /// Reads the health-check and connection log objects the listing found (the connection pass keeps the
    /// connections of `accessLogs`' 502s), as ``LoadBalancerLogScan/scan(window:accessLogs:)`` reads local ones;
    /// the first object that cannot be read ends the analysis.
    func scanLoadBalancerLogs(
        _ found: [Found],
        window: TimeWindow?,
        accessLogs: TriageAggregator
    ) async throws(AnalysisError) -> LoadBalancerLogScan.Outcome {
        var healthChecks: ScanResult<HealthCheckAggregator>?
        var connections: ScanResult<ConnectionAggregator>?
        let wanted = Set(accessLogs.connection502Rows.map(\.key))
        for item in found {
            let failure: (key: String, error: any Error)?
            switch item.source.logType {
            case .healthCheck:
                let outcome = await item.source.scanHealthCheckLogs(objects: item.objects, window: window) {
                    HealthCheckAggregator()
                }
                failure = outcome.failures.first
                if healthChecks == nil {
                    healthChecks = outcome.result
                } else {
                    healthChecks?.consumer.merge(outcome.result.consumer)
                    healthChecks?.statistics.merge(outcome.result.statistics)
                }
            case .connection:
                let outcome = await item.source.scanConnectionLogs(objects: item.objects, window: window) {
                    ConnectionAggregator(wantedTraceIDs: wanted)
                }
                failure = outcome.failures.first
                if connections == nil {
                    connections = outcome.result
                } else {
                    connections?.consumer.merge(outcome.result.consumer)
                    connections?.statistics.merge(outcome.result.statistics)
                }
            case .access:
                failure = nil
            }
            if let failure {
                throw .s3(
                    "cannot read s3://\(item.source.bucket)/\(failure.key) (\(item.source.logType.displayName)): \(failure.error)"
                )
            }
        }
        var outcome = LoadBalancerLogScan.Outcome(logs: nil, read: [])
        guard healthChecks != nil || connections != nil else { return outcome }
        outcome.logs = LoadBalancerLogs(healthChecks: healthChecks?.consumer, connections: connections?.consumer)
        if let healthChecks { outcome.read.append(LoadBalancerLogScan.read(.healthCheck, healthChecks.statistics)) }
        if let connections { outcome.read.append(LoadBalancerLogScan.read(.connection, connections.statistics)) }
        return outcome
    }
}
