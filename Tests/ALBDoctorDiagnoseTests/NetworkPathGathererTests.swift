import ALBDiagnosis
import AWSClients
import Foundation
import TestSupport
import Testing

@testable import ALBDoctor

/// `EvidenceGatherer.networkPaths` against a loopback EC2 stand-in that answers subnets and network ACLs and
/// refuses the rest: each refused layer is left out, said so per target, and named as missing evidence with the
/// IAM action to grant.
@Suite struct NetworkPathGathererTests {
    static let subnets = """
        <DescribeSubnetsResponse><subnetSet>\
        <item><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.1.0/24</cidrBlock></item>\
        <item><subnetId>subnet-b</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.2.0/24</cidrBlock></item>\
        </subnetSet><requestId>r</requestId></DescribeSubnetsResponse>
        """
    static let acls = """
        <DescribeNetworkAclsResponse><networkAclSet><item><networkAclId>acl-1</networkAclId><vpcId>vpc-1</vpcId>\
        <default>true</default><associationSet/><entrySet>\
        <item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>false</egress>\
        <cidrBlock>0.0.0.0/0</cidrBlock></item>\
        <item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress>\
        <cidrBlock>0.0.0.0/0</cidrBlock></item>\
        </entrySet></item></networkAclSet><requestId>r</requestId></DescribeNetworkAclsResponse>
        """
    static let denied =
        "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r</RequestID></Response>"

    @Test func refusedRouteTablesInterfacesAndGroupsBecomeMissingEvidenceWithTheirActions() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            let body = request.bodyText
            if body.contains("Action=DescribeSubnets") { return .init(body: Array(Self.subnets.utf8)) }
            if body.contains("Action=DescribeNetworkAcls") { return .init(body: Array(Self.acls.utf8)) }
            return .init(status: 403, body: Array(Self.denied.utf8))
        }
        try await withLoopbackJSONServer(answer) { server in
            let gatherer = EvidenceGatherer(
                core: AWSHTTPClient(
                    credentialProvider: StaticCredentialProvider(
                        AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
                    ),
                    region: "us-east-1",
                    endpoints: AWSEndpointResolver(commandLineOverride: server.endpoint),
                    retry: AWSRetryPolicy(maxAttempts: 1, baseDelay: 0.01)
                ),
                region: "us-east-1",
                start: Date(),
                end: Date()
            )
            let resolved = EvidenceGatherer.Resolved(
                name: "web",
                arn: nil,
                snapshot: nil,
                subnetIDs: ["subnet-a", "subnet-b"],
                vpcID: "vpc-1",
                securityGroupIDs: ["sg-lb"]
            )
            let group = TargetGroupSnapshot(
                name: "app",
                arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/1",
                protocol: "HTTP",
                port: 8080,
                targetType: "ip",
                targets: [.init(id: "10.0.1.10", port: 8080, state: "healthy")]
            )
            var missing: [MissingEvidence] = []
            let paths = try #require(
                await gatherer.networkPaths(resolved: resolved, groups: [group], missing: &missing)
            )
            #expect(paths.count == 1)
            let check = try #require(paths.first)
            #expect(check.blocked == false)
            #expect(check.subnetID == "subnet-a")
            #expect(check.networkACL == "acl-1")
            #expect(check.checked == [.networkACL])
            #expect(check.notChecked == ["route tables: not read", "security groups: not read"])
            #expect(
                missing.map(\.iamAction) == [
                    "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
                ]
            )
            #expect(missing.allSatisfy { $0.reason.contains("UnauthorizedOperation") && $0.source == .configuration })
        }
    }
}
