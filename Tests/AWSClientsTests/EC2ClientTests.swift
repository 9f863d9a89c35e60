import AWSClients
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
