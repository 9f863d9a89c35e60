import ALBAccessLog
import ALBDiagnosis
import ALBReport
import AWSClients
import Foundation
import NIOCore

/// The logs of the window: local files, or the load balancer's S3 prefixes by day — the access logs, then the
/// health-check and connection logs its attributes enable, joined with them as `analyze` joins them.
extension DiagnoseRun {
    // MARK: Access logs

    struct LogOutcome: Sendable {
        var logs: TriageAggregator
        var scan: ScanSummary
        var inputs: [String]
        /// The health-check and connection logs read beside the access logs (`nil`: none).
        var loadBalancerLogs: LoadBalancerLogs? = nil
        /// What was read of each of those types.
        var otherLogs: [AnalysisReport.LogTypeRead] = []
    }

    /// Local logs (`--logs`, a saved bundle): sorted by type as `analyze` sorts them (``LoadBalancerLogScan``),
    /// the access logs read first, then the health-check and connection logs among the paths.
    func scanLocal(paths: [String], window: TimeWindow) async throws(DiagnoseError) -> LogOutcome {
        let seed = options.seed
        let progress = options.progress
        progress?.step("access logs: reading \(paths.count == 1 ? paths[0] : "\(paths.count) paths")…")
        do {
            let byType = try LoadBalancerLogScan(paths: paths)
            let result = try await AccessLogScanner().scan(sources: byType.access, window: window) {
                TriageAggregator(seed: seed, progress: progress)
            }
            var logs = result.consumer
            logs.flushProgress()
            let other = try await byType.scan(window: window, accessLogs: logs)
            return LogOutcome(
                logs: logs,
                scan: ScanSummary(result.statistics),
                inputs: paths,
                loadBalancerLogs: other.logs,
                otherLogs: other.read
            )
        } catch {
            throw .logs("\(error)")
        }
    }

    /// The day prefixes ALB writes the window's logs under (a file ending up to 5 minutes after `end`).
    static func dayPrefixes(base: String, account: String, region: String, start: Date, end: Date) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let root =
            (base.isEmpty ? "" : (base.hasSuffix("/") ? base : base + "/"))
            + "AWSLogs/\(account)/elasticloadbalancing/\(region)/"
        var out: [String] = []
        var day = calendar.startOfDay(for: start)
        let last = end.addingTimeInterval(300)
        while day <= last && out.count < 400 {
            let c = calendar.dateComponents([.year, .month, .day], from: day)
            out.append(root + String(format: "%04d/%02d/%02d/", c.year ?? 0, c.month ?? 0, c.day ?? 0))
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return out
    }

    /// Where a load balancer's access logs for a window are.
    struct LogLocation: Sendable {
        /// The bucket.
        var bucket: String
        /// The day prefixes the window's objects are under, oldest first.
        var prefixes: [String]
        /// What the load balancer's own object names contain (`_app.NAME.ID_`), to skip other load balancers'.
        var marker: String?
    }

    /// The location of `snapshot`'s access logs for `start`…`end` (nil when access logs are not enabled).
    static func logLocation(snapshot: LoadBalancerSnapshot, region: String, start: Date, end: Date) -> LogLocation? {
        guard snapshot.accessLogsEnabled == true, let bucket = snapshot.accessLogBucket else { return nil }
        let prefixes = logPrefixes(
            snapshot: snapshot,
            base: snapshot.accessLogPrefix ?? "",
            region: region,
            start: start,
            end: end
        )
        return LogLocation(bucket: bucket, prefixes: prefixes, marker: objectMarker(of: snapshot))
    }

    /// What the load balancer's own object names contain (`_app.NAME.ID_`), for every log type.
    static func objectMarker(of snapshot: LoadBalancerSnapshot) -> String? {
        EvidenceGatherer.metricDimension(ofLoadBalancerARN: snapshot.arn).map {
            "_" + $0.replacingOccurrences(of: "/", with: ".") + "_"
        }
    }

