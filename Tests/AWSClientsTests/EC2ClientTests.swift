import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    @Suite struct EC2ClientTests {
        @Test func describesSecurityGroupsNetworkACLsAndSubnets() async throws {
            let aws = try await MotoAWS.fresh()
            let network = try await aws.makeNetwork()
            let ec2 = EC2Client(core: aws.core)

            let groups = try await ec2.describeSecurityGroups(ids: [network.targetSG, network.loadBalancerSG])
            #expect(groups.count == 2)
            let targetGroup = try #require(groups.first { $0.id == network.targetSG })
            #expect(targetGroup.name == "tg-sg")
            #expect(targetGroup.vpcID == network.vpcID)
            let rule = try #require(targetGroup.ingress.first)
            #expect(rule.ipProtocol == "tcp")
            #expect(rule.fromPort == 8080 && rule.toPort == 8080)
            #expect(rule.groupIDs == [network.loadBalancerSG])
            #expect(rule.allowsTCP(port: 8080))
            #expect(!rule.allowsTCP(port: 8081))
            #expect(targetGroup.egress.first?.cidrs == ["0.0.0.0/0"])

            let byVPC = try await ec2.describeSecurityGroups(filters: [.init(name: "vpc-id", values: [network.vpcID])])
            #expect(Set(byVPC.map(\.id)).isSuperset(of: [network.targetSG, network.loadBalancerSG]))

            let acls = try await ec2.describeNetworkACLs(
                filters: [.init(name: "association.subnet-id", values: [network.subnetIDs[0]])]
            )
            let acl = try #require(acls.first)
            #expect(acls.count == 1)
            #expect(acl.id == network.networkACLID)
            #expect(acl.isDefault == false)
            #expect(acl.subnetIDs == [network.subnetIDs[0]])
            let deny = try #require(acl.entries.first { $0.ruleNumber == 90 })
            #expect(deny.action == "deny")
            #expect(deny.protocol == "6")
            #expect(deny.portRange == 8080...8080)
            #expect(deny.egress == false)
            #expect(deny.cidr == "10.0.0.0/16")

            let otherACLs = try await ec2.describeNetworkACLs(
                filters: [.init(name: "association.subnet-id", values: [network.subnetIDs[1]])]
            )
            #expect(otherACLs.first?.isDefault == true)

            let subnets = try await ec2.describeSubnets(ids: network.subnetIDs)
            #expect(Set(subnets.map(\.id)) == Set(network.subnetIDs))
            let first = try #require(subnets.first { $0.id == network.subnetIDs[0] })
            #expect(first.cidr == "10.0.1.0/24")
            #expect(first.availabilityZone == "us-east-1a")
            #expect(first.vpcID == network.vpcID)
            #expect((first.availableIPAddressCount ?? 0) > 200)
        }

        @Test func describesNetworkInterfacesRouteTablesInstancesAndEgressReferences() async throws {
            let aws = try await MotoAWS.fresh()
            let network = try await aws.makeNetwork()
            let ec2 = EC2Client(core: aws.core)
            func value(_ node: XMLNode, _ name: String) throws -> String { try #require(node.find(name)?.text) }

            // An interface holding 10.0.1.10 in the target group, and one outside the filter.
            let eni = try value(
                try await aws.query(
                    .ec2,
                    "CreateNetworkInterface",
                    [
                        ("SubnetId", network.subnetIDs[0]), ("PrivateIpAddress", "10.0.1.10"),
                        ("SecurityGroupId.1", network.targetSG),
                    ],
                    ec2: true
                ),
                "networkInterfaceId"
            )
            try await aws.query(
                .ec2,
                "CreateNetworkInterface",
                [("SubnetId", network.subnetIDs[1]), ("PrivateIpAddress", "10.0.2.99")],
                ec2: true
            )
            let found = try await ec2.describeNetworkInterfaces(filters: [
                .init(name: "addresses.private-ip-address", values: ["10.0.1.10", "10.0.1.77"]),
                .init(name: "vpc-id", values: [network.vpcID]),
            ])
            #expect(found.count == 1)
            let interface = try #require(found.first)
            #expect(interface.id == eni)
            #expect(interface.privateIPAddresses == ["10.0.1.10"])
            #expect(interface.securityGroupIDs == [network.targetSG])
            #expect(interface.subnetID == network.subnetIDs[0])
            #expect(interface.vpcID == network.vpcID)
            let none = try await ec2.describeNetworkInterfaces(filters: [
                .init(name: "addresses.private-ip-address", values: ["10.0.9.9"])
            ])
            #expect(none.isEmpty)

            // The main table (local route), and a table for the second subnet with a route through a VPN gateway.
            let table = try value(
                try await aws.query(.ec2, "CreateRouteTable", [("VpcId", network.vpcID)], ec2: true),
                "routeTableId"
            )
            try await aws.query(
                .ec2,
                "AssociateRouteTable",
                [("RouteTableId", table), ("SubnetId", network.subnetIDs[1])],
                ec2: true
            )
            let gateway = try value(
                try await aws.query(.ec2, "CreateVpnGateway", [("Type", "ipsec.1")], ec2: true),
                "vpnGatewayId"
            )
            try await aws.query(
                .ec2,
                "AttachVpnGateway",
                [("VpnGatewayId", gateway), ("VpcId", network.vpcID)],
                ec2: true
            )
            try await aws.query(
                .ec2,
                "CreateRoute",
                [("RouteTableId", table), ("DestinationCidrBlock", "192.168.0.0/16"), ("GatewayId", gateway)],
                ec2: true
            )
            let tables = try await ec2.describeRouteTables(filters: [.init(name: "vpc-id", values: [network.vpcID])])
            #expect(tables.count == 2)
            let main = try #require(tables.first { $0.isMain })
            #expect(main.routes == [.init(destinationCIDR: "10.0.0.0/16", target: "local", state: "active")])
            #expect(main.associations.allSatisfy { $0.subnetID == nil })
            let custom = try #require(tables.first { $0.id == table })
            #expect(!custom.isMain)
            #expect(custom.associations == [.init(subnetID: network.subnetIDs[1], isMain: false)])
            #expect(custom.routes.contains(.init(destinationCIDR: "192.168.0.0/16", target: gateway, state: "active")))

            // An instance in the target group's security group.
            let reservation = try await aws.query(
                .ec2,
                "RunInstances",
                [
                    ("ImageId", "ami-12c6146b"), ("MinCount", "1"), ("MaxCount", "1"),
                    ("SubnetId", network.subnetIDs[0]),
                    ("PrivateIpAddress", "10.0.1.20"), ("SecurityGroupId.1", network.targetSG),
                ],
                ec2: true
            )
            let instanceID = try value(reservation, "instanceId")
            let instances = try await ec2.describeInstances(ids: [instanceID])
            let instance = try #require(instances.first)
            #expect(instances.count == 1)
            #expect(instance.privateIPAddress == "10.0.1.20")
            #expect(instance.securityGroupIDs == [network.targetSG])
            #expect(instance.subnetID == network.subnetIDs[0])
            #expect(instance.state == "running")

            // An outbound rule that references a group (and none with a CIDR once the default is revoked).
            try await aws.query(
                .ec2,
                "RevokeSecurityGroupEgress",
                [
                    ("GroupId", network.loadBalancerSG), ("IpPermissions.1.IpProtocol", "-1"),
                    ("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0"),
                ],
                ec2: true
            )
            try await aws.query(
                .ec2,
                "AuthorizeSecurityGroupEgress",
                [
                    ("GroupId", network.loadBalancerSG), ("IpPermissions.1.IpProtocol", "tcp"),
                    ("IpPermissions.1.FromPort", "8080"), ("IpPermissions.1.ToPort", "8080"),
                    ("IpPermissions.1.Groups.1.GroupId", network.targetSG),
                ],
                ec2: true
            )
            let lb = try #require(try await ec2.describeSecurityGroups(ids: [network.loadBalancerSG]).first)
            #expect(lb.label == "\(network.loadBalancerSG) (lb-sg)")
            #expect(
                lb.egress == [
                    SecurityGroupRule(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, groupIDs: [network.targetSG])
                ]
            )
        }

        @Test func networkCallsNameTheirIAMActionAndThePolicyGrantsIt() async throws {
            // Refused calls name the action to grant, and Docs/iam-policy.json grants it.
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Docs/iam-policy.json")
            let policy = try String(contentsOf: url, encoding: .utf8)
            let denied = LoopbackJSONServer.Response(
                status: 403,
                body: Array(
                    "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error></Errors><RequestID>r</RequestID></Response>"
                        .utf8
                )
            )
            let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in denied }
            try await withLoopbackJSONServer(answer) { server in
                let ec2 = EC2Client(core: MotoAWS.core(endpoint: server.endpoint, maxAttempts: 1))
                let calls: [(String, @Sendable () async throws -> Void)] = [
                    ("ec2:DescribeRouteTables", { _ = try await ec2.describeRouteTables() }),
                    ("ec2:DescribeNetworkInterfaces", { _ = try await ec2.describeNetworkInterfaces() }),
                    ("ec2:DescribeInstances", { _ = try await ec2.describeInstances(ids: ["i-1"]) }),
                ]
                for (action, call) in calls {
                    let error = await #expect(throws: AWSServiceError.self) { try await call() }
                    #expect(error?.isAccessDenied == true, "\(action)")
                    #expect(error?.refusedIAMAction == action)
                    #expect(policy.contains("\"\(action)\""), "Docs/iam-policy.json lacks \(action)")
                }
            }
        }

        @Test func unknownSubnetIsATypedErrorWithRequestID() async throws {
            let aws = try await MotoAWS.fresh()
            let ec2 = EC2Client(core: aws.core)
            let error = await #expect(throws: AWSServiceError.self) {
                try await ec2.describeSubnets(ids: ["subnet-00000000000000000"])
            }
            #expect(error?.code == "InvalidSubnetID.NotFound")
            #expect(error?.requestID?.isEmpty == false)
            #expect(error?.description.contains("InvalidSubnetID.NotFound") == true)
        }
    }
}
