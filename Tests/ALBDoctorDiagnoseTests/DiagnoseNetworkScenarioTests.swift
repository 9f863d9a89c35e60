import ALBDoctor
import Foundation
import TestSupport
import Testing

/// `diagnose` end to end against the emulator for the network layers beyond network ACLs: a security group that
/// does not admit the load balancer, and a target outside the VPC without a route.
@Suite struct DiagnoseNetworkScenarioTests {
    /// Not-dispatched 502s on `failing` targets in the second half of a 25-minute log (300 lines over 3 targets,
    /// or 4 with `extra`), uploaded, with HTTPCode_ELB_502_Count and TargetConnectionErrorCount of the same
    /// minutes; returns the number of failed requests.
    static func failingLogs(
        _ fixture: DiagnoseFixture,
        targets: [String] = DiagnoseFixture.targets,
        failing: (String) -> Bool
    ) async throws -> Int {
        let failed = try await fixture.uploadNotDispatched(targets: targets) { i, target in i >= 150 && failing(target)
        }
        let points = DiagnoseFixture.points(failed)
        try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
        try await fixture.putMetric("TargetConnectionErrorCount", points: points)
        return failed.values.reduce(0, +)
    }

    static func run(_ endpoint: String, trail: LoopbackJSONServer) async throws -> [String: Any] {
        var options = DiagnoseRun.Options(loadBalancer: "web")
        options.awsEnvironment = DiagnoseFixture.environment(
            endpoint: endpoint,
            overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
        )
        return try await DiagnoseScenarioTests.render(try await DiagnoseRun(options: options).run())
    }

    static func networkPaths(_ json: [String: Any]) -> [String: [String: Any]] {
        let configuration = json["configuration"] as? [String: Any]
        let paths = configuration?["network_paths"] as? [[String: Any]] ?? []
        return Dictionary(paths.map { ($0["target"] as? String ?? "-", $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The targets of subnet 10.0.1.0/24 sit on interfaces whose security group admits 9090, not 8080, from the
    /// load balancer's group: not-dispatched 502s on them → target-unreachable naming the group, the missing rule
    /// and the rule to add; the third target's group admits 8080 and is not blocked.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func unreachableBehindASecurityGroup() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            let network = try await fixture.secureTargets(blockedGroupPort: 9090)
            let failed = try await Self.failingLogs(fixture) { $0.hasPrefix("10.0.1.") }
            let json = try await Self.run(endpoint, trail: trail)
            let causes = DiagnoseScenarioTests.causes(json)
            let top = try #require(causes.first)
            #expect(top["id"] as? String == "target-unreachable", "\(causes.map { $0["id"] ?? "" })")
            #expect((top["confidence"] as? Double ?? 0) >= 0.92)
            #expect(top["count"] as? Int == failed)
            #expect(DiagnoseScenarioTests.sources(top) == ["access-log", "metric", "configuration"])
            let config = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "configuration"
            }
            let details = JSONDetails.strings(config?["details"])
            #expect(details?["layer"] == "security-group")
            #expect(details?["security_group"] == "\(network.blockedSG) (tg-sg)")
            #expect(details?["targets"] == "10.0.1.10:8080,10.0.1.11:8080")
            #expect(
                config?["summary"] as? String
                    == "Security group \(network.blockedSG) (tg-sg) of 10.0.1.10:8080 and 10.0.1.11:8080 has no inbound rule for TCP 8080 from the load balancer's security group \(network.loadBalancerSG) or its subnets 10.0.1.0/24, 10.0.2.0/24."
            )
            #expect(
                (top["fix"] as? [String])?.first
                    == "Add an inbound rule for TCP 8080 from the load balancer's security group \(network.loadBalancerSG) to \(network.blockedSG) (tg-sg)."
            )
            let paths = Self.networkPaths(json)
            #expect(paths.count == 3)
            #expect(paths["10.0.1.10:8080"]?["layer"] as? String == "security-group")
            #expect(paths["10.0.1.10:8080"]?["target_security_groups"] as? [String] == ["\(network.blockedSG) (tg-sg)"])
            #expect(paths["10.0.2.12:8080"]?["blocked"] as? Bool == false)
            #expect(paths["10.0.2.12:8080"]?["target_security_groups"] as? [String] == ["\(network.openSG) (open-sg)"])
            #expect(paths["10.0.2.12:8080"]?["route"] as? String == "local 10.0.0.0/16 (inside the VPC)")
            #expect(
                paths["10.0.2.12:8080"]?["checked"] as? [String] == ["route-table", "network-acl", "security-group"]
            )
            let missing = json["missing_evidence"] as? [[String: Any]] ?? []
            #expect(!missing.contains { ($0["iam_action"] as? String)?.hasPrefix("ec2:") == true }, "\(missing)")
        }
    }

    /// A target at 192.168.5.5 (on premises) with no route from the load balancer's subnets (only the VPC's main
    /// table, local route): its not-dispatched 502s → target-unreachable naming the route table; its security
    /// groups are said to be unknown (no interface in the VPC holds it), not blocked.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func unreachableWithoutARouteOutsideTheVPC() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            _ = try await fixture.secureTargets(blockedGroupPort: 8080)
            try await fixture.registerOutsideTarget("192.168.5.5")
            let failed = try await Self.failingLogs(fixture, targets: DiagnoseFixture.targets + ["192.168.5.5"]) {
                $0.hasPrefix("192.168.")
            }
            let json = try await Self.run(endpoint, trail: trail)
            let top = try #require(DiagnoseScenarioTests.causes(json).first)
            #expect(top["id"] as? String == "target-unreachable")
            #expect(top["count"] as? Int == failed)
            let config = (top["evidence"] as? [[String: Any]] ?? []).first {
                $0["source"] as? String == "configuration"
            }
            let details = JSONDetails.strings(config?["details"])
            let table = try #require(details?["route_table"])
            #expect(table.hasPrefix("rtb-"))
            #expect(details?["layer"] == "route-table")
            #expect(details?["rule"] == "no route to 192.168.5.5 (outside the VPC)")
            #expect(details?["targets"] == "192.168.5.5:8080")
            #expect((top["fix"] as? [String])?.first?.contains("to route table \(table)") == true)
            let paths = Self.networkPaths(json)
            #expect(paths.values.filter { $0["blocked"] as? Bool == true }.count == 1)
            let outside = paths["192.168.5.5:8080"]
            #expect(outside?["target_security_groups"] == nil)
            #expect(
                (outside?["not_checked"] as? [String])?.contains {
                    $0.contains("no network interface in \(fixture.vpcID) holds 192.168.5.5")
                } == true
            )
        }
    }
}