    /// The day prefixes under `base` (an `<log>.s3.prefix` attribute) in which the load balancer delivers its logs
    /// for the window (its account and region come from its ARN; `region` when the ARN has none).
    static func logPrefixes(
        snapshot: LoadBalancerSnapshot,
        base: String,
        region: String,
        start: Date,
        end: Date
    ) -> [String] {
        let account = EvidenceGatherer.account(ofARN: snapshot.arn) ?? ""
        let lbRegion =
            snapshot.arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
            ?? region
        return dayPrefixes(base: base, account: account, region: lbRegion, start: start, end: end)
    }

    /// The missing evidence of a load balancer whose access logs are not enabled (or not known to be).
    static func logsNotEnabled(_ snapshot: LoadBalancerSnapshot) -> MissingEvidence {
        MissingEvidence(
            source: .accessLog,
            what: "access logs",
            reason: snapshot.accessLogsEnabled == nil
                ? "the load balancer's attributes could not be read"
                : "access logs are disabled on \(snapshot.name) (access_logs.s3.enabled is false)",
            impact:
                "Which targets, paths and signatures the 502s have is unknown. Enable access logs (they cover new traffic only) or pass --logs PATH."
        )
    }

    func scanS3(
        snapshot: LoadBalancerSnapshot,
        core: AWSHTTPClient,
        region: String,
        start: Date,
        end: Date,
        window: TimeWindow,
        saveTo: URL? = nil,
        missing: inout [MissingEvidence]
    ) async -> LogOutcome? {
        guard let location = Self.logLocation(snapshot: snapshot, region: region, start: start, end: end) else {
            missing.append(Self.logsNotEnabled(snapshot))
            return nil
        }
        let bucket = location.bucket
        let prefixes = location.prefixes
        let client = S3Client(core: core)
        let reader = S3LogSource(client: client, bucket: bucket, concurrency: options.s3Concurrency)
        let listed: LogListing
        do {
            listed = try await list(
                .access,
                client: client,
                bucket: bucket,
                prefixes: prefixes,
                snapshot: snapshot,
                window: window
            )
        } catch {
            missing.append(Self.listingFailed(error, bucket: bucket, prefix: prefixes.first ?? ""))
            return nil
        }
        let objects = listed.objects
        let pruned = listed.pruned
        let otherLoadBalancers = listed.otherLoadBalancers
        let progress = options.progress
        progress?.beginObjects(count: objects.count, bytes: objects.reduce(0) { $0 + $1.size })
        if let saveTo {
            // Download every object, then read the copies: the saved logs are exactly what was analysed.
            do {
                try await download(objects, client: client, bucket: bucket, to: saveTo)
                var outcome = try await scanLocal(paths: [saveTo.path], window: window)
                outcome.inputs = ["s3://\(bucket)/\(prefixes.first ?? "") (saved to \(saveTo.path))"]
                return outcome
            } catch {
                missing.append(
                    EvidenceGatherer.missing(
                        error,
                        source: .accessLog,
                        what: "access logs in s3://\(bucket) (saving them to \(saveTo.path))",
                        action: "s3:GetObject",
                        impact: "Which targets, paths and signatures the 502s have is unknown."
                    )
                )
                return nil
            }
        }
        let seed = options.seed
        let scanned = await reader.scan(
            objects: objects,
            window: window,
            makeConsumer: { TriageAggregator(seed: seed, progress: progress) },
            objectDone: { progress?.objectDone(bytes: $0.size) }
        )
        var merged = scanned.result.consumer
        merged.flushProgress()
        var statistics = scanned.result.statistics
        statistics.sourcesPrunedByWindow += pruned
        if let failure = scanned.failures.first {
            missing.append(
                Self.objectsFailed(failure.error, failed: scanned.failures.count, of: objects.count, bucket: bucket)
            )
        }
        return LogOutcome(
            logs: merged,
            scan: ScanSummary(statistics),
            inputs: Self.s3Inputs(bucket: bucket, prefixes: prefixes, otherLoadBalancers: otherLoadBalancers)
        )
    }

    /// The missing evidence of a listing that failed.
    static func listingFailed(_ error: any Error, bucket: String, prefix: String) -> MissingEvidence {
        EvidenceGatherer.missing(
            error,
            source: .accessLog,
            what: "access logs in s3://\(bucket)/\(prefix)",
            action: "s3:ListBucket",
            impact:
                "Which targets, paths and signatures the 502s have is unknown; pass --logs PATH with a downloaded copy."
        )
    }

