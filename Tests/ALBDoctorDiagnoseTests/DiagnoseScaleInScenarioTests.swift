import ALBAccessLog
import ALBDiagnosis
import ALBDoctor
import AWSClients
import Foundation
import TestSupport
import Testing

/// `diagnose` on a scale-in: an EC2 Auto Scaling group `web-asg` of two instances (launched by the emulator)
/// behind the `ip` target group; the group terminates one while the load balancer still sends it requests, and
/// the group has no termination lifecycle hook.
///
/// moto 5.2.1 launches the group's instances, tags them and terminates one on
/// `TerminateInstanceInAutoScalingGroup`, but its `DescribeScalingActivities` always answers an empty list. A
/// loopback stand-in therefore replaces the Auto Scaling API: `DescribeScalingActivities` answers the activity
/// moto returned for the termination, with the start and end times real Auto Scaling records (moto dates it
/// "now" and leaves the end out); `DescribeLifecycleHooks` answers moto's own recorded answer (no hook).
/// CloudTrail `LookupEvents` (not in moto) answers the `DeregisterTargets` Auto Scaling made.
@Suite struct DiagnoseScaleInScenarioTests {
    static func autoScaling(_ fixture: DiagnoseFixture, _ action: String, _ parameters: [(String, String)])
        async throws -> (raw: String, xml: XMLNode)
    {
        let request = AWSProtocolRequests.query(
            service: .autoScaling,
            action: action,
            parameters: parameters.map { (name: $0.0, value: $0.1) }
        )
        let response = try await fixture.core.send(request, service: .autoScaling)
        return (
            String(decoding: response.body, as: UTF8.self),
            try AWSProtocolRequests.decodeXML(response, operation: action)
        )
    }

    static func iso(_ seconds: Int64) -> String { Phrase.time(seconds * 1_000_000) }

