import AWSClients
import Foundation
import TestSupport
import Testing

/// `Docs/iam-policy.json` grants every action the clients call, and every call names a listed action.
@Suite struct IAMPolicyTests {
    static func policyActions() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/iam-policy.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let statements = try #require(object?["Statement"] as? [[String: Any]])
        var actions: Set<String> = []
        for statement in statements {
            #expect(statement["Effect"] as? String == "Allow")
            actions.formUnion(statement["Action"] as? [String] ?? [])
        }
        return actions
    }

    @Test func policyGrantsEveryRequiredAction() throws {
        let actions = try Self.policyActions()
        for action in AWSIAMActions.required {
            #expect(actions.contains(action), "Docs/iam-policy.json lacks \(action)")
        }
        #expect(!actions.contains { $0.hasSuffix(":*") || $0 == "*" }, "no wildcard actions")
    }

    @Test func everyClientCallNamesARequiredAction() async throws {
        // Each client call against a recording loopback server: the action it would need is in the list.
        let xml = LoopbackJSONServer.Response(
            status: 403,
            body: Array(
                "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>".utf8
            )
        )
        let json = LoopbackJSONServer.Response.json(
            #"{"__type": "AccessDeniedException", "message": "no"}"#,
            status: 403
        )
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            request.header("X-Amz-Target") != nil || request.uri.hasPrefix("/2015-03-31/") ? json : xml
        }
        try await withLoopbackJSONServer(answer) { server in
            let core = MotoAWS.core(endpoint: server.endpoint, maxAttempts: 1)
            let elb = ELBv2Client(core: core)
            let ec2 = EC2Client(core: core)
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await elb.describeLoadBalancers(names: ["x"]) },
                { _ = try await elb.describeLoadBalancerAttributes(loadBalancerARN: "a") },
                { _ = try await elb.describeListeners(loadBalancerARN: "a") },
                { _ = try await elb.describeTargetGroups() },
                { _ = try await elb.describeTargetGroupAttributes(targetGroupARN: "a") },
                { _ = try await elb.describeTargetHealth(targetGroupARN: "a") },
                { _ = try await elb.describeSSLPolicies() },
                { _ = try await ELBv2Client(core: core).describeTags(arns: ["arn"]) },
                {
                    _ = try await CloudWatchClient(core: core).getMetricData(
                        queries: [.expression(id: "e", "1")],
                        start: Date(),
                        end: Date()
                    )
                },
                { _ = try await S3Client(core: core).listObjectsV2(bucket: "logs") },
                { _ = try await S3Client(core: core).getObject(bucket: "logs", key: "k") },
                { _ = try await CloudTrailClient(core: core).lookupEvents(start: Date(), end: Date()) },
                { _ = try await LambdaClient(core: core).getFunctionConfiguration(function: "f") },
                {
                    _ = try await ServiceQuotasClient(core: core).getServiceQuota(
                        serviceCode: "lambda",
                        quotaCode: "L-B99A9384"
                    )
                },
                { _ = try await ec2.describeSecurityGroups() },
                { _ = try await ec2.describeNetworkACLs() },
                { _ = try await ec2.describeSubnets() },
                { _ = try await ec2.describeRouteTables() },
                { _ = try await ec2.describeNetworkInterfaces() },
                { _ = try await ec2.describeInstances(ids: ["i-1"]) },
                { _ = try await STSClient(core: core).getCallerIdentity() },
                {
                    _ = try await AthenaClient(core: core).startQuery(
                        "SELECT 1",
                        database: "default",
                        workGroup: nil,
                        outputLocation: nil
                    )
                },
                { _ = try await AthenaClient(core: core).queryExecution("q") },
                { _ = try await AthenaClient(core: core).resultPage("q", nextToken: nil) },
                { try await AthenaClient(core: core).stopQuery("q") },
                { _ = try await ECSClient(core: core).listClusters() },
                { _ = try await ECSClient(core: core).listTasks(cluster: "c", desiredStatus: "STOPPED") },
                { _ = try await ECSClient(core: core).describeTasks(cluster: "c", tasks: ["t"]) },
                { _ = try await ECSClient(core: core).describeServices(cluster: "c", services: ["s"]) },
                { _ = try await ECSClient(core: core).stopTimeouts(taskDefinition: "web:1") },
                { _ = try await AutoScalingClient(core: core).describeScalingActivities(group: "g") },
                { _ = try await AutoScalingClient(core: core).describeLifecycleHooks(group: "g") },
            ]
            var refused: [String] = []
            for call in calls {
                do {
                    try await call()
                    Issue.record("expected AccessDenied")
                } catch let error as AWSServiceError {
                    refused.append(error.refusedIAMAction ?? "none")
                }
            }
            #expect(refused == AWSIAMActions.required)
        }
    }
}
