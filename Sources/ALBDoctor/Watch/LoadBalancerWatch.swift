import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// `alb-doctor watch`: the `diagnose` view of one load balancer kept live.
///
/// ``start(at:)`` resolves the load balancer and reads its configuration once (the `diagnose` steps as they
/// are). Each ``refresh(_:at:)`` then reads only what is new since the previous one: the CloudWatch points from
/// the previous refresh on (its last five minutes again, which CloudWatch may still add to), the CloudTrail events
/// since the previous refresh (and the fifteen minutes before, as they arrive late; each kept once), and the
/// access-log objects listed after the last key seen (``LogObjectCursor``); it folds them into the running
/// aggregates (``TriageAggregator/merge(_:)``, ``MetricSeries/merged(_:_:)``) without reading a log object twice,
/// diagnoses the window so far from the aggregates (no AWS call), and says what changed. ``finish(_:)``
/// makes the report of the whole watched window the way `diagnose --start --end` does: the configuration read
/// again, the workloads behind the targets with 502s, and the metrics, events and logs the refreshes gathered.
public struct LoadBalancerWatch: Sendable {
    /// What to watch.
    public struct Options: Sendable {
        /// The `diagnose` options: load balancer, `since` (the window starts that long before the first refresh;
        /// default 15m), AWS access, status selection, seed, `--kube-pods`.
        public var diagnose: DiagnoseRun.Options
        /// Counts every AWS request (each refresh reports its own); one is made when nil.
        public var callLog: AWSCallLog?

        /// Options for `loadBalancer` (name or ARN).
        public init(loadBalancer: String) {
            diagnose = DiagnoseRun.Options(loadBalancer: loadBalancer)
            diagnose.status = .automatic
        }
    }

    /// The default `--since`.
    public static let defaultSince = "15m"
    /// How far back each refresh reads the metrics again: CloudWatch may still add to the last minutes.
    public static let metricOverlap: TimeInterval = 300
    /// How far back each refresh looks up CloudTrail events again: they are delivered minutes late.
    public static let trailOverlap: TimeInterval = 900
    /// The oldest window start a watch takes (CloudWatch keeps 1-minute points for 15 days).
    public static let maximumWindow: TimeInterval = 14 * 86400

    /// The options.
    public var options: Options
    /// The request counter.
    public let callLog: AWSCallLog

    /// Creates a watch.
    public init(options: Options) {
        self.options = options
        callLog = options.callLog ?? AWSCallLog()
    }

    var diagnose: DiagnoseRun {
        var run = DiagnoseRun(options: options.diagnose)
        run.options.progress = nil
        return run
    }

    /// Resolves the load balancer and reads its configuration; the window starts `since` before `now` (whole
    /// seconds). Throws what `diagnose` throws when no report can be made (bad window, no AWS settings, not found).
    public func start(at now: Date) async throws(DiagnoseError) -> WatchState {
        var settings = options.diagnose
        settings.now = Self.wholeSecond(now)
        if settings.since == nil && settings.start == nil { settings.since = Self.defaultSince }
        if settings.end != nil { throw .window("watch runs until now: give --since, not --end") }
        if !settings.logs.isEmpty || settings.evidence != nil || settings.athena != nil {
            throw .window("watch reads the load balancer's own S3 logs: --logs, --evidence and --engine do not apply")
        }
        let run = DiagnoseRun(options: settings)
        let (startStamp, _) = try run.window()
        let start = Date(timeIntervalSince1970: Double(startStamp.microsecondsSinceEpoch) / 1_000_000)
        guard settings.now.timeIntervalSince(start) <= Self.maximumWindow else {
            throw .window("watch windows start at most 14 days ago (CloudWatch keeps 1-minute points for 15 days)")
        }
        let context: AWSContext
        do {
            context = try run.accessOptions().resolve(environment: settings.awsEnvironment)
        } catch let error as DiagnoseError {
            throw error
        } catch {
            throw .aws("\(error)")
        }
        var core = context.core()
        core.callLog = callLog
        let gatherer = EvidenceGatherer(core: core, region: context.region, start: start, end: settings.now)
        let loadBalancer = try await diagnose.gatherLoadBalancer(gatherer)
        let surroundings = await diagnose.gatherSurroundings(gatherer, loadBalancer: loadBalancer)
        return WatchState(
            start: start,
            end: start,
            region: context.region,
            core: core,
            loadBalancer: loadBalancer,
            surroundings: surroundings
        )
    }

