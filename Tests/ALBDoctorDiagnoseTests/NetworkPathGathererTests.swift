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

    /// A gatherer whose every call goes to the stand-in at `endpoint`, one attempt each.
    static func gatherer(endpoint: String) -> EvidenceGatherer {
        EvidenceGatherer(
            core: AWSHTTPClient(
                credentialProvider: StaticCredentialProvider(
                    AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
                ),
                region: "us-east-1",
                endpoints: AWSEndpointResolver(commandLineOverride: endpoint),
                retry: AWSRetryPolicy(maxAttempts: 1, baseDelay: 0.01)
            ),
            region: "us-east-1",
            start: Date(),
            end: Date()
        )
    }

    /// A load balancer in subnets a and b of vpc-1 with security group sg-lb.
    static let resolved = EvidenceGatherer.Resolved(
        name: "web",
        arn: nil,
        snapshot: nil,
        subnetIDs: ["subnet-a", "subnet-b"],
        vpcID: "vpc-1",
        securityGroupIDs: ["sg-lb"]
    )

    @Test func refusedRouteTablesInterfacesAndGroupsBecomeMissingEvidenceWithTheirActions() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            let body = request.bodyText
            if body.contains("Action=DescribeSubnets") { return .init(body: Array(Self.subnets.utf8)) }
            if body.contains("Action=DescribeNetworkAcls") { return .init(body: Array(Self.acls.utf8)) }
            return .init(status: 403, body: Array(Self.denied.utf8))
        }
        try await withLoopbackJSONServer(answer) { server in
            let gatherer = Self.gatherer(endpoint: server.endpoint)
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
                await gatherer.networkPaths(resolved: Self.resolved, groups: [group], missing: &missing)
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

    static let routeTables = """
        <DescribeRouteTablesResponse><routeTableSet><item><routeTableId>rtb-main</routeTableId><vpcId>vpc-1</vpcId>\
        <associationSet><item><main>true</main><routeTableId>rtb-main</routeTableId></item></associationSet>\
        <routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId>\
        <state>active</state></item></routeSet></item></routeTableSet><requestId>r</requestId></DescribeRouteTablesResponse>
        """
    static let instances = """
        <DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId>\
        <privateIpAddress>10.0.1.10</privateIpAddress><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId>\
        <instanceState><name>running</name></instanceState>\
        <groupSet><item><groupId>sg-t</groupId><groupName>tg-sg</groupName></item></groupSet></item></instancesSet>\
        </item></reservationSet><requestId>r</requestId></DescribeInstancesResponse>
        """
    static let groups = """
        <DescribeSecurityGroupsResponse><securityGroupInfo>\
        <item><groupId>sg-lb</groupId><groupName>lb-sg</groupName><ipPermissions/><ipPermissionsEgress><item>\
        <ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item>\
        </ipPermissionsEgress></item>\
        <item><groupId>sg-t</groupId><groupName>tg-sg</groupName><ipPermissions><item><ipProtocol>tcp</ipProtocol>\
        <fromPort>9090</fromPort><toPort>9090</toPort><groups><item><groupId>sg-lb</groupId></item></groups>\
        <ipRanges/></item></ipPermissions><ipPermissionsEgress/></item>\
        </securityGroupInfo><requestId>r</requestId></DescribeSecurityGroupsResponse>
        """

    @Test func anInstanceTargetsGroupsComeFromDescribeInstances() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            let body = request.bodyText
            for (action, xml) in [
                ("DescribeSubnets", Self.subnets), ("DescribeNetworkAcls", Self.acls),
                ("DescribeRouteTables", Self.routeTables), ("DescribeInstances", Self.instances),
                ("DescribeSecurityGroups", Self.groups),
            ] where body.contains("Action=\(action)&") {
                return .init(body: Array(xml.utf8))
            }
            return .init(status: 403, body: Array(Self.denied.utf8))
        }
        try await withLoopbackJSONServer(answer) { server in
            let gatherer = Self.gatherer(endpoint: server.endpoint)
            let group = TargetGroupSnapshot(
                name: "app",
                arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/1",
                protocol: "HTTP",
                port: 8080,
                targetType: "instance",
                targets: [.init(id: "i-1", port: 8080, address: "10.0.1.10", state: "healthy")]
            )
            var missing: [MissingEvidence] = []
            let paths = try #require(
                await gatherer.networkPaths(resolved: Self.resolved, groups: [group], missing: &missing)
            )
            #expect(missing.isEmpty, "\(missing)")
            let check = try #require(paths.first)
            #expect(check.target == "10.0.1.10:8080")
            #expect(check.blocked)
            #expect(check.layer == .securityGroup)
            #expect(check.targetSecurityGroups == ["sg-t (tg-sg)"])
            #expect(check.securityGroup == "sg-t (tg-sg)")
            #expect(
                check.fix
                    == "Add an inbound rule for TCP 8080 from the load balancer's security group sg-lb to sg-t (tg-sg)."
            )
            #expect(check.checked == [.routeTable, .networkACL, .securityGroup])
            let actions = server.requests.compactMap { request in
                request.bodyText.split(separator: "&").first { $0.hasPrefix("Action=") }.map(String.init)
            }
            #expect(!actions.contains("Action=DescribeNetworkInterfaces"))
            let describe = server.requests.first { $0.bodyText.contains("Action=DescribeSecurityGroups&") }
            #expect(describe?.bodyText.contains("GroupId.1=sg-lb&GroupId.2=sg-t") == true)
        }
    }
}
