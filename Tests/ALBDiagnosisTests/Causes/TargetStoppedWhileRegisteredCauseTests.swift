import ALBAccessLog
import ALBDiagnosis
import Testing

@Suite struct TargetStoppedWhileRegisteredCauseTests {
    static let target = "10.0.2.12:8080"

    func time(_ seconds: Int64) -> LogTimestamp {
        LogTimestamp(microsecondsSinceEpoch: LogLine.base + seconds * 1_000_000)
    }

    /// Healthy traffic; `target` serves until 300 s, answers only 502s from `errorsFrom` to 310 s, then nothing.
    func logs(errorsFrom: Double = 300) -> Diagnosis {
        var lines = healthy(4000, targets: webTargets).filter {
            !($0.target == Self.target && $0.seconds >= min(300, errorsFrom))
        }
        var t = errorsFrom
        while t < 310 {
            lines.append(LogLine.notDispatched(Self.target, at: t))
            t += 0.5
        }
        return diagnose(lines)
    }

    var group: TargetGroupSnapshot {
        TargetGroupSnapshot(
            name: "tg-http",
            arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-http/0123456789abcdef",
            protocol: "HTTP",
            port: 8080,
            targetType: "ip",
            deregistrationDelaySeconds: 300
        )
    }

    func ecsTask(stoppingAt: Int64 = 300, exit: Int = 137) -> Workload {
        Workload(
            address: "10.0.2.12",
            kind: .ecsTask,
            ecsTask: .init(
                taskARN: "arn:aws:ecs:us-east-1:123456789012:task/prod/0f3c9a1b2d4e4f5a8b7c6d5e4f3a2b1c",
                cluster: "prod",
                service: "web",
                family: "web",
                revision: 42,
                container: "app",
                launchType: "FARGATE",
                lastStatus: "STOPPED",
                stoppingAt: time(stoppingAt),
                stoppedAt: time(stoppingAt + 30),
                stopCode: "ServiceSchedulerInitiated",
                stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1234567890)",
                exitCodes: ["app": exit],
                stopTimeoutSeconds: 30
            ),
            deployment: .init(id: "ecs-svc/1234567890", startedAt: time(290), description: "rolling update to web:43")
        )
    }

    var deregistration: TargetChangeEvent {
        TargetChangeEvent(
            name: "DeregisterTargets",
            time: time(298),
            targetGroupARN: group.arn,
            targets: [.init(id: "10.0.2.12", port: 8080)],
            caller: "ecs.amazonaws.com"
        )
    }

    @Test func ecsTaskStoppedDuringTheDelayIsTheCauseWithTheNumbers() throws {
        let d = logs()
        var inputs = EvidenceInputs(
            start: time(0),
            end: time(600),
            targetGroups: [group],
            targetChanges: [deregistration]
        )
        inputs.workloads = [ecsTask()]
        let combined = CombinedDiagnosis(logs: d, inputs: inputs)
        let f = try #require(combined.findings.first { $0.id == .targetStoppedWhileRegistered })
        #expect(f.count == 20)
        #expect(f.confidence >= 0.9)
        let e = try #require(f.evidence.first)
        #expect(e.details["target"] == Self.target)
        #expect(e.details["task_id"] == "0f3c9a1b2d4e4f5a8b7c6d5e4f3a2b1c")
        #expect(e.details["service"] == "web")
        #expect(e.details["task_definition"] == "web:42")
        #expect(e.details["deregistration_delay_seconds"] == "300")
        #expect(e.details["stop_timeout_seconds"] == "30")
        #expect(e.details["exit_code.app"] == "137")
        #expect(e.details["stop_signal"] == Phrase.time(time(300).microsecondsSinceEpoch))
        #expect(e.details["deployment"] == "ecs-svc/1234567890")
        #expect(e.summary.contains("ECS task 0f3c9a1b2d4e4f5a8b7c6d5e4f3a2b1c (service web, web:42"))
        #expect(f.fix.contains { $0.contains("is 300 s but the container's stopTimeout is 30 s") })
        #expect(f.fix.contains { $0.contains("137 (SIGKILL) 30 s after the stop signal") })
        #expect(f.fix.contains { $0.contains("before the deregistration delay (300 s") })
    }

    @Test func podWithoutPreStopHookNamesThePodAndTheFix() throws {
        let pod = Workload(
            address: "10.0.2.12",
            kind: .kubernetesPod,
            pod: .init(
                namespace: "shop",
                name: "web-7d9f8c-x2k4p",
                owner: "ReplicaSet/web-7d9f8c",
                node: "ip-10-0-2-5.ec2.internal",
                deletionTimestamp: time(330),
                gracePeriodSeconds: 30,
                hasPreStopHook: false
            )
        )
        let d = logs(errorsFrom: 302)
        let stopped = TargetStoppedWhileRegisteredCause.match(
            targets: TargetStoppedWhileRegisteredCause.targetErrors(d.context),
            workloads: [pod],
            changes: [],
            groups: [group]
        )
        let f = try #require(TargetStoppedWhileRegisteredCause.finding(stopped))
        let e = try #require(f.evidence.first)
        #expect(e.details["pod"] == "shop/web-7d9f8c-x2k4p")
        #expect(e.details["offset_seconds"] == "2")
        #expect(e.summary.contains("pod shop/web-7d9f8c-x2k4p (ReplicaSet/web-7d9f8c"))
        #expect(f.fix.contains { $0.contains("has no preStop hook") })
        #expect(f.fix.contains { $0.contains("terminationGracePeriodSeconds is 30 s") })
        #expect(f.fix.contains { $0.contains("pod-readiness-gate-inject") })
    }

    @Test func scaleInWithoutALifecycleHookNamesTheInstanceAndTheHook() throws {
        let instance = Workload(
            address: "10.0.2.12",
            kind: .ec2Instance,
            ec2Instance: .init(
                instanceID: "i-0a1b2c3d4e5f60718",
                nameTag: "web-asg-node",
                autoScalingGroup: "web-asg",
                state: "terminated",
                terminationStartedAt: time(299),
                terminationEndedAt: time(340),
                terminationCause:
                    "an instance was taken out of service in response to a difference between desired and actual capacity",
                hasTerminatingLifecycleHook: false
            ),
            deployment: .init(
                id: "8b7c1a2e-activity",
                startedAt: time(299),
                description: "Terminating EC2 instance: i-0a1b2c3d4e5f60718"
            )
        )
        let d = logs()
        let stopped = TargetStoppedWhileRegisteredCause.match(
            targets: TargetStoppedWhileRegisteredCause.targetErrors(d.context),
            workloads: [instance],
            changes: [],
            groups: [group]
        )
        let f = try #require(TargetStoppedWhileRegisteredCause.finding(stopped))
        let e = try #require(f.evidence.first)
        #expect(e.details["instance_id"] == "i-0a1b2c3d4e5f60718")
        #expect(e.details["offset_seconds"] == "1")
        #expect(e.summary.contains("EC2 i-0a1b2c3d4e5f60718 (web-asg-node, ASG web-asg)"))
        #expect(
            f.fix.contains {
                $0.contains("no autoscaling:EC2_INSTANCE_TERMINATING lifecycle hook") && $0.contains("300 s")
            }
        )
        #expect(f.fix.contains { $0.contains("No DeregisterTargets for 10.0.2.12:8080 before its stop") })
    }

    @Test func errorsThatBeganBeforeTheStopAreNotBlamedOnIt() {
        // The target failed from 200 s on; the task was stopped at 300 s (because it was failing).
        let d = logs(errorsFrom: 200)
        let stopped = TargetStoppedWhileRegisteredCause.match(
            targets: TargetStoppedWhileRegisteredCause.targetErrors(d.context),
            workloads: [ecsTask()],
            changes: [deregistration],
            groups: [group]
        )
        #expect(stopped.isEmpty)
    }

    @Test func withoutWorkloadsOnlyTheLogsReadingStandsAtMediumConfidence() throws {
        let combined = CombinedDiagnosis(
            logs: logs(),
            inputs: EvidenceInputs(start: time(0), end: time(600), targetGroups: [group])
        )
        let f = try #require(combined.findings.first { $0.id == .targetStoppedWhileRegistered })
        #expect(f.confidence <= 0.75)
        #expect(f.count == 20)
        #expect(f.evidence.allSatisfy { $0.details["workload"] == nil })
        #expect(f.confirm.contains { $0.contains("--kube-pods") })
    }

    @Test func aDrainWithAShortGraceBlamesTheDrainNotThePodSpec() throws {
        // `kubectl drain --grace-period=10` on a pod whose spec says 60 s: the kill came 10 s after deletion.
        let pod = Workload(
            address: "10.0.2.12",
            kind: .kubernetesPod,
            pod: .init(
                namespace: "shop",
                name: "web-1",
                deletionTimestamp: time(310),
                gracePeriodSeconds: 10,
                hasPreStopHook: true,
                exitCodes: ["app": 137],
                finishedAt: time(310),
                specGracePeriodSeconds: 60
            )
        )
        let stopped = TargetStoppedWhileRegisteredCause.match(
            targets: TargetStoppedWhileRegisteredCause.targetErrors(logs().context),
            workloads: [pod],
            changes: [],
            groups: [group]
        )
        let f = try #require(TargetStoppedWhileRegisteredCause.finding(stopped))
        #expect(f.fix.contains { $0.contains("overriding its terminationGracePeriodSeconds of 60 s") })
        #expect(!f.fix.contains { $0.contains("terminationGracePeriodSeconds is 10 s") })
        #expect(f.confirm.first?.contains("exit 137") == true)
        #expect(f.confirm.allSatisfy { !$0.contains("SIGTERM received") })
    }

    @Test func anUnknownDelayReadsAsUnknownNotAsAQuestionMark() throws {
        let stopped = TargetStoppedWhileRegisteredCause.match(
            targets: TargetStoppedWhileRegisteredCause.targetErrors(logs().context),
            workloads: [ecsTask()],
            changes: [],
            groups: []
        )
        let f = try #require(TargetStoppedWhileRegisteredCause.finding(stopped))
        let summary = try #require(f.evidence.first?.summary)
        #expect(summary.contains("deregistration delay not known (the target group's attributes were not read"))
        #expect(!summary.contains("delay ?"))
    }
}
