import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    @Suite struct ELBv2ClientTests {
        @Test func describesTheLoadBalancerItsListenersTargetGroupsAndHealth() async throws {
            let aws = try await MotoAWS.fresh()
            let network = try await aws.makeNetwork()
            let elb = ELBv2Client(core: aws.core)

            let byName = try await elb.describeLoadBalancers(names: ["my-lb"])
            #expect(byName.count == 1)
            let lb = try #require(byName.first)
            #expect(lb.arn == network.loadBalancerARN)
            #expect(lb.vpcID == network.vpcID)
            #expect(lb.type == "application")
            #expect(lb.scheme == "internet-facing")
            #expect(Set(lb.availabilityZones.map(\.subnetID)) == Set(network.subnetIDs))
            #expect(lb.securityGroups == [network.loadBalancerSG])
            #expect(lb.createdTime != nil)
            #expect(lb.metricDimension?.hasPrefix("app/my-lb/") == true)

            let byARN = try await elb.describeLoadBalancers(arns: [network.loadBalancerARN])
            #expect(byARN.map(\.name) == ["my-lb"])

            let attributes = try await elb.describeLoadBalancerAttributes(loadBalancerARN: network.loadBalancerARN)
            #expect(attributes["idle_timeout.timeout_seconds"] == "120")
            #expect(attributes["deletion_protection.enabled"] == "false")

            let listeners = try await elb.describeListeners(loadBalancerARN: network.loadBalancerARN)
            #expect(listeners.count == 1)
            #expect(listeners.first?.port == 80)
            #expect(listeners.first?.protocol == "HTTP")
            #expect(
                listeners.first?.defaultActions == [
                    ListenerAction(type: "forward", targetGroupARN: network.targetGroupARN)
                ]
            )

            let groups = try await elb.describeTargetGroups(loadBalancerARN: network.loadBalancerARN)
            #expect(groups.map(\.arn) == [network.targetGroupARN])
            let group = try #require(groups.first)
            #expect(group.port == 8080)
            #expect(group.targetType == "ip")
            #expect(group.healthCheck.intervalSeconds == 30)
            #expect(group.healthCheck.matcher == "200")
            #expect(group.loadBalancerARNs == [network.loadBalancerARN])
            #expect(group.metricDimension?.hasPrefix("targetgroup/tg-ip/") == true)

            let lambdaGroups = try await elb.describeTargetGroups(names: ["tg-lambda"])
            #expect(lambdaGroups.first?.targetType == "lambda")
            let lambdaAttributes = try await elb.describeTargetGroupAttributes(
                targetGroupARN: network.lambdaTargetGroupARN
            )
            #expect(lambdaAttributes["lambda.multi_value_headers.enabled"] == "false")
            let tgAttributes = try await elb.describeTargetGroupAttributes(targetGroupARN: network.targetGroupARN)
            #expect(tgAttributes["deregistration_delay.timeout_seconds"] == "300")

            let health = try await elb.describeTargetHealth(targetGroupARN: network.targetGroupARN)
            #expect(Set(health.map(\.targetID)) == ["10.0.1.10", "10.0.2.20"])
            #expect(health.allSatisfy { $0.state == "healthy" && $0.port == 8080 })

            try await aws.query(
                .elbv2,
                "DeregisterTargets",
                [
                    ("TargetGroupArn", network.targetGroupARN), ("Targets.member.1.Id", "10.0.2.20"),
                    ("Targets.member.1.Port", "8080"),
                ]
            )
            let gone = try await elb.describeTargetHealth(
                targetGroupARN: network.targetGroupARN,
                targets: [("10.0.2.20", 8080)]
            )
            #expect(gone.first?.state == "unused")
            #expect(gone.first?.reason == "Target.NotRegistered")
        }

        @Test func followsMarkersAcrossPages() async throws {
            let aws = try await MotoAWS.fresh()
            let network = try await aws.makeNetwork()
            for index in 0..<3 {
                try await aws.query(
                    .elbv2,
                    "CreateTargetGroup",
                    [("Name", "tg-extra-\(index)"), ("Protocol", "HTTP"), ("Port", "80"), ("VpcId", network.vpcID)]
                )
            }
            var elb = ELBv2Client(core: aws.core)
            elb.pageSize = 2
            let all = try await elb.describeTargetGroups()
            #expect(all.count == 5)
            #expect(Set(all.map(\.name)).count == 5)
        }

        @Test func readsSSLPolicyCiphersInPriorityOrder() async throws {
            let aws = try await MotoAWS.fresh()
            let elb = ELBv2Client(core: aws.core)
            let policies = try await elb.describeSSLPolicies(names: ["ELBSecurityPolicy-TLS13-1-2-2021-06"])
            let policy = try #require(policies.first)
            #expect(policy.name == "ELBSecurityPolicy-TLS13-1-2-2021-06")
            #expect(policy.protocols.contains("TLSv1.3"))
            #expect(
                Array(policy.ciphers.prefix(3)) == [
                    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                ]
            )
        }

        @Test func unknownLoadBalancerIsATypedServiceError() async throws {
            let aws = try await MotoAWS.fresh()
            let elb = ELBv2Client(core: aws.core)
            let error = await #expect(throws: AWSServiceError.self) {
                try await elb.describeLoadBalancers(names: ["no-such-lb"])
            }
            #expect(error?.code == "LoadBalancerNotFound")
            #expect(error?.httpStatus == 400)
            #expect(error?.operation == "DescribeLoadBalancers")
            #expect(error?.service == "elasticloadbalancing")
            #expect(error?.isRetryable == false)
            #expect(error?.refusedIAMAction == nil)
        }
    }
}
