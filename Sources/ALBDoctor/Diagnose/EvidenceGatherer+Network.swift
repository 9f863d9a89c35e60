import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// The network path from the load balancer subnets to the targets: route tables, network ACLs, security groups.
extension EvidenceGatherer {
    // MARK: Network

    /// Network path checks for the registered `ip`/`instance` targets (at most 100) with a known IPv4 address:
    /// route tables, network ACLs and security groups of the load balancer's VPC (`NetworkPathEvaluator`). Each
    /// layer is read on its own: a refused call leaves that layer out and becomes a `MissingEvidence`.
    func networkPaths(resolved: Resolved, groups: [TargetGroupSnapshot], missing: inout [MissingEvidence]) async
        -> [NetworkPathCheck]?
    {
        guard let vpc = resolved.vpcID, !resolved.subnetIDs.isEmpty else { return nil }
        var targets: [String] = []
        var instanceOf: [String: String] = [:]
        for group in groups where !group.isLambda {
            for target in group.targets ?? [] {
                if let address = target.logAddress, !address.hasPrefix("["), !targets.contains(address) {
                    targets.append(address)
                    if group.targetType == "instance" { instanceOf[address] = target.id }
                }
            }
        }
        guard !targets.isEmpty else { return nil }
        targets = Array(targets.prefix(100))
        let ec2 = EC2Client(core: core)
        let inVPC = EC2Client.Filter(name: "vpc-id", values: [vpc])
        func refused(_ error: any Error, _ what: String, _ action: String, _ impact: String) -> MissingEvidence {
            Self.missing(error, source: .configuration, what: what, action: action, impact: impact)
        }
        let subnets: [Subnet]
        do {
            subnets = try await ec2.describeSubnets(filters: [inVPC])
        } catch {
            missing.append(
                refused(
                    error,
                    "the subnets of the load balancer's VPC",
                    "ec2:DescribeSubnets",
                    "The network path to the targets (route tables, network ACLs, security groups) is not checked."
                )
            )
            return nil
        }
        var acls: [NetworkACL]?
        do {
            acls = try await ec2.describeNetworkACLs(filters: [inVPC])
        } catch {
            missing.append(
                refused(
                    error,
                    "the network ACLs between the load balancer's subnets and the targets",
                    "ec2:DescribeNetworkAcls",
                    "A network ACL that blocks the targets cannot be named."
                )
            )
        }
        var routeTables: [RouteTable]?
        do {
            routeTables = try await ec2.describeRouteTables(filters: [inVPC])
        } catch {
            missing.append(
                refused(
                    error,
                    "the route tables of the load balancer's subnets",
                    "ec2:DescribeRouteTables",
                    "A missing or blackhole route to targets outside the VPC cannot be named."
                )
            )
        }
        let targetGroups = await targetSecurityGroups(
            targets: targets,
            instanceOf: instanceOf,
            vpc: vpc,
            ec2: ec2,
            missing: &missing
        )
        var securityGroups: (groups: [SecurityGroup], loadBalancer: [String])?
        var ids = Set(resolved.securityGroupIDs)
        for case .known(let known) in targetGroups.values { ids.formUnion(known) }
        do {
            let sorted = ids.sorted()
            var found: [SecurityGroup] = []
            for start in stride(from: 0, to: sorted.count, by: 100) {
                found += try await ec2.describeSecurityGroups(
                    ids: Array(sorted[start..<min(start + 100, sorted.count)])
                )
            }
            securityGroups = (found, resolved.securityGroupIDs)
        } catch {
            missing.append(
                refused(
                    error,
                    "the security groups of the load balancer and the targets",
                    "ec2:DescribeSecurityGroups",
                    "A security group that does not let the load balancer reach the targets cannot be named."
                )
            )
        }
        let evaluator = NetworkPathEvaluator(
            subnets: subnets,
            loadBalancerSubnetIDs: resolved.subnetIDs,
            acls: acls,
            securityGroups: securityGroups,
            routeTables: routeTables
        )
        return targets.compactMap {
            evaluator.check(target: $0, groups: targetGroups[$0] ?? .unknown("its security groups were not looked up"))
        }
    }

    /// Each target's security groups: `DescribeInstances` for instance targets, the network interface holding the
    /// address in the VPC (`DescribeNetworkInterfaces`) for ip targets. An address no interface holds (on-premises,
    /// peered) is unknown, not blocked.
    func targetSecurityGroups(
        targets: [String],
        instanceOf: [String: String],
        vpc: String,
        ec2: EC2Client,
        missing: inout [MissingEvidence]
    ) async -> [String: NetworkPathEvaluator.TargetGroups] {
        var out: [String: NetworkPathEvaluator.TargetGroups] = [:]
        let instanceIDs = Set(instanceOf.values).sorted()
        if !instanceIDs.isEmpty {
            do {
                var byID: [String: [String]] = [:]
                for instance in try await ec2.describeInstances(ids: instanceIDs) {
                    byID[instance.id] = instance.securityGroupIDs
                }
                for (target, id) in instanceOf {
                    out[target] = byID[id].map { .known($0) } ?? .unknown("instance \(id) was not found")
                }
            } catch {
                missing.append(
                    Self.missing(
                        error,
                        source: .configuration,
                        what: "the instance targets' security groups",
                        action: "ec2:DescribeInstances",
                        impact: "Whether the instance targets' security groups let the load balancer in is not checked."
                    )
                )
                for target in instanceOf.keys { out[target] = .unknown("DescribeInstances failed") }
            }
        }
        let ipTargets = targets.filter { instanceOf[$0] == nil }
        guard !ipTargets.isEmpty else { return out }
        let addressOf = Dictionary(
            ipTargets.map { ($0, String($0[..<($0.lastIndex(of: ":") ?? $0.endIndex)])) },
            uniquingKeysWith: { a, _ in a }
        )
        let addresses = Set(addressOf.values).sorted()
        do {
            var byAddress: [String: [String]] = [:]
            for start in stride(from: 0, to: addresses.count, by: 100) {
                let batch = Array(addresses[start..<min(start + 100, addresses.count)])
                let interfaces = try await ec2.describeNetworkInterfaces(filters: [
                    .init(name: "addresses.private-ip-address", values: batch), .init(name: "vpc-id", values: [vpc]),
                ])
                for interface in interfaces {
                    for address in interface.privateIPAddresses { byAddress[address] = interface.securityGroupIDs }
                }
            }
            for (target, address) in addressOf {
                out[target] =
                    byAddress[address].map { .known($0) }
                    ?? .unknown(
                        "no network interface in \(vpc) holds \(address), so its security groups could not be checked"
                    )
            }
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what: "the ip targets' network interfaces (their security groups)",
                    action: "ec2:DescribeNetworkInterfaces",
                    impact: "Whether the ip targets' security groups let the load balancer in is not checked."
                )
            )
            for target in ipTargets { out[target] = .unknown("DescribeNetworkInterfaces failed") }
        }
        return out
    }
}
