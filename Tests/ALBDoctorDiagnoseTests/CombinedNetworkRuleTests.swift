import ALBAccessLog
import Foundation
import Testing

@testable import ALBDiagnosis

/// The network rule on plain inputs: a security-group block names the group, the rule and the fix; nothing
/// blocked says which layers were checked; evidence bundles from before security groups and routes still decode.
@Suite struct CombinedNetworkRuleTests {
    static func inputs(_ paths: [NetworkPathCheck], connectionErrors: [Double] = [5, 7]) -> EvidenceInputs {
        var inputs = EvidenceInputs(
            start: LogTimestamp(secondsSinceEpoch: 1_795_600_000),
            end: LogTimestamp(secondsSinceEpoch: 1_795_603_600),
            metrics: [
                MetricSeries(
                    namespace: "AWS/ApplicationELB",
                    name: "TargetConnectionErrorCount",
                    dimensions: ["LoadBalancer": "app/web/50dc6c495c0c9188"],
                    statistic: "Sum",
                    points: connectionErrors.enumerated().map {
                        .init(
                            time: LogTimestamp(secondsSinceEpoch: 1_795_600_000 + Int64($0.offset) * 60),
                            value: $0.element
                        )
                    }
                )
            ]
        )
        inputs.networkPaths = paths
        return inputs
    }

    static func sgBlocked(_ target: String) -> NetworkPathCheck {
        NetworkPathCheck(
            target: target,
            subnetID: "subnet-1",
            subnetCIDR: "10.0.1.0/24",
            networkACL: "acl-1",
            blocked: true,
            rule:
                "no inbound rule for TCP 8080 from the load balancer's security group sg-lb or its subnets 10.0.1.0/24, 10.0.2.0/24",
            from: "subnet-1 (10.0.1.0/24), subnet-2 (10.0.2.0/24)",
            layer: .securityGroup,
            securityGroup: "sg-t (tg-sg)",
            loadBalancerSecurityGroups: ["sg-lb (lb-sg)"],
            targetSecurityGroups: ["sg-t (tg-sg)"],
            checked: [.routeTable, .networkACL, .securityGroup],
            fix: "Add an inbound rule for TCP 8080 from the load balancer's security group sg-lb to sg-t (tg-sg)."
        )
    }

