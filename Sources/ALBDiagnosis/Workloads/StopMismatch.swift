/// The settings that let a stopping workload take traffic it could not serve, with the numbers and the exact
/// setting to change on its platform.
public enum StopMismatch {
    /// The fixes for one stopped target, most specific first; a general one when no setting explains it.
    public static func fixes(for stopped: StoppedTarget) -> [String] {
        let found = mismatches(for: stopped)
        guard found.isEmpty else { return found }
        return [
            "Make the workload keep serving until the load balancer has stopped routing to it: deregister first, wait the deregistration delay, then stop (and handle SIGTERM by draining)."
        ]
    }

    /// The settings that explain the stop's 502s, with their numbers (empty when none does).
    public static func mismatches(for stopped: StoppedTarget) -> [String] {
        var out: [String] = []
        let workload = stopped.workload
        let timeline = stopped.timeline
        let group = stopped.targetGroup ?? "the target group"
        let sinceSignal: (Int64?) -> String = { t in
            t.map { Phrase.seconds(Double($0 - timeline.signal) / 1_000_000) } ?? "?"
        }
        // Killed while still draining: the delay outlasts the kill window.
        if let delay = stopped.delaySeconds, let kill = timeline.killAfterSeconds, delay > kill {
            switch workload.kind {
            case .ecsTask:
                out.append(
                    "deregistration_delay.timeout_seconds of \(group) is \(delay) s but the container's stopTimeout is \(kill) s: the task is killed \(kill) s after SIGTERM while the load balancer may still send it requests for up to \(delay) s. Lower deregistration_delay.timeout_seconds to below \(kill) s (target group attribute), or raise stopTimeout in the task definition's container definition (at most 120 s on Fargate) and make the app finish in-flight requests within it."
                )
            case .kubernetesPod where (workload.pod?.specGracePeriodSeconds ?? 0) > kill:
                let spec = workload.pod?.specGracePeriodSeconds ?? kill
                out.append(
                    "The pod was deleted with a grace period of \(kill) s, overriding its terminationGracePeriodSeconds of \(spec) s (`kubectl drain --grace-period` or `kubectl delete --grace-period`): it was killed \(kill) s after deletion, cutting its preStop sleep and drain, while deregistration_delay.timeout_seconds of \(group) is \(delay) s. Drain and delete without a shorter --grace-period (or at least the pod's own \(spec) s), and keep the spec's grace above the preStop sleep plus the time to drain."
                )
            case .kubernetesPod:
                out.append(
                    "deregistration_delay.timeout_seconds of \(group) is \(delay) s but the pod's terminationGracePeriodSeconds is \(kill) s: the pod is killed \(kill) s after deletion while the target may still be draining for \(delay) s. Set spec.terminationGracePeriodSeconds above the preStop sleep plus the delay, or lower the delay with the Ingress annotation alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=\(max(1, kill - 5)) (or the TargetGroupBinding's target group attributes)."
                )
            case .ec2Instance, .lambdaFunction:
                break
            }
        }
        // Stopped before DeregisterTargets + delay.
        if let deregisteredAt = stopped.deregisteredAt, let delay = stopped.delaySeconds {
            let drainEnd = deregisteredAt + Int64(delay) * 1_000_000
            if timeline.signal < drainEnd - StopAlignment.defaultSkew {
                let early = Phrase.seconds(Double(drainEnd - timeline.signal) / 1_000_000)
                out.append(
                    "The stop signal came \(early) s before the deregistration delay (\(delay) s from DeregisterTargets at \(Phrase.time(deregisteredAt))) ran out: the workload must keep serving until the target has drained."
                )
            }
        } else if stopped.deregisteredAt == nil, workload.kind != .kubernetesPod {
            out.append(
                "No DeregisterTargets for \(stopped.target) before its stop: the target was still registered when it stopped. Stop workloads through the service or group that deregisters them first (ECS service, Auto Scaling group attached to the target group)."
            )
        }
        // Exit codes: how the process met SIGTERM.
        for (container, code) in stopped.exitCodes.sorted(by: { $0.key < $1.key }) {
            let after = sinceSignal(timeline.stopped)
            switch code {
            case 143:
                out.append(
                    "Container \(container) exited with 143 (killed by SIGTERM) \(after) s after the stop signal: the process does not handle SIGTERM, so in-flight requests and the connections the load balancer still uses are cut at once. Catch SIGTERM, stop accepting, finish in-flight requests, then exit; start the server with exec (or an init such as initProcessEnabled / tini) so it receives the signal."
                )
            case 137:
                out.append(
                    "Container \(container) exited with 137 (SIGKILL) \(after) s after the stop signal: it ignored SIGTERM until \(timeline.killSetting ?? "the stop timeout")\(timeline.killAfterSeconds.map { " (\($0) s)" } ?? "") ran out. Handle SIGTERM (often PID 1 is a shell that does not forward it: exec the server, or use initProcessEnabled / tini)."
                )
            default:
                break
            }
        }
        switch workload.kind {
        case .kubernetesPod:
            if let pod = workload.pod {
                if !pod.hasPreStopHook {
                    out.append(
                        "Pod \(pod.qualifiedName) has no preStop hook: the kubelet sends SIGTERM at the moment the AWS Load Balancer Controller starts deregistering the pod, and the load balancer keeps routing to it for several seconds (its 502s began \(Phrase.seconds(max(0, stopped.episode.offsetSeconds))) s after the deletion). Add lifecycle.preStop that sleeps longer than that (e.g. preStop: {sleep: {seconds: 15}} on Kubernetes ≥ 1.30, or exec: {command: [\"sleep\", \"15\"]}), and keep terminationGracePeriodSeconds above the sleep plus the time to drain."
                    )
                }
                if !pod.readinessGates.contains(where: { $0.hasPrefix("target-health.elbv2.k8s.aws") }) {
                    out.append(
                        "Pod \(pod.qualifiedName) has no target-health readiness gate: a rollout can remove old pods before the new ones are healthy in \(group). Label the namespace elbv2.k8s.aws/pod-readiness-gate-inject=enabled so the controller injects the gate."
                    )
                }
            }
        case .ec2Instance:
            if let instance = workload.ec2Instance, instance.hasTerminatingLifecycleHook == false {
                out.append(
                    "Auto Scaling group \(instance.autoScalingGroup ?? "-") terminated \(instance.instanceID) with no autoscaling:EC2_INSTANCE_TERMINATING lifecycle hook: add one whose heartbeat timeout exceeds the deregistration delay (\(stopped.delaySeconds.map { "\($0) s" } ?? "300 s by default")), completing it once the target has drained, or attach the target group to the group so scale-in deregisters and waits first."
                )
            }
        case .ecsTask, .lambdaFunction:
            break
        }
        return out
    }
}
