import ALBDiagnosis
import AWSClients
import Testing

@testable import ALBDoctor

/// The network check's evaluators on plain EC2 values: network ACL first match, security-group references and
/// CIDR coverage, route longest-prefix match, and how they compose.
@Suite struct NetworkPathEvaluatorTests {
    // The VPC 10.0.0.0/16: load balancer subnets a (10.0.1.0/24) and b (10.0.2.0/24), targets' subnet t (10.0.3.0/24).
    static let subnets = [
        Subnet(id: "subnet-a", cidr: "10.0.1.0/24"), Subnet(id: "subnet-b", cidr: "10.0.2.0/24"),
        Subnet(id: "subnet-t", cidr: "10.0.3.0/24"),
    ]
    static let lbSubnets = ["subnet-a", "subnet-b"]
    static let openACL = NetworkACL(
        id: "acl-default",
        isDefault: true,
        subnetIDs: [],
        entries: [
            .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: false, cidr: "0.0.0.0/0"),
            .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: true, cidr: "0.0.0.0/0"),
        ]
    )
    static let mainTable = RouteTable(
        id: "rtb-main",
        associations: [.init(subnetID: nil, isMain: true)],
        routes: [.init(destinationCIDR: "10.0.0.0/16", target: "local", state: "active")]
    )
    static let lbSG = SecurityGroup(
        id: "sg-lb",
        name: "lb-sg",
        egress: [.init(ipProtocol: "-1", cidrs: ["0.0.0.0/0"])]
    )

    static func acl(_ entries: [NetworkACLEntry], on subnet: String = "subnet-t") -> NetworkACL {
        NetworkACL(id: "acl-custom", isDefault: false, subnetIDs: [subnet], entries: entries)
    }

    static func evaluator(
        acls: [NetworkACL]? = [openACL],
        groups: [SecurityGroup]? = nil,
        loadBalancerGroups: [String] = ["sg-lb"],
        tables: [RouteTable]? = [mainTable]
    ) -> NetworkPathEvaluator {
        NetworkPathEvaluator(
            subnets: subnets,
            loadBalancerSubnetIDs: lbSubnets,
            acls: acls,
            securityGroups: groups.map { ($0, loadBalancerGroups) },
            routeTables: tables
        )
    }

    // MARK: CIDR

    @Test func cidrCoverageAndSubtraction() throws {
        let block = try #require(IPv4CIDR("10.0.2.0/24"))
        let halves = [IPv4CIDR("10.0.2.0/25"), IPv4CIDR("10.0.2.128/25")].compactMap { $0 }
        #expect(block.isCovered(by: halves))
        #expect(!block.isCovered(by: [halves[0]]))
        #expect(block.isCovered(by: [try #require(IPv4CIDR("10.0.0.0/16"))]))
        #expect(!block.isCovered(by: [try #require(IPv4CIDR("10.0.3.0/24"))]))
        #expect(IPv4CIDR("10.0.2.7/24")?.description == "10.0.2.0/24")
        #expect(IPv4CIDR("10.0.2.0/33") == nil && IPv4CIDR("fd00::/8") == nil && IPv4CIDR("10.0.2/24") == nil)
        let rest = block.subtracting(try #require(IPv4CIDR("10.0.2.64/26")))
        #expect(rest.map(\.description) == ["10.0.2.128/25", "10.0.2.0/26"])
        #expect(rest[1].isCovered(by: rest) && !block.isCovered(by: rest))
    }

    // MARK: Network ACLs

    @Test func networkACLLowestRuleNumberDecides() {
        let denyFirst = Self.acl([
            .init(
                ruleNumber: 100,
                protocol: "6",
                action: "allow",
                egress: false,
                cidr: "10.0.0.0/16",
                portRange: 8080...8080
            ),
            .init(
                ruleNumber: 90,
                protocol: "6",
                action: "deny",
                egress: false,
                cidr: "10.0.2.0/24",
                portRange: 8080...8080
            ),
            .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: true, cidr: "0.0.0.0/0"),
        ])
        let check = Self.evaluator(acls: [Self.openACL, denyFirst]).check(target: "10.0.3.10:8080")
        #expect(check?.blocked == true)
        #expect(check?.layer == .networkACL)
        #expect(check?.networkACL == "acl-custom")
        #expect(check?.subnetID == "subnet-t")
        #expect(check?.rule == "inbound rule 90: deny tcp 8080-8080 from 10.0.2.0/24")
        #expect(check?.from == "subnet-b (10.0.2.0/24)")
        #expect(check?.fix?.contains("network ACL of subnet-t (acl-custom)") == true)

        // The same rules with the allow numbered first: open.
        var allowFirst = denyFirst
        allowFirst.entries[0].ruleNumber = 80
        let open = Self.evaluator(acls: [Self.openACL, allowFirst]).check(target: "10.0.3.10:8080")
        #expect(open?.blocked == false)
        #expect(open?.networkACL == "acl-custom")
        // Another port falls through to the implicit deny.
        let other = Self.evaluator(acls: [Self.openACL, allowFirst]).check(target: "10.0.3.10:9090")
        #expect(other?.rule == "inbound TCP 9090-9090 from 10.0.1.0/24: no rule allows it (the final * rule denies)")
    }

    @Test func networkACLAllowingHalfALoadBalancerSubnetBlocksTheOtherHalf() {
        let half = Self.acl([
            .init(
                ruleNumber: 100,
                protocol: "6",
                action: "allow",
                egress: false,
                cidr: "10.0.1.0/24",
                portRange: 8080...8080
            ),
            .init(
                ruleNumber: 110,
                protocol: "6",
                action: "allow",
                egress: false,
                cidr: "10.0.2.0/25",
                portRange: 8080...8080
            ),
            .init(
                ruleNumber: 100,
                protocol: "6",
                action: "allow",
                egress: true,
                cidr: "10.0.0.0/16",
                portRange: 1024...65535
            ),
        ])
        let check = Self.evaluator(acls: [Self.openACL, half]).check(target: "10.0.3.10:8080")
        #expect(check?.blocked == true)
        #expect(check?.from == "subnet-b (10.0.2.0/24)")
        #expect(check?.rule?.hasSuffix("no rule allows it (the final * rule denies)") == true)
        // Adding the other half opens it.
        var full = half
        full.entries.append(
            .init(
                ruleNumber: 120,
                protocol: "6",
                action: "allow",
                egress: false,
                cidr: "10.0.2.128/25",
                portRange: 8080...8080
            )
        )
        #expect(Self.evaluator(acls: [Self.openACL, full]).check(target: "10.0.3.10:8080")?.blocked == false)
    }

    @Test func networkACLReturnPathAndLoadBalancerSideAndSameSubnet() {
        // Outbound answers limited to 32768-65535: the load balancer's ports 1024-32767 are not covered.
        let narrow = Self.acl([
            .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: false, cidr: "0.0.0.0/0"),
            .init(
                ruleNumber: 100,
                protocol: "6",
                action: "allow",
                egress: true,
                cidr: "0.0.0.0/0",
                portRange: 32768...65535
            ),
        ])
        let back = Self.evaluator(acls: [Self.openACL, narrow]).check(target: "10.0.3.10:8080")
        #expect(back?.rule == "outbound TCP 1024-65535 to 10.0.1.0/24: no rule allows it (the final * rule denies)")
        // A deny of one port inside the ephemeral range does not stop the answers.
        let onePort = Self.acl([
            .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: false, cidr: "0.0.0.0/0"),
            .init(
                ruleNumber: 90,
                protocol: "6",
                action: "deny",
                egress: true,
                cidr: "0.0.0.0/0",
                portRange: 8080...8080
            ),
            .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: true, cidr: "0.0.0.0/0"),
        ])
        #expect(Self.evaluator(acls: [Self.openACL, onePort]).check(target: "10.0.3.10:8080")?.blocked == false)

        // The load balancer subnet's own ACL denies the port outbound.
        let lbSide = Self.acl(
            [
                .init(
                    ruleNumber: 90,
                    protocol: "6",
                    action: "deny",
                    egress: true,
                    cidr: "10.0.3.0/24",
                    portRange: 8080...8080
                ),
                .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: true, cidr: "0.0.0.0/0"),
                .init(ruleNumber: 100, protocol: "-1", action: "allow", egress: false, cidr: "0.0.0.0/0"),
            ],
            on: "subnet-a"
        )
        let check = Self.evaluator(acls: [Self.openACL, lbSide]).check(target: "10.0.3.10:8080")
        #expect(check?.blocked == true)
        #expect(check?.networkACLSubnet == "subnet-a")
        #expect(check?.networkACL == "acl-custom")
        #expect(check?.rule == "outbound rule 90: deny tcp 8080-8080 to 10.0.3.0/24")
        #expect(check?.blockedBy == "network ACL acl-custom of subnet-a")

        // A target inside load balancer subnet a: a's ACL does not apply between them, b's traffic is checked.
        let denyAll = Self.acl(
            [.init(ruleNumber: 100, protocol: "-1", action: "allow", egress: true, cidr: "0.0.0.0/0")],
            on: "subnet-a"
        )
        let inside = Self.evaluator(acls: [Self.openACL, denyAll]).check(target: "10.0.1.50:8080")
        #expect(inside?.from == "subnet-b (10.0.2.0/24)")
        #expect(inside?.rule == "inbound TCP 8080-8080 from 10.0.2.0/24: no rule allows it (the final * rule denies)")
    }

    // MARK: Security groups

    @Test func securityGroupReferenceOrCIDRsCoveringEveryLoadBalancerSubnet() {
        let byReference = SecurityGroup(
            id: "sg-t",
            name: "tg-sg",
            ingress: [.init(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, groupIDs: ["sg-lb"])]
        )
        let ok = Self.evaluator(groups: [Self.lbSG, byReference]).check(
            target: "10.0.3.10:8080",
            groups: .known(["sg-t"])
        )
        #expect(ok?.blocked == false)
        #expect(ok?.checked == [.routeTable, .networkACL, .securityGroup])
        #expect(ok?.targetSecurityGroups == ["sg-t (tg-sg)"])
        #expect(ok?.loadBalancerSecurityGroups == ["sg-lb (lb-sg)"])
        #expect(ok?.route == "local 10.0.0.0/16 (inside the VPC)")

        let wrongPort = Self.evaluator(groups: [Self.lbSG, byReference]).check(
            target: "10.0.3.10:9090",
            groups: .known(["sg-t"])
        )
        #expect(wrongPort?.blocked == true)
        #expect(wrongPort?.layer == .securityGroup)
        #expect(wrongPort?.securityGroup == "sg-t (tg-sg)")
        #expect(
            wrongPort?.rule
                == "no inbound rule for TCP 9090 from the load balancer's security group sg-lb or its subnets 10.0.1.0/24, 10.0.2.0/24"
        )
        #expect(
            wrongPort?.fix
                == "Add an inbound rule for TCP 9090 from the load balancer's security group sg-lb to sg-t (tg-sg)."
        )
        #expect(wrongPort?.blockedBy == "security group sg-t (tg-sg)")

        // Two CIDR rules in two groups that together cover both subnets: open.
        let cidrA = SecurityGroup(
            id: "sg-a",
            ingress: [.init(ipProtocol: "tcp", fromPort: 8000, toPort: 8999, cidrs: ["10.0.1.0/24"])]
        )
        let cidrB = SecurityGroup(
            id: "sg-b",
            ingress: [.init(ipProtocol: "-1", cidrs: ["10.0.2.0/25", "10.0.2.128/25"])]
        )
        let covered = Self.evaluator(groups: [Self.lbSG, cidrA, cidrB]).check(
            target: "10.0.3.10:8080",
            groups: .known(["sg-a", "sg-b"])
        )
        #expect(covered?.blocked == false)
    }

    @Test func securityGroupCIDRsPartlyCoveringTheLoadBalancerSubnetsNameTheSubnetLeftOut() {
        let partial = SecurityGroup(
            id: "sg-t",
            name: "tg-sg",
            ingress: [.init(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrs: ["10.0.1.0/24", "10.0.2.0/25"])]
        )
        let check = Self.evaluator(groups: [Self.lbSG, partial]).check(
            target: "10.0.3.10:8080",
            groups: .known(["sg-t"])
        )
        #expect(check?.blocked == true)
        #expect(check?.from == "subnet-b (10.0.2.0/24)")
        #expect(
            check?.rule
                == "no inbound rule for TCP 8080 from the load balancer's security group sg-lb or its subnets 10.0.1.0/24, 10.0.2.0/24: the allowed CIDRs (10.0.1.0/24, 10.0.2.0/25) leave out the load balancer's subnet subnet-b (10.0.2.0/24)"
        )
        // Without load balancer groups the fix names the missing subnet instead.
        let noLBGroups = Self.evaluator(groups: [partial], loadBalancerGroups: []).check(
            target: "10.0.3.10:8080",
            groups: .known(["sg-t"])
        )
        #expect(noLBGroups?.fix == "Add an inbound rule for TCP 8080 from 10.0.2.0/24 to sg-t (tg-sg).")
        #expect(noLBGroups?.notChecked == ["the load balancer's outbound rules: it lists no security group"])
    }

    @Test func loadBalancerEgressMissingBlocksAndAGroupReferenceAllows() {
        let target = SecurityGroup(id: "sg-t", name: "tg-sg", ingress: [.init(ipProtocol: "-1", groupIDs: ["sg-lb"])])
        let narrow = SecurityGroup(
            id: "sg-lb",
            name: "lb-sg",
            egress: [.init(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"])]
        )
        let check = Self.evaluator(groups: [narrow, target]).check(target: "10.0.3.10:8080", groups: .known(["sg-t"]))
        #expect(check?.blocked == true)
        #expect(check?.securityGroup == "sg-lb (lb-sg)")
        #expect(check?.rule == "no outbound rule for TCP 8080 to the target's address or its security group sg-t")
        #expect(
            check?.fix
                == "Add an outbound rule for TCP 8080 to the targets' security group sg-t (tg-sg) (or their addresses) to the load balancer's security group sg-lb (lb-sg)."
        )
        var byGroup = narrow
        byGroup.egress.append(.init(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, groupIDs: ["sg-t"]))
        #expect(
            Self.evaluator(groups: [byGroup, target]).check(target: "10.0.3.10:8080", groups: .known(["sg-t"]))?.blocked
                == false
        )
        // A /32 egress rule for the address also allows it; one for another address does not.
        var byCIDR = narrow
        byCIDR.egress.append(.init(ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrs: ["10.0.3.11/32"]))
        #expect(
            Self.evaluator(groups: [byCIDR, target]).check(target: "10.0.3.11:8080", groups: .known(["sg-t"]))?.blocked
                == false
        )
        #expect(
            Self.evaluator(groups: [byCIDR, target]).check(target: "10.0.3.12:8080", groups: .known(["sg-t"]))?.blocked
                == true
        )
    }

    @Test func anAddressWithoutANetworkInterfaceIsNotCheckedNotBlocked() {
        let reason = "no network interface in vpc-1 holds 10.0.3.99, so its security groups could not be checked"
        let check = Self.evaluator(groups: [Self.lbSG]).check(target: "10.0.3.99:8080", groups: .unknown(reason))
        #expect(check?.blocked == false)
        #expect(check?.targetSecurityGroups == nil)
        #expect(check?.notChecked == ["the target's inbound rules: \(reason)"])
        // Not read at all: said per layer.
        let none = Self.evaluator(acls: nil, groups: nil, tables: nil).check(target: "10.0.3.99:8080")
        #expect(none?.checked == [])
        #expect(none?.notChecked == ["route tables: not read", "network ACLs: not read", "security groups: not read"])
        #expect(Self.evaluator().check(target: "[fd00::1]:8080") == nil)
    }

    // MARK: Route tables

    static let onPremises = RouteTable(
        id: "rtb-lb",
        associations: [.init(subnetID: "subnet-a", isMain: false), .init(subnetID: "subnet-b", isMain: false)],
        routes: [
            .init(destinationCIDR: "10.0.0.0/16", target: "local", state: "active"),
            .init(destinationCIDR: "0.0.0.0/0", target: "igw-1", state: "active"),
            .init(destinationCIDR: "192.168.0.0/16", target: "vgw-1", state: "active"),
            .init(destinationCIDR: "192.168.5.0/24", target: "tgw-1", state: "blackhole"),
        ]
    )

    @Test func routeLongestPrefixWinsAndABlackholeBlocks() {
        let evaluator = Self.evaluator(tables: [Self.mainTable, Self.onPremises])
        let viaVPN = evaluator.check(target: "192.168.7.7:8080")
        #expect(viaVPN?.blocked == false)
        #expect(viaVPN?.route == "192.168.0.0/16 via vgw-1")
        #expect(viaVPN?.routeTable == "rtb-lb")

        let hole = evaluator.check(target: "192.168.5.5:8080")
        #expect(hole?.blocked == true)
        #expect(hole?.layer == .routeTable)
        #expect(hole?.routeTable == "rtb-lb")
        #expect(hole?.from == "subnet-a")
        #expect(
            hole?.rule == "route 192.168.5.0/24 via tgw-1 is a blackhole (its gateway or attachment is gone)"
        )
        #expect(hole?.blockedBy == "route table rtb-lb")

        // A private address that only the default route (to the internet) matches.
        let internet = evaluator.check(target: "172.20.0.5:8080")
        #expect(internet?.blocked == true)
        #expect(internet?.rule?.contains("0.0.0.0/0 via igw-1 (the internet)") == true)
        // A public address through the internet gateway is routed.
        #expect(evaluator.check(target: "203.0.113.9:8080")?.blocked == false)
    }

    @Test func aSubnetWithoutItsOwnTableUsesTheMainOneAndNoRouteBlocks() {
        var onlyA = Self.onPremises
        onlyA.associations = [.init(subnetID: "subnet-a", isMain: false)]
        let check = Self.evaluator(tables: [Self.mainTable, onlyA]).check(target: "192.168.7.7:8080")
        #expect(check?.blocked == true)
        #expect(check?.routeTable == "rtb-main")
        #expect(check?.from == "subnet-b")
        #expect(check?.rule == "no route to 192.168.7.7 (outside the VPC)")
        #expect(check?.fix?.contains("route table rtb-main of the load balancer's subnet subnet-b") == true)
        // Inside the VPC, no route but the local one is needed.
        let inside = Self.evaluator(tables: [Self.mainTable]).check(target: "10.0.3.10:8080")
        #expect(inside?.route == "local 10.0.0.0/16 (inside the VPC)")
        #expect(inside?.blocked == false)
    }

    @Test func routesAreCheckedBeforeACLsAndACLsBeforeSecurityGroups() {
        let denyAll = Self.acl([])
        let noIngress = SecurityGroup(id: "sg-t")
        let evaluator = Self.evaluator(
            acls: [Self.openACL, denyAll],
            groups: [Self.lbSG, noIngress],
            tables: [Self.mainTable]
        )
        #expect(evaluator.check(target: "10.0.3.10:8080", groups: .known(["sg-t"]))?.layer == .networkACL)
        #expect(evaluator.check(target: "192.168.1.1:8080", groups: .known(["sg-t"]))?.layer == .routeTable)
        let sgOnly = Self.evaluator(groups: [Self.lbSG, noIngress])
        #expect(sgOnly.check(target: "10.0.3.10:8080", groups: .known(["sg-t"]))?.layer == .securityGroup)
    }
}