    @Test func aSecurityGroupBlockNamesTheGroupTheRuleAndTheFix() throws {
        let diagnosis = CombinedDiagnosis(
            logs: nil,
            inputs: Self.inputs([Self.sgBlocked("10.0.1.10:8080"), Self.sgBlocked("10.0.1.11:8080")])
        )
        let finding = try #require(diagnosis.findings.first { $0.id == .targetUnreachable })
        #expect(finding.count == 12)
        #expect(finding.confidence == 0.85)
        #expect(finding.evidence.count == 1)
        let evidence = try #require(finding.evidence.first)
        #expect(
            evidence.summary
                == "Security group sg-t (tg-sg) of 10.0.1.10:8080 and 10.0.1.11:8080 has no inbound rule for TCP 8080 from the load balancer's security group sg-lb or its subnets 10.0.1.0/24, 10.0.2.0/24."
        )
        #expect(evidence.details["layer"] == "security-group")
        #expect(evidence.details["security_group"] == "sg-t (tg-sg)")
        #expect(evidence.details["targets"] == "10.0.1.10:8080,10.0.1.11:8080")
        #expect(
            finding.fix == [
                "Add an inbound rule for TCP 8080 from the load balancer's security group sg-lb to sg-t (tg-sg)."
            ]
        )
        #expect(finding.confirm.first?.contains("RevokeSecurityGroupIngress") == true)
        #expect(finding.confirm.first?.contains("NetworkAcl") == false)
    }

    @Test func nothingBlockedSaysWhatWasChecked() throws {
        // The evidence added to an unreachable finding (from the logs) when no layer blocks.
        let open = NetworkPathCheck(
            target: "10.0.1.10:8080",
            subnetID: "subnet-1",
            subnetCIDR: "10.0.1.0/24",
            networkACL: "acl-1",
            blocked: false,
            route: "local 10.0.0.0/16 (inside the VPC)",
            loadBalancerSecurityGroups: ["sg-lb (lb-sg)"],
            targetSecurityGroups: nil,
            checked: [.routeTable, .networkACL, .securityGroup],
            notChecked: ["the target's inbound rules: no network interface in vpc-1 holds 10.0.1.10"]
        )
        let evidence = CombinedNetworkRule.allOpen([open])
        #expect(evidence.details["layers"] == "route-table,network-acl,security-group")
        #expect(evidence.details["blocked"] == "0")
        #expect(
            evidence.summary.contains(
                "route tables of the load balancer's subnets (1 of 1 inside the VPC on the local route)"
            )
        )
        #expect(evidence.summary.contains("network ACLs of the targets' and the load balancer's subnets"))
        #expect(
            evidence.summary.contains(
                "security groups (the load balancer's outbound, and the targets' inbound for 0 of 1"
            )
        )
        #expect(
            evidence.summary.contains(
                "Not checked: the target's inbound rules: no network interface in vpc-1 holds 10.0.1.10."
            )
        )
        #expect(!evidence.summary.contains("look at the targets' security groups"))
    }

    @Test func anOldEvidenceBundleDecodesAndItsBlockReadsAsANetworkACL() throws {
        let old = #"""
            {"target": "10.0.1.10:8080", "subnet_id": "subnet-1", "subnet_cidr": "10.0.1.0/24", "network_acl": "acl-1",
             "blocked": true, "rule": "inbound rule 90: deny tcp 8080-8080 from 10.0.0.0/16", "from": "subnet-2 (10.0.2.0/24)"}
            """#
        let check = try JSONDecoder().decode(NetworkPathCheck.self, from: Data(old.utf8))
        #expect(check.layer == nil && check.blockingLayer == .networkACL)
        #expect(check.blockedBy == "network ACL acl-1 of subnet-1")
        let diagnosis = CombinedDiagnosis(logs: nil, inputs: Self.inputs([check]))
        let finding = try #require(diagnosis.findings.first { $0.id == .targetUnreachable })
        #expect(finding.evidence.first?.details["network_acl"] == "acl-1")
        #expect(finding.fix.first?.contains("network ACL of subnet-1") == true)
        // The new fields round-trip in snake_case.
        let encoded = try JSONEncoder().encode(Self.sgBlocked("10.0.1.10:8080"))
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["layer"] as? String == "security-group")
        #expect(object["security_group"] as? String == "sg-t (tg-sg)")
        #expect(object["target_security_groups"] as? [String] == ["sg-t (tg-sg)"])
        #expect(object["load_balancer_security_groups"] as? [String] == ["sg-lb (lb-sg)"])
        #expect(try JSONDecoder().decode(NetworkPathCheck.self, from: encoded) == Self.sgBlocked("10.0.1.10:8080"))
    }

    @Test func manyDifferentBlocksAreCountedBeyondTheFirstFive() throws {
        let paths = (1...7).map { i in
            NetworkPathCheck(
                target: "192.168.\(i).5:8080",
                subnetID: nil,
                subnetCIDR: nil,
                networkACL: nil,
                blocked: true,
                rule: "no route to 192.168.\(i).5 (outside the VPC)",
                from: "subnet-a",
                layer: .routeTable,
                routeTable: "rtb-\(i)",
                fix: "Add a route to rtb-\(i)."
            )
        }
        let diagnosis = CombinedDiagnosis(logs: nil, inputs: Self.inputs(paths))
        let finding = try #require(diagnosis.findings.first { $0.id == .targetUnreachable })
        #expect(finding.evidence.count == 6)
        #expect(
            finding.evidence.prefix(5).map { $0.details["route_table"] } == [
                "rtb-1", "rtb-2", "rtb-3", "rtb-4", "rtb-5",
            ]
        )
        #expect(finding.evidence.last?.details["blocked_more"] == "2")
        #expect(
            finding.evidence.last?.summary.hasPrefix(
                "2 more blocked targets (192.168.6.5:8080 and 192.168.7.5:8080) in 2 more places"
            ) == true
        )
        #expect(finding.fix.count == 5)
        #expect(finding.confirm.first?.contains("DeleteRoute") == true)
    }
}
