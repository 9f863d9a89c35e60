import ALBAccessLog
import ALBDiagnosis
import AWSClients

/// `s3://bucket/prefix` inputs of `analyze`: the access logs listed under each prefix (objects whose name ends
/// before the window are not downloaded), streamed `concurrency` at a time into the triage aggregator with
/// the credentials, region and endpoint resolved like the AWS CLI's.
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

    /// Lists and reads every URL's objects; the first failure ends the analysis with a message naming the
    /// object (an analysis of part of the logs would undercount without saying so).
    func scan(window: TimeWindow?, seed: UInt64, progress: ProgressPrinter?) async throws(AnalysisError)
        -> ScanResult<TriageAggregator>
    {
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
        for url in urls {
            let source: S3LogSource
            let listing: S3LogSource.Listing
            do {
                source = try S3LogSource(url: url, client: client, concurrency: concurrency)
                progress?.step("s3: listing \(url)…")
                listing = try await source.list(window: window)
            } catch {
                throw .s3("cannot list \(url): \(error)")
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
        return merged
    }
}
