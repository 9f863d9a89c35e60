import ALBAccessLog

/// When a workload was told to stop and when it had stopped, read from its platform's fields.
///
/// - ECS task: the signal is `stoppingAt` (SIGTERM to the containers), the stop `stoppedAt`, the kill
///   window the container's `stopTimeout` (ECS default 30 s).
/// - Kubernetes pod: `deletionTimestamp` is the deadline (deletion request + grace period), so the signal
///   (preStop hook, then SIGTERM) is `deletionTimestamp − grace`; the stop is the last container's
///   `finishedAt`, else the deadline.
/// - EC2 instance: the Auto Scaling termination activity's start and end.
public struct StopTimeline: Sendable, Hashable {
    /// The stop signal, µs since the epoch.
    public var signal: Int64
    /// Where the signal time comes from (`ECS stoppingAt`, …).
    public var signalSource: String
    /// When it had stopped, µs (nil when not known).
    public var stopped: Int64?
    /// Where the stop time comes from.
    public var stoppedSource: String?
    /// Seconds from the signal to the forced kill (`stopTimeout`, grace period), when known.
    public var killAfterSeconds: Int?
    /// Which setting `killAfterSeconds` is (`stopTimeout`, `terminationGracePeriodSeconds`).
    public var killSetting: String?

    /// Creates a timeline.
    public init(
        signal: Int64,
        signalSource: String,
        stopped: Int64? = nil,
        stoppedSource: String? = nil,
        killAfterSeconds: Int? = nil,
        killSetting: String? = nil
    ) {
        self.signal = signal
        self.signalSource = signalSource
        self.stopped = stopped
        self.stoppedSource = stoppedSource
        self.killAfterSeconds = killAfterSeconds
        self.killSetting = killSetting
    }

    /// The timeline of `workload`, nil when nothing says it stopped.
    public init?(_ workload: Workload) {
        switch workload.kind {
        case .ecsTask:
            guard let task = workload.ecsTask else { return nil }
            let timeout = task.stopTimeoutSeconds ?? 30
            if let stopping = task.stoppingAt {
                self.init(
                    signal: stopping.microsecondsSinceEpoch,
                    signalSource: "ECS stoppingAt",
                    stopped: task.stoppedAt?.microsecondsSinceEpoch,
                    stoppedSource: task.stoppedAt == nil ? nil : "ECS stoppedAt",
                    killAfterSeconds: timeout,
                    killSetting: "stopTimeout"
                )
            } else if let stopped = task.stoppedAt {
                self.init(
                    signal: stopped.microsecondsSinceEpoch - Int64(timeout) * 1_000_000,
                    signalSource: "ECS stoppedAt − stopTimeout (no stoppingAt)",
                    stopped: stopped.microsecondsSinceEpoch,
                    stoppedSource: "ECS stoppedAt",
                    killAfterSeconds: timeout,
                    killSetting: "stopTimeout"
                )
            } else {
                return nil
            }
        case .kubernetesPod:
            guard let pod = workload.pod, let deadline = pod.deletionTimestamp else { return nil }
            let grace = pod.gracePeriodSeconds ?? 30
            let signal = deadline.microsecondsSinceEpoch - Int64(grace) * 1_000_000
            self.init(
                signal: signal,
                signalSource: "pod deletion (deletionTimestamp − \(grace) s grace period)",
                stopped: pod.finishedAt?.microsecondsSinceEpoch ?? deadline.microsecondsSinceEpoch,
                stoppedSource: pod.finishedAt == nil
                    ? "deletionTimestamp (the kill deadline)" : "container finishedAt",
                killAfterSeconds: grace,
                killSetting: pod.specGracePeriodSeconds == nil
                    ? "terminationGracePeriodSeconds" : "the deletion's grace period"
            )
        case .ec2Instance:
            guard let instance = workload.ec2Instance, let start = instance.terminationStartedAt else { return nil }
            self.init(
                signal: start.microsecondsSinceEpoch,
                signalSource: "Auto Scaling termination activity start",
                stopped: instance.terminationEndedAt?.microsecondsSinceEpoch,
                stoppedSource: instance.terminationEndedAt == nil ? nil : "Auto Scaling activity end"
            )
        case .lambdaFunction:
            return nil
        }
    }
}
