import ALBAccessLog
import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` on a deploy: an ECS service `web` (cluster `prod`, Fargate, `awsvpc`) with two tasks run in the
/// emulator behind the `ip` target group, one of which is stopped by a rolling update while the load balancer
/// still sends it requests.
///
/// What moto 5.2.1 lacks is filled by loopback stand-ins, each saying which API it replaces:
/// - ECS (every call: `ListClusters`, `ListTasks`, `DescribeTasks`, `DescribeServices`, `DescribeTaskDefinition`)
///   answers with moto's own recorded answers, plus what moto leaves out: a stopped task's `stoppingAt`,
///   `stoppedAt`, `stopCode` and container exit code, and the service deployment's time (moto dates it "now" and
///   has no service-deployment APIs);
/// - CloudTrail `LookupEvents` (not in moto) answers the `DeregisterTargets` ECS made.
/// The task ENIs are moto's, with the description real ECS gives them (`arn:aws:ecs:…:attachment/<id>`; moto
/// writes "moto ECS").
@Suite struct DiagnoseDeployScenarioTests {
    /// An ECS JSON 1.1 call into the emulator; the raw body and its parsed object.
    static func ecs(_ fixture: DiagnoseFixture, _ action: String, _ body: [String: Any]) async throws -> (
        raw: String, json: [String: Any]
    ) {
        let request = AWSRequest(
            operation: action,
            iamAction: "ecs:\(action)",
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.\(action)"),
            ],
            body: Array(try JSONSerialization.data(withJSONObject: body)),
            errorProtocol: .json
        )
        let response = try await fixture.core.send(request, service: .ecs)
        let raw = String(decoding: response.body, as: UTF8.self)
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (raw, json)
    }

    static func text(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func rollingUpdateStopsATaskWhileTheLoadBalancerStillRoutesToIt() async throws {
        let base = DiagnoseFixture.base()
        let stopAt = base + 10 * 60
        try await DiagnoseScenarioTests.withFixture(idle: 60, delay: 300) { fixture in
            let ec2 = EC2Client(core: fixture.core)
            // run_task needs DNS hostnames on the VPC.
            _ = try await ec2.call(
                "ModifyVpcAttribute",
                [("VpcId", fixture.vpcID), ("EnableDnsHostnames.Value", "true")]
            )
            let group = try await ec2.call(
                "CreateSecurityGroup",
                [("GroupName", "web-tasks"), ("GroupDescription", "tasks"), ("VpcId", fixture.vpcID)]
            )
            let securityGroup = try #require(group.find("groupId")?.text)
            _ = try await Self.ecs(fixture, "CreateCluster", ["clusterName": "prod"])
            _ = try await Self.ecs(
                fixture,
                "RegisterTaskDefinition",
                [
                    "family": "web", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
                    "memory": "512",
                    "containerDefinitions": [
                        [
                            // moto's RunTask needs each container's own memory (and DNS hostnames on the VPC).
                            "name": "app", "image": "registry.example.com/web:1.8", "stopTimeout": 30, "memory": 512,
                            "portMappings": [["containerPort": 8080]],
                        ]
                    ],
                ]
            )
            let network: [String: Any] = [
                "awsvpcConfiguration": ["subnets": [fixture.subnetIDs[0]], "securityGroups": [securityGroup]]
            ]
            _ = try await Self.ecs(
                fixture,
                "CreateService",
                [
                    "cluster": "prod", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2,
                    "launchType": "FARGATE", "networkConfiguration": network,
                    "loadBalancers": [
                        ["targetGroupArn": fixture.targetGroupARN, "containerName": "app", "containerPort": 8080]
                    ],
                ]
            )
            // moto's services start no task: run them as the service would.
            let run = try await Self.ecs(
                fixture,
                "RunTask",
                [
                    "cluster": "prod", "taskDefinition": "web", "count": 2, "launchType": "FARGATE",
                    "group": "service:web", "networkConfiguration": network,
                ]
            )
            let tasks = try #require(run.json["tasks"] as? [[String: Any]])
            #expect(tasks.count == 2)
            var addresses: [String] = []
            for task in tasks {
                let attachment = try #require((task["attachments"] as? [[String: Any]])?.first)
                let details = attachment["details"] as? [[String: String]] ?? []
                let eni = try #require(details.first { $0["name"] == "networkInterfaceId" }?["value"])
                let ip = try #require(details.first { $0["name"] == "privateIPv4Address" }?["value"])
                let id = try #require(attachment["id"] as? String)
                _ = try await ec2.call(
                    "ModifyNetworkInterfaceAttribute",
                    [
                        ("NetworkInterfaceId", eni),
                        ("Description.Value", "arn:aws:ecs:us-east-1:123456789012:attachment/\(id)"),
                    ]
                )
                addresses.append(ip)
            }
            var register = [("TargetGroupArn", fixture.targetGroupARN)]
            for (i, ip) in addresses.enumerated() {
                register += [("Targets.member.\(i + 1).Id", ip), ("Targets.member.\(i + 1).Port", "8080")]
            }
            _ = try await ELBv2Client(core: fixture.core).call("RegisterTargets", register)
            let stoppedARN = try #require(tasks[0]["taskArn"] as? String)
            let stoppedID = try #require(stoppedARN.split(separator: "/").last.map(String.init))
            _ = try await Self.ecs(
                fixture,
                "StopTask",
                [
                    "cluster": "prod", "task": stoppedARN,
                    "reason": "Scaling activity initiated by (deployment ecs-svc/5830279186624393785)",
                ]
            )

            // Logs: 25 minutes over both tasks; the stopped one answers until T, then 502s for 8 s, then nothing.
            var lines: [String] = []
            for i in 0..<600 {
                let t = base * 1_000_000 + Int64(i) * 2_500_000
                var target = addresses[i % 2] + ":8080"
                if i % 2 == 0 && t >= stopAt * 1_000_000 { target = addresses[1] + ":8080" }
                lines.append(fixture.line(at: t, target: target))
            }
            var failed: [Int: Int] = [:]
            for k in 0..<16 {
                let t = stopAt * 1_000_000 + 200_000 + Int64(k) * 500_000
                lines.append(
                    fixture.line(
                        at: t,
                        target: addresses[0] + ":8080",
                        times: k < 4 ? "0.000 0.003 -1" : "-1 -1 -1",
                        elb: 502,
                        targetStatus: "-"
                    )
                )
                failed[DiagnoseFixture.minute(t), default: 0] += 1
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))

            // The ECS stand-in: moto's answers, recorded now, with the fields moto leaves out.
            let clusters = try await Self.ecs(fixture, "ListClusters", [:]).raw
            let running = try await Self.ecs(fixture, "ListTasks", ["cluster": "prod", "desiredStatus": "RUNNING"]).raw
            let stopped = try await Self.ecs(fixture, "ListTasks", ["cluster": "prod", "desiredStatus": "STOPPED"]).raw
            let definition = try await Self.ecs(fixture, "DescribeTaskDefinition", ["taskDefinition": "web:1"]).raw
            var described = try await Self.ecs(
                fixture,
                "DescribeTasks",
                ["cluster": "prod", "tasks": tasks.compactMap { $0["taskArn"] as? String }]
            ).json
            var patched: [[String: Any]] = []
            for var task in described["tasks"] as? [[String: Any]] ?? [] {
                if task["taskArn"] as? String == stoppedARN {
                    task["stoppingAt"] = Double(stopAt)
                    task["stoppedAt"] = Double(stopAt + 30)
                    task["stopCode"] = "ServiceSchedulerInitiated"
                    task["containers"] = (task["containers"] as? [[String: Any]] ?? []).map { c in
                        var c = c
                        c["exitCode"] = 137
                        c["lastStatus"] = "STOPPED"
                        return c
                    }
                }
                patched.append(task)
            }
            described["tasks"] = patched
            let describedText = try Self.text(described)
            var services = try await Self.ecs(fixture, "DescribeServices", ["cluster": "prod", "services": ["web"]])
                .json
            services["services"] = (services["services"] as? [[String: Any]] ?? []).map { s in
                var s = s
                s["deployments"] = [
                    [
                        "id": "ecs-svc/5830279186624393785", "status": "PRIMARY", "rolloutState": "IN_PROGRESS",
                        "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
                        "createdAt": Double(stopAt - 40),
                    ],
                    [
                        "id": "ecs-svc/1111111111111111111", "status": "ACTIVE",
                        "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
                        "createdAt": Double(base - 3600),
                    ],
                ]
                return s
            }
            let servicesText = try Self.text(services)
            let ecsStandIn = try await LoopbackJSONServer.start { request in
                let action = request.header("X-Amz-Target")?.split(separator: ".").last.map(String.init) ?? ""
                switch action {
                case "ListClusters": return .json(clusters)
                case "ListTasks": return .json(request.bodyText.contains("STOPPED") ? stopped : running)
                case "DescribeTasks": return .json(describedText)
                case "DescribeServices": return .json(servicesText)
                case "DescribeTaskDefinition": return .json(definition)
                default:
                    return .json(#"{"__type": "UnsupportedOperation", "message": "\#(action)"}"#, status: 400)
                }
            }
            defer { Task { await ecsStandIn.stop() } }
            let trail = try await DiagnoseScenarioTests.cloudTrail(events: [
                fixture.trailEvent(
                    "DeregisterTargets",
                    at: stopAt - 2,
                    user: "ecs-service-scheduler",
                    invokedBy: "ecs.amazonaws.com",
                    parameters: #"\"targets\":[{\"id\":\"\#(addresses[0])\",\"port\":8080}]"#
                )
            ])
            defer { Task { await trail.stop() } }

            let json = try await fixture.diagnose(
                trail: trail,
                since: "1h",
                overrides: ["AWS_ENDPOINT_URL_ECS": ecsStandIn.endpoint]
            )
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-stopped-while-registered", "\(DiagnoseScenarioTests.ids(causes))")
            #expect(top["count"] as? Int == 16)
            let details = try #require(
                DiagnoseScenarioTests.details(top) { $0["workload_kind"] == "ecs-task" }
            )
            #expect(details["target"] == addresses[0] + ":8080")
            #expect(details["task_id"] == stoppedID)
            #expect(details["service"] == "web")
            #expect(details["task_definition"] == "web:1")
            #expect(details["deployment"] == "ecs-svc/5830279186624393785")
            #expect(details["deployment_started"] == Phrase.time((stopAt - 40) * 1_000_000))
            #expect(details["deregister_targets"] == Phrase.time((stopAt - 2) * 1_000_000))
            #expect(details["deregistration_delay_seconds"] == "300")
            #expect(details["stop_signal"] == Phrase.time(stopAt * 1_000_000))
            #expect(details["stopped"] == Phrase.time((stopAt + 30) * 1_000_000))
            #expect(details["stop_timeout_seconds"] == "30")
            #expect(details["exit_code.app"] == "137")
            #expect(details["stop_code"] == "ServiceSchedulerInitiated")
            let fixes = top["fix"] as? [String] ?? []
            #expect(fixes.contains { $0.contains("is 300 s but the container's stopTimeout is 30 s") }, "\(fixes)")
            #expect(fixes.contains { $0.contains("exited with 137 (SIGKILL) 30 s after the stop signal") })
            let workloads = json["workloads"] as? [[String: Any]] ?? []
            let names = workloads.compactMap { $0["name"] as? String }
            #expect(
                names.contains { $0.hasPrefix("ECS task \(stoppedID) (service web, web:1, container app, FARGATE)") }
            )
            let rows =
                ((json["access_logs"] as? [String: Any])?["breakdowns"] as? [String: Any])?["targets"]
                as? [String: Any]
            let row = (rows?["rows"] as? [[String: Any]])?.first
            #expect((row?["workload"] as? String)?.contains(stoppedID) == true)
            #expect((json["gathered"] as? [String] ?? []).contains { $0.hasPrefix("workloads: ") })
        }
    }
}