    /// Every element named `name` under `node`, depth first.
    static func collect(_ node: XMLNode, _ name: String) -> [XMLNode] {
        (node.name == name ? [node] : []) + node.children.flatMap { collect($0, name) }
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func aScaleInTerminatesAnInstanceWhileTheLoadBalancerStillRoutesToIt() async throws {
        let base = DiagnoseFixture.base()
        let stopAt = base + 10 * 60
        try await DiagnoseScenarioTests.withFixture(idle: 60, delay: 300) { fixture in
            let ec2 = EC2Client(core: fixture.core)
            _ = try await Self.autoScaling(
                fixture,
                "CreateLaunchConfiguration",
                [("LaunchConfigurationName", "web-lc"), ("ImageId", "ami-12c6146b"), ("InstanceType", "t3.micro")]
            )
            _ = try await Self.autoScaling(
                fixture,
                "CreateAutoScalingGroup",
                [
                    ("AutoScalingGroupName", "web-asg"), ("LaunchConfigurationName", "web-lc"), ("MinSize", "1"),
                    ("MaxSize", "2"), ("DesiredCapacity", "2"), ("VPCZoneIdentifier", fixture.subnetIDs[0]),
                ]
            )
            let groups = try await Self.autoScaling(
                fixture,
                "DescribeAutoScalingGroups",
                [("AutoScalingGroupNames.member.1", "web-asg")]
            ).xml
            let instanceIDs = Self.collect(groups, "InstanceId").map(\.text)
            #expect(instanceIDs.count == 2)
            var addresses: [String: String] = [:]
            var parameters: [(name: String, value: String)] = []
            for (i, id) in instanceIDs.enumerated() { parameters.append(("InstanceId.\(i + 1)", id)) }
            let described = try await ec2.call("DescribeInstances", parameters)
            for item in Self.collect(described, "instancesSet").flatMap(\.children) {
                if let id = item.find("instanceId")?.text, let ip = item.find("privateIpAddress")?.text {
                    addresses[id] = ip
                }
            }
            let stoppedID = try #require(instanceIDs.first)
            let stoppedIP = try #require(addresses[stoppedID])
            let otherIP = try #require(addresses[instanceIDs[1]])
            var register = [("TargetGroupArn", fixture.targetGroupARN)]
            for (i, ip) in [stoppedIP, otherIP].enumerated() {
                register += [("Targets.member.\(i + 1).Id", ip), ("Targets.member.\(i + 1).Port", "8080")]
            }
            _ = try await ELBv2Client(core: fixture.core).call("RegisterTargets", register)
            let terminated = try await Self.autoScaling(
                fixture,
                "TerminateInstanceInAutoScalingGroup",
                [("InstanceId", stoppedID), ("ShouldDecrementDesiredCapacity", "true")]
            ).xml
            let activityID = terminated.find("ActivityId")?.text ?? "4e1f6a7b-0000-4000-8000-000000000001"
            let cause =
                terminated.find("Cause")?.text
                ?? "At \(Self.iso(stopAt)) instance \(stoppedID) was taken out of service in response to a user request, shrinking the capacity from 2 to 1."
            let hooks = try await Self.autoScaling(
                fixture,
                "DescribeLifecycleHooks",
                [("AutoScalingGroupName", "web-asg")]
            ).raw

            // Logs: both instances serve; the terminated one answers until T, then 502s for 8 s, then nothing.
            var lines: [String] = []
            for i in 0..<600 {
                let t = base * 1_000_000 + Int64(i) * 2_500_000
                var target = (i % 2 == 0 ? stoppedIP : otherIP) + ":8080"
                if i % 2 == 0 && t >= stopAt * 1_000_000 { target = otherIP + ":8080" }
                lines.append(fixture.line(at: t, target: target))
            }
            var failed: [Int: Int] = [:]
            for k in 0..<16 {
                let t = stopAt * 1_000_000 + 300_000 + Int64(k) * 500_000
                lines.append(
                    fixture.line(
                        at: t,
                        target: stoppedIP + ":8080",
                        times: k < 3 ? "0.000 0.004 -1" : "-1 -1 -1",
                        elb: 502,
                        targetStatus: "-"
                    )
                )
                failed[DiagnoseFixture.minute(t), default: 0] += 1
            }
            try await fixture.uploadLog(lines, end: base + 1800)
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: DiagnoseFixture.points(failed))

            let activities = """
                <DescribeScalingActivitiesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                  <DescribeScalingActivitiesResult>
                    <Activities>
                      <member>
                        <ActivityId>\(activityID)</ActivityId>
                        <AutoScalingGroupName>web-asg</AutoScalingGroupName>
                        <Description>Terminating EC2 instance: \(stoppedID)</Description>
                        <Cause>\(cause)</Cause>
                        <StartTime>\(Self.iso(stopAt))</StartTime>
                        <EndTime>\(Self.iso(stopAt + 45))</EndTime>
                        <StatusCode>Successful</StatusCode>
                        <Progress>100</Progress>
                      </member>
                    </Activities>
                  </DescribeScalingActivitiesResult>
                  <ResponseMetadata><RequestId>7d2c1e55-0000-4000-8000-000000000002</RequestId></ResponseMetadata>
                </DescribeScalingActivitiesResponse>
                """
            let standIn = try await LoopbackJSONServer.start { request in
                let xml: (String) -> LoopbackJSONServer.Response = {
                    .init(status: 200, headers: [("Content-Type", "text/xml")], body: Array($0.utf8))
                }
                if request.bodyText.contains("Action=DescribeScalingActivities") { return xml(activities) }
                if request.bodyText.contains("Action=DescribeLifecycleHooks") { return xml(hooks) }
                return .init(
                    status: 400,
                    headers: [("Content-Type", "text/xml")],
                    body: Array(
                        "<ErrorResponse><Error><Code>InvalidAction</Code><Message>not served</Message></Error></ErrorResponse>"
                            .utf8
                    )
                )
            }
            defer { Task { await standIn.stop() } }
            let trail = try await DiagnoseScenarioTests.cloudTrail(events: [
                fixture.trailEvent(
                    "DeregisterTargets",
                    at: stopAt + 2,
                    user: "AutoScaling",
                    invokedBy: "autoscaling.amazonaws.com",
                    parameters: #"\"targets\":[{\"id\":\"\#(stoppedIP)\",\"port\":8080}]"#
                )
            ])
            defer { Task { await trail.stop() } }

            let json = try await fixture.diagnose(
                trail: trail,
                since: "1h",
                overrides: ["AWS_ENDPOINT_URL_AUTO_SCALING": standIn.endpoint]
            )
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-stopped-while-registered", "\(DiagnoseScenarioTests.ids(causes))")
            #expect(top["count"] as? Int == 16)
            #expect((top["confidence"] as? Double ?? 0) >= 0.75)
            let details = try #require(
                DiagnoseScenarioTests.details(top) { $0["workload_kind"] == "ec2-instance" }
            )
            #expect(details["target"] == stoppedIP + ":8080")
            #expect(details["instance_id"] == stoppedID)
            #expect(details["deregister_targets"] == Phrase.time((stopAt + 2) * 1_000_000))
            let fixes = top["fix"] as? [String] ?? []
            #expect(fixes.contains { $0.contains("lifecycle hook") }, "\(fixes)")
            // One cause for these 502s: nothing else claims them.
            #expect(!causes.contains { $0["id"] as? String == "target-keepalive-timeout" })
            #expect(!causes.contains { $0["id"] as? String == "target-refused-connection" })
            let names = (json["workloads"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains { $0.contains(stoppedID) }, "\(names)")
        }
    }
}