    /// The missing evidence of objects that could not be read (`error` is the first failure's).
    static func objectsFailed(_ error: any Error, failed: Int, of total: Int, bucket: String) -> MissingEvidence {
        EvidenceGatherer.missing(
            error,
            source: .accessLog,
            what: "\(failed) of \(total) access-log objects in s3://\(bucket)",
            action: "s3:GetObject",
            impact: "The access-log counts cover only the objects that could be read."
        )
    }

    /// The report's `inputs` of logs read from S3.
    static func s3Inputs(bucket: String, prefixes: [String], otherLoadBalancers: Int) -> [String] {
        var inputs = ["s3://\(bucket)/\(prefixes.first ?? "")"]
        if prefixes.count > 1 { inputs.append("(\(prefixes.count) day prefixes)") }
        if otherLoadBalancers > 0 { inputs.append("(\(otherLoadBalancers) objects of other load balancers skipped)") }
        return inputs
    }

    /// One log type's objects of this load balancer in the window.
    struct LogListing: Sendable {
        /// The objects to read, in key order.
        var objects: [S3Object]
        /// Objects whose name ends before the window.
        var pruned: Int
        /// Objects of other load balancers under the same prefixes.
        var otherLoadBalancers: Int
    }

    /// Lists the objects of one log type under `prefixes`: named for the window (their end time) and for this load
    /// balancer (`_app.<name>.<id>_` in the name), the same rules for access, health-check and connection logs.
    func list(
        _ type: ALBLogType,
        client: S3Client,
        bucket: String,
        prefixes: [String],
        snapshot: LoadBalancerSnapshot,
        window: TimeWindow
    ) async throws -> LogListing {
        let marker = Self.objectMarker(of: snapshot)
        var listed = LogListing(objects: [], pruned: 0, otherLoadBalancers: 0)
        for prefix in prefixes {
            let listing = try await S3LogSource(client: client, bucket: bucket, prefix: prefix, logType: type)
                .list(window: window)
            listed.pruned += listing.prunedByWindow
            for object in listing.objects {
                if let marker, !object.key.contains(marker) {
                    listed.otherLoadBalancers += 1
                    continue
                }
                listed.objects.append(object)
            }
        }
        return listed
    }

    /// Downloads `objects` into `directory` (file names as the objects'), `s3Concurrency` at a time: the saved
    /// logs of `--save-evidence`, read back as local files.
    func download(_ objects: [S3Object], client: S3Client, bucket: String, to directory: URL) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let concurrency = max(1, options.s3Concurrency)
        let progress = options.progress
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, object) in objects.enumerated() {
                if index >= concurrency { try await group.next() }
                group.addTask {
                    let name = object.key.split(separator: "/").last.map(String.init) ?? object.key
                    try await Self.download(
                        client: client,
                        bucket: bucket,
                        key: object.key,
                        to: directory.appendingPathComponent(name)
                    )
                    progress?.objectDone(bytes: object.size)
                }
            }
            try await group.waitForAll()
        }
    }

    /// Streams one object into a file.
    static func download(client: S3Client, bucket: String, key: String, to file: URL) async throws {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw DiagnoseError.evidence("cannot create \(file.path)")
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        for try await chunk in try await client.getObject(bucket: bucket, key: key) {
            chunk.withUnsafeReadableBytes { handle.write(Data($0)) }
        }
    }

    /// Copies `--logs` paths into the evidence directory.
    static func copy(_ paths: [String], to directory: URL) throws(DiagnoseError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (index, path) in paths.enumerated() where path != "-" {
                let name = URL(fileURLWithPath: path).lastPathComponent
                try FileManager.default.copyItem(
                    at: URL(fileURLWithPath: path),
                    to: directory.appendingPathComponent("\(index + 1)-\(name)")
                )
            }
        } catch {
            throw .evidence("cannot copy the logs to \(directory.path): \(error.localizedDescription)")
        }
    }
}
