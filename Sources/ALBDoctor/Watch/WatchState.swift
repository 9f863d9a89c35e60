import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// What `watch` has read so far: the configuration read at the start, the metric points, CloudTrail events and
/// access-log aggregates of the window up to the last refresh, and where each source goes on from. A value: a
/// refresh takes it `inout`; nothing in it grows with the number of log lines or objects read (the aggregates are
/// bounded tables, metric points one per minute, the object cursors bounded by their overlap).
public struct WatchState: Sendable {
    /// Start of the watched window.
    public internal(set) var start: Date
    /// End of what has been read (the last refresh's time; `start` before the first).
    public internal(set) var end: Date
    /// Refreshes done.
    public internal(set) var refreshes = 0
    /// The load balancer's name as resolved.
    public var loadBalancerName: String { loadBalancer.resolved.name }
    /// The last error seen (a 5xx in the logs or the metrics), for `--until-quiet`.
    public internal(set) var lastErrorAt: Date?

    var region: String
    var core: AWSHTTPClient
    var loadBalancer: DiagnoseRun.LoadBalancerEvidence
    var surroundings: DiagnoseRun.Step<DiagnoseRun.Surroundings>

    var metrics: [MetricSeries]?
    var metricsMissing: [MissingEvidence] = []
    var changes: [TargetChangeEvent]?
    var changesMissing: [MissingEvidence] = []

    /// The access logs: one aggregate and the statistics of every object read, nil when they cannot be read.
    var logs: TriageAggregator?
    var statistics = ParseStatistics()
    var logsMissing: [MissingEvidence] = []
    var logLocation: DiagnoseRun.LogLocation?
    var cursors: [String: LogObjectCursor] = [:]
    var otherLoadBalancerObjects = 0

    /// Where the previous refresh read metrics up to (the error rate is over the minutes after it).
    var metricsReadUpTo: Date?
    /// What the previous refresh could not read (named once in the change lines).
    var missingBefore: Set<String> = []
    /// The previous refresh's picture, to say what changed.
    var previous: WatchPicture?
}