    /// Reads what is new up to `now`, folds it in, and says what changed since the previous refresh.
    public func refresh(_ state: inout WatchState, at time: Date) async -> WatchRefresh {
        let now = max(Self.wholeSecond(time), state.end)
        let first = state.refreshes == 0
        let before = callLog.snapshot
        var gatherer = EvidenceGatherer(core: state.core, region: state.region, start: state.end, end: now)
        gatherer.statusMetrics = !options.diagnose.status.isDefault
        gatherer.now = now

        // Metrics: the last minutes read again (CloudWatch may still add to them), then what is new.
        var metricsFrom = gatherer
        metricsFrom.start = max(state.start, state.end.addingTimeInterval(-Self.metricOverlap))
        var missing: [MissingEvidence] = []
        let metrics = await diagnose.gatherMetrics(metricsFrom, loadBalancer: state.loadBalancer)
        let newPoints = MetricSeries.changedPoints(from: state.metrics, to: metrics.value)
        if metrics.value != nil || state.metrics == nil { state.metricsMissing = metrics.missing }
        state.metrics = MetricSeries.merged(state.metrics, metrics.value)
        missing += metrics.missing

        // CloudTrail: the first refresh with the look-back diagnose uses, then the new interval and the minutes
        // before it (CloudTrail delivers events minutes late); an event read twice is kept once.
        var trail = gatherer
        if !first { trail.trailLookback = Self.trailOverlap }
        let changes = await diagnose.gatherTargetChanges(trail, loadBalancer: state.loadBalancer)
        if let found = changes.value {
            var merged = state.changes ?? []
            for event in found where !merged.contains(event) { merged.append(event) }
            state.changes = merged.sorted { $0.time < $1.time }
            state.changesMissing = changes.missing
        } else if state.changes == nil {
            state.changesMissing = changes.missing
        }
        missing += changes.missing

        // Access logs: the objects listed after the last key seen.
        let fresh = await readNewLogObjects(&state, until: now, missing: &missing)

        state.end = now
        state.refreshes += 1
        let report = await snapshotReport(state)
        return describe(&state, report: report, fresh: fresh, newPoints: newPoints, missing: missing, before: before)
    }

    /// The report of the whole watched window (`diagnose --start START --end END` over the same window).
    public func finish(_ state: WatchState) async throws(DiagnoseError) -> DiagnoseReport {
        let pods: [Workload]
        do {
            pods = try WorkloadContext.read(kubePods: options.diagnose.kubePods).workloads
        } catch {
            throw .evidence(error.description)
        }
        var gatherer = EvidenceGatherer(core: state.core, region: state.region, start: state.start, end: state.end)
        gatherer.statusMetrics = !options.diagnose.status.isDefault
        gatherer.now = state.end
        let loadBalancer = try await diagnose.gatherLoadBalancer(gatherer)
        let surroundings = await diagnose.gatherSurroundings(gatherer, loadBalancer: loadBalancer)
        var steps = gathered(state)
        steps.loadBalancer = loadBalancer
        steps.surroundings = surroundings
        return try await diagnose.report(gatherer, pods: pods, gathered: steps)
    }

    // MARK: Steps

    /// The steps' outcomes as the refreshes left them.
    func gathered(_ state: WatchState) -> DiagnoseRun.Gathered {
        var metrics = DiagnoseRun.Step<[MetricSeries]?>(value: state.metrics, missing: state.metricsMissing)
        if let series = state.metrics { metrics.gathered = [DiagnoseRun.metricsLine(series)] }
        var changes = DiagnoseRun.Step<[TargetChangeEvent]?>(value: state.changes, missing: state.changesMissing)
        if let events = state.changes { changes.gathered = [DiagnoseRun.changesLine(events)] }
        var logs = DiagnoseRun.Step<DiagnoseRun.LogOutcome?>(value: nil, missing: state.logsMissing)
        if let aggregate = state.logs, let location = state.logLocation {
            logs.value = DiagnoseRun.LogOutcome(
                logs: aggregate,
                scan: ScanSummary(state.statistics),
                inputs: DiagnoseRun.s3Inputs(
                    bucket: location.bucket,
                    prefixes: location.prefixes,
                    otherLoadBalancers: state.otherLoadBalancerObjects
                )
            )
        }
        return DiagnoseRun.Gathered(
            loadBalancer: state.loadBalancer,
            metrics: metrics,
            surroundings: state.surroundings,
            changes: changes,
            logs: logs
        )
    }

