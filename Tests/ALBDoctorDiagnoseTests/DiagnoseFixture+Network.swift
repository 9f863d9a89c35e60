import AWSClients
import TestSupport

/// Network set-ups for the network scenarios: security groups on the load balancer and on network interfaces that
/// hold the targets' addresses, and targets outside the VPC.
extension DiagnoseFixture {
    /// The groups and interfaces `secureTargets` made.
    struct NetworkSecurity {
        var loadBalancerSG: String
        /// Holds 10.0.1.10 and 10.0.1.11; admits `blockedGroupPort` only.
        var blockedSG: String
        /// Holds 10.0.2.12; admits 8080 from the load balancer's group.
        var openSG: String
        var interfaces: [String]
    }

    private func value(_ node: XMLNode, _ name: String) throws -> String {
        guard let text = node.find(name)?.text else { throw SetupError.missing(name) }
        return text
    }

    private func group(_ name: String) async throws -> String {
        try value(
            try await EC2Client(core: core).call(
                "CreateSecurityGroup",
                [("GroupName", name), ("GroupDescription", name), ("VpcId", vpcID)]
            ),
            "groupId"
        )
    }

    /// Gives the load balancer (after `makeLoadBalancer`) the group `lb-sg` (`SetSecurityGroups`), and makes a
    /// network interface for each target address: 10.0.1.10 and 10.0.1.11 in `tg-sg`, which admits TCP
    /// `blockedGroupPort` from `lb-sg` (nil: no inbound rule at all), and 10.0.2.12 in `open-sg`, which admits TCP
    /// 8080 from `lb-sg`.
    func secureTargets(blockedGroupPort: Int?) async throws -> NetworkSecurity {
        let ec2 = EC2Client(core: core)
        let lb = try await group("lb-sg")
        let blocked = try await group("tg-sg")
        let open = try await group("open-sg")
        _ = try await ELBv2Client(core: core).call(
            "SetSecurityGroups",
            [("LoadBalancerArn", loadBalancerARN), ("SecurityGroups.member.1", lb)]
        )
        for (sg, port) in [(blocked, blockedGroupPort), (open, 8080)] {
            guard let port else { continue }
            _ = try await ec2.call(
                "AuthorizeSecurityGroupIngress",
                [
                    ("GroupId", sg), ("IpPermissions.1.IpProtocol", "tcp"), ("IpPermissions.1.FromPort", String(port)),
                    ("IpPermissions.1.ToPort", String(port)), ("IpPermissions.1.Groups.1.GroupId", lb),
                ]
            )
        }
        var interfaces: [String] = []
        for address in Self.targets {
            let subnet = address.hasPrefix("10.0.1.") ? subnetIDs[0] : subnetIDs[1]
            let sg = address.hasPrefix("10.0.1.") ? blocked : open
            interfaces.append(
                try value(
                    try await ec2.call(
                        "CreateNetworkInterface",
                        [("SubnetId", subnet), ("PrivateIpAddress", address), ("SecurityGroupId.1", sg)]
                    ),
                    "networkInterfaceId"
                )
            )
        }
        return NetworkSecurity(loadBalancerSG: lb, blockedSG: blocked, openSG: open, interfaces: interfaces)
    }

    /// Registers `address:8080` (outside the VPC, `AvailabilityZone` all) in the target group.
    func registerOutsideTarget(_ address: String) async throws {
        _ = try await ELBv2Client(core: core).call(
            "RegisterTargets",
            [
                ("TargetGroupArn", targetGroupARN), ("Targets.member.1.Id", address), ("Targets.member.1.Port", "8080"),
                ("Targets.member.1.AvailabilityZone", "all"),
            ]
        )
    }
}
