import ALBAccessLog

/// One target whose 502s line up with its workload's stop: everything the evidence and the fix of
/// `target-stopped-while-registered` say about it.
public struct StoppedTarget: Sendable, Hashable {
    /// `ip:port` as the logs write it.
    public var target: String
    /// The target group's name, when the logs name it.
    public var targetGroup: String?
    /// What ran at the address.
    public var workload: Workload
    /// Its stop.
    public var timeline: StopTimeline
    /// The errors that line up with it.
    public var episode: StopAlignment.Episode
    /// The `DeregisterTargets` call for the target before or around the stop (µs), when CloudTrail has one.
    public var deregisteredAt: Int64?
    /// Who called `DeregisterTargets`.
    public var deregisteredBy: String?
    /// The deregistration delay in effect (seconds) and where the figure comes from.
    public var delaySeconds: Int?
    /// Where `delaySeconds` comes from.
    public var delaySource: String
    /// The target's last request (µs).
    public var lastRequest: Int64?

    /// The exit codes of the workload's containers.
    public var exitCodes: [String: Int] {
        workload.ecsTask?.exitCodes ?? workload.pod?.exitCodes ?? [:]
    }

    /// The line-up of times, oldest first: `(label, µs)`.
    public var moments: [(label: String, time: Int64)] {
        var out: [(String, Int64)] = []
        if let start = workload.deployment?.startedAt?.microsecondsSinceEpoch {
            out.append(("deployment \(workload.deployment?.id ?? "") started", start))
        }
        if let deregisteredAt { out.append(("DeregisterTargets", deregisteredAt)) }
        out.append(("stop signal (\(timeline.signalSource))", timeline.signal))
        if let stopped = timeline.stopped { out.append(("stopped (\(timeline.stoppedSource ?? "-"))", stopped)) }
        out.append(("first 502", episode.first))
        out.append(("last 502", episode.last))
        if let deregisteredAt, let delaySeconds {
            out.append(("deregistration delay ran out", deregisteredAt + Int64(delaySeconds) * 1_000_000))
        }
        return out.sorted { $0.1 < $1.1 }
    }
}