    /// The diagnosis of the window so far from what was read (no AWS call: no workloads, no configuration).
    func snapshotReport(_ state: WatchState) async -> DiagnoseReport {
        var gatherer = EvidenceGatherer(core: state.core, region: state.region, start: state.start, end: state.end)
        gatherer.now = state.end
        var run = diagnose
        run.options.saveEvidence = nil
        do {
            return try await run.report(gatherer, pods: [], gathered: gathered(state), workloads: false)
        } catch {
            // Only saving evidence throws, and a snapshot saves none.
            return DiagnoseRun.finish(
                loadBalancer: state.loadBalancerName,
                arn: state.loadBalancer.resolved.arn,
                region: state.region,
                inputs: EvidenceInputs(start: gatherer.startStamp, end: gatherer.endStamp, missing: []),
                gathered: [],
                logs: nil
            )
        }
    }

    /// What the new log lines held.
    struct FreshLogs {
        var objects = 0
        var aggregate: TriageAggregator?
    }

    /// Lists each day prefix of the window after its cursor, reads the objects not read yet, folds them in.
    func readNewLogObjects(_ state: inout WatchState, until now: Date, missing: inout [MissingEvidence]) async
        -> FreshLogs
    {
        guard let snapshot = state.loadBalancer.resolved.snapshot else {
            if state.logs == nil && state.logsMissing.isEmpty {
                state.logsMissing = [DiagnoseRun.missingLogLocation]
            }
            return FreshLogs()
        }
        guard
            let location = DiagnoseRun.logLocation(
                snapshot: snapshot,
                region: state.region,
                start: state.start,
                end: now
            )
        else {
            state.logsMissing = [DiagnoseRun.logsNotEnabled(snapshot)]
            return FreshLogs()
        }
        state.logLocation = location
        let window = TimeWindow(since: EvidenceGatherer.stamp(state.start), until: EvidenceGatherer.stamp(now))
        let client = S3Client(core: state.core)
        var objects: [S3Object] = []
        var pruned = 0
        do {
            for prefix in location.prefixes {
                let cursor = state.cursors[prefix]
                let listing = try await S3LogSource(client: client, bucket: location.bucket, prefix: prefix).list(
                    window: window,
                    startAfter: cursor?.startAfter
                )
                if cursor == nil { pruned += listing.prunedByWindow }
                var next = cursor ?? LogObjectCursor()
                for object in listing.objects {
                    if let marker = location.marker, !object.key.contains(marker) {
                        if cursor == nil { state.otherLoadBalancerObjects += 1 }
                        continue
                    }
                    if next.hasRead(object.key) { continue }
                    objects.append(object)
                    next.read(object.key, marker: location.marker)
                }
                state.cursors[prefix] = next
            }
        } catch {
            let entry = DiagnoseRun.listingFailed(error, bucket: location.bucket, prefix: location.prefixes.first ?? "")
            missing.append(entry)
            if state.logs == nil { state.logsMissing = [entry] }
            return FreshLogs()
        }
        // Cursors of days before the window are no longer needed.
        state.cursors = state.cursors.filter { location.prefixes.contains($0.key) }
        let seed = options.diagnose.seed
        let scanned = await S3LogSource(
            client: client,
            bucket: location.bucket,
            concurrency: options.diagnose.s3Concurrency
        ).scan(objects: objects, window: window, makeConsumer: { TriageAggregator(seed: seed) })
        var statistics = scanned.result.statistics
        statistics.sourcesPrunedByWindow += pruned
        var aggregate = state.logs ?? TriageAggregator(seed: seed)
        aggregate.merge(scanned.result.consumer)
        state.logs = aggregate
        state.statistics.merge(statistics)
        state.logsMissing = []
        if let failure = scanned.failures.first {
            let entry = DiagnoseRun.objectsFailed(
                failure.error,
                failed: scanned.failures.count,
                of: objects.count,
                bucket: location.bucket
            )
            missing.append(entry)
            state.logsMissing = [entry]
        }
        return FreshLogs(objects: objects.count, aggregate: scanned.result.consumer)
    }

    static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
