import ALBDiagnosis
import ALBDoctor
import ALBWire
import AWSClients
import TestSupport
import Testing

/// `probe --load-balancer` against moto_server on 127.0.0.1: the load balancer's idle timeout, listener policy
/// and registered IP target (a loopback server) are read through the AWS layer, then the target is probed.
@Suite struct ProbeLoadBalancerTests {
    static let variables = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1",
    ]

    /// Creates a VPC, two subnets, a load balancer with `idle` seconds idle timeout, an IP target group
    /// (health-check path `/health`) with 127.0.0.1:`port`, and an HTTP listener.
    static func makeLoadBalancer(endpoint: String, idle: Int, port: Int) async throws {
        let core = AWSHTTPClient(
            credentialProvider: StaticCredentialProvider(
                AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            ),
            region: "us-east-1",
            endpoints: AWSEndpointResolver(commandLineOverride: endpoint)
        )
        let ec2 = EC2Client(core: core)
        let elb = ELBv2Client(core: core)
        let vpc = try #require(try await ec2.call("CreateVpc", [("CidrBlock", "10.0.0.0/16")]).find("vpcId")?.text)
        var subnets: [String] = []
        for (index, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
            let subnet = try await ec2.call(
                "CreateSubnet",
                [("VpcId", vpc), ("CidrBlock", "10.0.\(index + 1).0/24"), ("AvailabilityZone", zone)]
            )
            subnets.append(try #require(subnet.find("subnetId")?.text))
        }
        let lb = try #require(
            try await elb.call(
                "CreateLoadBalancer",
                [("Name", "web"), ("Subnets.member.1", subnets[0]), ("Subnets.member.2", subnets[1])]
            ).find("LoadBalancerArn")?.text
        )
        _ = try await elb.call(
            "ModifyLoadBalancerAttributes",
            [
                ("LoadBalancerArn", lb), ("Attributes.member.1.Key", "idle_timeout.timeout_seconds"),
                ("Attributes.member.1.Value", String(idle)),
            ]
        )
        let group = try #require(
            try await elb.call(
                "CreateTargetGroup",
                [
                    ("Name", "app"), ("Protocol", "HTTP"), ("Port", "8080"), ("VpcId", vpc), ("TargetType", "ip"),
                    ("HealthCheckPath", "/health"),
                ]
            ).find("TargetGroupArn")?.text
        )
        _ = try await elb.call(
            "RegisterTargets",
            [("TargetGroupArn", group), ("Targets.member.1.Id", "127.0.0.1"), ("Targets.member.1.Port", String(port))]
        )
        _ = try await elb.call(
            "CreateListener",
            [
                ("LoadBalancerArn", lb), ("Protocol", "HTTP"), ("Port", "80"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", group),
            ]
        )
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func probesTheRegisteredTargetsWithTheLoadBalancersIdleTimeout() async throws {
        try await LoopbackHTTPServer.with(.keepAlive(timeout: 1)) { port in
            try await withMotoServer { endpoint in
                try await Self.makeLoadBalancer(endpoint: endpoint, idle: 2, port: port)
                var options = ProbeRun.Options(urls: [])
                options.loadBalancer = "web"
                options.connectTimeout = 1
                options.aws = AWSAccessOptions(region: "us-east-1", endpointURL: endpoint)
                options.awsEnvironment = AWSEnvironment(variables: Self.variables, homeDirectory: "/nonexistent")
                let report = try await ProbeRun(options: options).run()
                #expect(report.idleTimeout == 2)
                #expect(report.backendPolicy == "ELBSecurityPolicy-2016-08")
                #expect(report.targets.map(\.result.target.url) == ["http://127.0.0.1:\(port)/health"])
                #expect(report.findings.map(\.id) == [.targetKeepaliveTimeout])
                #expect(
                    report.notes.first?.hasPrefix("Load balancer web: 1 registered target, idle timeout 2 s") == true,
                    "\(report.notes)"
                )
            }
        }
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func unknownLoadBalancerIsAnError() async throws {
        try await withMotoServer { endpoint in
            var options = ProbeRun.Options(urls: [])
            options.loadBalancer = "missing"
            options.aws = AWSAccessOptions(region: "us-east-1", endpointURL: endpoint)
            options.awsEnvironment = AWSEnvironment(variables: Self.variables, homeDirectory: "/nonexistent")
            await #expect(throws: (any Error).self) { try await ProbeRun(options: options).run() }
        }
    }
}
