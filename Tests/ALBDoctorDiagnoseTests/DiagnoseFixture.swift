import ALBAccessLog
import ALBDoctor
import AWSClients
import Foundation
import NIOCore
import TestSupport

/// Builds a diagnose scenario in the emulator through our own signed core client: VPC, subnets, a load balancer
/// `web` with access logs to an S3 bucket, an `ip` target group `app` (HTTP 8080) with three targets and a
/// listener; plus metrics (`PutMetricData`) and access-log objects written from lines made here.
struct DiagnoseFixture {
    static let accessKey = "AKIDEXAMPLE"
    static let secretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let bucket = "web-alb-logs"
    static let targets = ["10.0.1.10", "10.0.1.11", "10.0.2.12"]

    let endpoint: String
    let core: AWSHTTPClient
    var loadBalancerARN = ""
    var targetGroupARN = ""
    var vpcID = ""
    var subnetIDs: [String] = []

    init(endpoint: String) {
        self.endpoint = endpoint
        core = AWSHTTPClient(
            credentialProvider: StaticCredentialProvider(
                AWSCredentials(accessKeyID: Self.accessKey, secretAccessKey: Self.secretKey)
            ),
            region: "us-east-1",
            endpoints: AWSEndpointResolver(commandLineOverride: endpoint),
            retry: AWSRetryPolicy(maxAttempts: 1, baseDelay: 0.01),
            // The set-up's first call into a fresh emulator loads that service's models (EC2's take seconds, and
            // longer while the other suites load both cores): the set-up waits for it; `diagnose` then finds the
            // service warm and runs with its own defaults.
            timeout: .seconds(180)
        )
    }

    /// The environment `diagnose` runs with: static keys, region, every service at the emulator except the
    /// ones overridden (e.g. CloudTrail at a loopback stand-in).
    static func environment(endpoint: String, overrides: [String: String] = [:]) -> AWSEnvironment {
        var variables = [
            "AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey, "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "1",
        ]
        variables.merge(overrides) { _, new in new }
        return AWSEnvironment(variables: variables, homeDirectory: "/nonexistent")
    }

    enum SetupError: Error { case missing(String) }

    private func text(_ node: XMLNode?, _ what: String) throws -> String {
        guard let value = node?.text else { throw SetupError.missing(what) }
        return value
    }

    /// Creates the resources. `idle` is the idle timeout, `delay` the deregistration delay.
    mutating func makeLoadBalancer(
        idle: Int = 60,
        delay: Int = 30,
        logs: Bool = true,
        targetProtocol: String = "HTTP",
        port: Int = 8080
    ) async throws {
        let ec2 = EC2Client(core: core)
        let elb = ELBv2Client(core: core)
        let vpc = try text(try await ec2.call("CreateVpc", [("CidrBlock", "10.0.0.0/16")]).find("vpcId"), "vpcId")
        var subnets: [String] = []
        for (index, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
            let subnet = try await ec2.call(
                "CreateSubnet",
                [("VpcId", vpc), ("CidrBlock", "10.0.\(index + 1).0/24"), ("AvailabilityZone", zone)]
            )
            subnets.append(try text(subnet.find("subnetId"), "subnetId"))
        }
        vpcID = vpc
        subnetIDs = subnets
        loadBalancerARN = try text(
            try await elb.call(
                "CreateLoadBalancer",
                [("Name", "web"), ("Subnets.member.1", subnets[0]), ("Subnets.member.2", subnets[1])]
            ).find("LoadBalancerArn"),
            "LoadBalancerArn"
        )
        var attributes: [(String, String)] = [("idle_timeout.timeout_seconds", String(idle))]
        if logs {
            try await s3("PUT", "/", bucket: Self.bucket)
            attributes += [
                ("access_logs.s3.enabled", "true"), ("access_logs.s3.bucket", Self.bucket),
                ("access_logs.s3.prefix", "alb"),
            ]
        }
        var parameters = [("LoadBalancerArn", loadBalancerARN)]
        for (i, (key, value)) in attributes.enumerated() {
            parameters += [("Attributes.member.\(i + 1).Key", key), ("Attributes.member.\(i + 1).Value", value)]
        }
        _ = try await elb.call("ModifyLoadBalancerAttributes", parameters)
        targetGroupARN = try text(
            try await elb.call(
                "CreateTargetGroup",
                [
                    ("Name", "app"), ("Protocol", targetProtocol), ("Port", String(port)), ("VpcId", vpc),
                    ("TargetType", "ip"),
                    ("HealthCheckPath", "/health"),
                ]
            ).find("TargetGroupArn"),
            "TargetGroupArn"
        )
        _ = try await elb.call(
            "ModifyTargetGroupAttributes",
            [
                ("TargetGroupArn", targetGroupARN), ("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"),
                ("Attributes.member.1.Value", String(delay)),
            ]
        )
        var register = [("TargetGroupArn", targetGroupARN)]
        for (i, ip) in Self.targets.enumerated() {
            register += [("Targets.member.\(i + 1).Id", ip), ("Targets.member.\(i + 1).Port", String(port))]
        }
        _ = try await elb.call("RegisterTargets", register)
        _ = try await elb.call(
            "CreateListener",
            [
                ("LoadBalancerArn", loadBalancerARN), ("Protocol", "HTTP"), ("Port", "80"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", targetGroupARN),
            ]
        )
    }

    /// Adds a `lambda` target group `fn` with function `function`, forwarded to by a second listener (port 81).
    mutating func addLambdaTargetGroup(function: String) async throws -> String {
        let elb = ELBv2Client(core: core)
        let group = try text(
            try await elb.call("CreateTargetGroup", [("Name", "fn"), ("TargetType", "lambda")]).find("TargetGroupArn"),
            "TargetGroupArn"
        )
        _ = try await elb.call(
            "RegisterTargets",
            [
                ("TargetGroupArn", group),
                ("Targets.member.1.Id", "arn:aws:lambda:us-east-1:123456789012:function:\(function)"),
            ]
        )
        _ = try await elb.call(
            "CreateListener",
            [
                ("LoadBalancerArn", loadBalancerARN), ("Protocol", "HTTP"), ("Port", "81"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", group),
            ]
        )
        return group
    }

    /// A custom network ACL on the first subnet (10.0.1.0/24) that denies TCP 8080 from 10.0.0.0/16 (rule 90) and
    /// allows everything else both ways (rule 100).
    func denyPort8080OnFirstSubnet() async throws -> String {
        let ec2 = EC2Client(core: core)
        let acl = try text(
            try await ec2.call("CreateNetworkAcl", [("VpcId", vpcID)]).find("networkAclId"),
            "networkAclId"
        )
        for (rule, action, egress, ports) in [
            ("90", "deny", "false", true), ("100", "allow", "false", false), ("100", "allow", "true", false),
        ] {
            var parameters = [
                ("NetworkAclId", acl), ("RuleNumber", rule), ("Protocol", ports ? "6" : "-1"), ("RuleAction", action),
                ("Egress", egress), ("CidrBlock", ports ? "10.0.0.0/16" : "0.0.0.0/0"),
            ]
            if ports { parameters += [("PortRange.From", "8080"), ("PortRange.To", "8080")] }
            _ = try await ec2.call("CreateNetworkAclEntry", parameters)
        }
        let current = try await ec2.call(
            "DescribeNetworkAcls",
            [("Filter.1.Name", "association.subnet-id"), ("Filter.1.Value.1", subnetIDs[0])]
        )
        var association: String?
        for item in current.list("networkAclSet", item: "item") {
            for entry in item.list("associationSet", item: "item") where entry.string("subnetId") == subnetIDs[0] {
                association = entry.string("networkAclAssociationId")
            }
        }
        guard let association else { throw SetupError.missing("networkAclAssociationId") }
        _ = try await ec2.call("ReplaceNetworkAclAssociation", [("AssociationId", association), ("NetworkAclId", acl)])
        return acl
    }

    /// `app/web/<id>`.
    var loadBalancerDimension: String {
        loadBalancerARN.range(of: ":loadbalancer/").map { String(loadBalancerARN[$0.upperBound...]) } ?? ""
    }

    /// `targetgroup/app/<id>`.
    var targetGroupDimension: String { targetGroupARN.split(separator: ":").last.map(String.init) ?? "" }

    @discardableResult
    func s3(_ method: String, _ path: String, body: [UInt8] = [], bucket: String) async throws -> AWSResponse {
        let request = AWSRequest(
            operation: "\(method) \(path)",
            iamAction: "s3",
            method: method,
            path: path,
            body: body,
            s3Bucket: bucket,
            errorProtocol: .restXML
        )
        return try await core.send(request, service: .s3)
    }

    /// `PutMetricData` of `points` (epoch seconds, value) for `name` with the load balancer dimension and, when
    /// `targetGroup` is true, the target group's (`group`, an ARN, instead of `app` when given).
    func putMetric(_ name: String, targetGroup: Bool = false, group: String? = nil, points: [(Int, Double)])
        async throws
    {
        var dimensions = [#"{"Name": "LoadBalancer", "Value": "\#(loadBalancerDimension)"}"#]
        let groupDimension = group.map { $0.split(separator: ":").last.map(String.init) ?? $0 } ?? targetGroupDimension
        if targetGroup || group != nil {
            dimensions.insert(#"{"Name": "TargetGroup", "Value": "\#(groupDimension)"}"#, at: 0)
        }
        let data = points.map {
            #"{"MetricName": "\#(name)", "Dimensions": [\#(dimensions.joined(separator: ", "))], "Timestamp": \#($0.0), "Value": \#($0.1), "Unit": "Count"}"#
        }
        var request = AWSRequest(
            operation: "PutMetricData",
            iamAction: "cloudwatch:PutMetricData",
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData"),
            ],
            body: Array(#"{"Namespace": "AWS/ApplicationELB", "MetricData": [\#(data.joined(separator: ", "))]}"#.utf8),
            errorProtocol: .json
        )
        request.headers.append(("x-amzn-query-mode", "true"))
        _ = try await core.send(request, service: .cloudWatch)
    }

    /// `PutMetricData` in `AWS/Lambda` for `function`.
    func putLambdaMetric(_ name: String, function: String, points: [(Int, Double)]) async throws {
        let data = points.map {
            #"{"MetricName": "\#(name)", "Dimensions": [{"Name": "FunctionName", "Value": "\#(function)"}], "Timestamp": \#($0.0), "Value": \#($0.1)}"#
        }
        var request = AWSRequest(
            operation: "PutMetricData",
            iamAction: "cloudwatch:PutMetricData",
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData"),
            ],
            body: Array(#"{"Namespace": "AWS/Lambda", "MetricData": [\#(data.joined(separator: ", "))]}"#.utf8),
            errorProtocol: .json
        )
        request.headers.append(("x-amzn-query-mode", "true"))
        _ = try await core.send(request, service: .cloudWatch)
    }

    /// A real Lambda function `name` in the emulator (IAM CreateRole, then Lambda CreateFunction with a one-file
    /// zip), so that `GetFunctionConfiguration` returns its `timeout`.
    func createFunction(_ name: String, timeout: Int) async throws {
        let trust =
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#
        let role = AWSProtocolRequests.query(
            service: .iam,
            action: "CreateRole",
            parameters: [("RoleName", "\(name)-role"), ("AssumeRolePolicyDocument", trust)]
        )
        let created = try AWSProtocolRequests.decodeXML(
            try await core.send(role, service: .iam),
            operation: "CreateRole"
        )
        let roleARN = try text(created.find("Arn"), "Arn")
        let zip = Self.zip(
            file: "index.py",
            contents: "def handler(event, context):\n    return {\"statusCode\": 200, \"body\": \"ok\"}\n"
        )
        let body =
            #"{"FunctionName": "\#(name)", "Runtime": "python3.12", "Role": "\#(roleARN)", "Handler": "index.handler", "Timeout": \#(timeout), "MemorySize": 128, "Code": {"ZipFile": "\#(Data(zip).base64EncodedString())"}}"#
        let request = AWSRequest(
            operation: "CreateFunction",
            iamAction: "lambda:CreateFunction",
            method: "POST",
            path: "/2015-03-31/functions",
            headers: [("Content-Type", "application/json")],
            body: Array(body.utf8),
            errorProtocol: .json
        )
        _ = try await core.send(request, service: .lambda)
    }

    /// A zip archive holding one stored (uncompressed) file.
    static func zip(file: String, contents: String) -> [UInt8] {
        let name = Array(file.utf8)
        let data = Array(contents.utf8)
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        let common =
            le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(data.count))
            + le32(UInt32(data.count)) + le16(name.count) + le16(0)
        let local = le32(0x0403_4B50) + common + name + data
        let central = le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let end =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(UInt32(central.count))
            + le32(UInt32(local.count)) + le16(0)
        return local + central + end
    }

    /// Uploads `lines` as one plain access-log object whose name says it ends at `end`.
    func uploadLog(_ lines: [String], end: Int64) async throws {
        let endTime = UTCStamp.compact(seconds: end)
        let day = UTCStamp.dayPath(seconds: end)
        let id = loadBalancerDimension.split(separator: "/").last.map(String.init) ?? "x"
        let key =
            "alb/AWSLogs/123456789012/elasticloadbalancing/us-east-1/\(day)/123456789012_elasticloadbalancing_us-east-1_app.web.\(id)_\(endTime)_10.0.0.5_test.log"
        try await s3(
            "PUT",
            S3Client.keyPath(key),
            body: Array((lines.joined(separator: "\n") + "\n").utf8),
            bucket: Self.bucket
        )
    }

    /// One access-log line.
    func line(
        at micros: Int64,
        target: String,
        times: String = "0.001 0.012 0.000",
        elb: Int = 200,
        targetStatus: String = "200",
        path: String = "/api/orders",
        errorReason: String = "-",
        targetGroup: String? = nil,
        elapsed: Int64 = 15_000
    ) -> String {
        let time = LogTimestamp(microsecondsSinceEpoch: micros).description
        let created = LogTimestamp(microsecondsSinceEpoch: micros - elapsed).description
        let client = "198.51.100.\(Int(micros / 1000 % 200) + 1):\(40000 + Int(micros / 1000 % 20000))"
        return
            "http \(time) \(loadBalancerDimension) \(client) \(target) \(times) \(elb) \(targetStatus) 210 512 \"GET http://web.example.com:80\(path) HTTP/1.1\" \"curl/8.5.0\" - - \(targetGroup ?? targetGroupARN) \"Root=1-6b0555930-\(micros % 1_000_000)\" \"-\" \"-\" 0 \(created) \"forward\" \"-\" \"\(errorReason)\" \"\(target)\" \"\(targetStatus)\" \"-\" \"-\" TID_\(micros % 1_000_000)"
    }
}

extension DiagnoseFixture {
    /// The start of the minute `minutesAgo` minutes ago (epoch seconds): scenarios write their lines from there.
    static func base(minutesAgo: Int64 = 30) -> Int64 {
        Int64(Date().timeIntervalSince1970) / 60 * 60 - minutesAgo * 60
    }

    /// Uploads `count` requests as one access-log object, one every `every` seconds from `base`, round-robin over
    /// `targets` on `port`; request `i` to `target` (`ip:port`) is a not-dispatched 502 (`-1 -1 -1`, no target
    /// status) when `fails(i, target)`, else a 200. Returns the failures per minute (minute start → count).
    @discardableResult
    func uploadNotDispatched(
        count: Int = 300,
        every: Int64 = 5,
        port: Int = 8080,
        targets: [String] = DiagnoseFixture.targets,
        base: Int64 = DiagnoseFixture.base(),
        fails: (_ index: Int, _ target: String) -> Bool
    ) async throws -> [Int: Int] {
        var lines: [String] = []
        var failed: [Int: Int] = [:]
        for i in 0..<count {
            let t = base * 1_000_000 + Int64(i) * every * 1_000_000
            let target = targets[i % targets.count] + ":\(port)"
            if fails(i, target) {
                lines.append(line(at: t, target: target, times: "-1 -1 -1", elb: 502, targetStatus: "-"))
                failed[Self.minute(t), default: 0] += 1
            } else {
                lines.append(line(at: t, target: target))
            }
        }
        try await uploadLog(lines, end: base + 1800)
        return failed
    }

    /// Per-minute counts (minute start → count) as `PutMetricData` points, oldest first.
    static func points(_ perMinute: [Int: Int]) -> [(Int, Double)] {
        perMinute.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
    }

    /// The minute start (epoch seconds) of a time in µs.
    static func minute(_ micros: Int64) -> Int { Int(micros / 60_000_000) * 60 }

    /// Runs `diagnose` on `web` with every service at the emulator and CloudTrail (and any other service in
    /// `overrides`) at loopback stand-ins, and returns the JSON report.
    func diagnose(
        trail: LoopbackJSONServer,
        loadBalancer: String = "web",
        since: String? = nil,
        overrides: [String: String] = [:]
    ) async throws -> [String: Any] {
        var options = DiagnoseRun.Options(loadBalancer: loadBalancer)
        if let since { options.since = since }
        options.awsEnvironment = Self.environment(
            endpoint: endpoint,
            overrides: overrides.merging(["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]) { a, _ in a }
        )
        return try await DiagnoseScenarioTests.render(try await DiagnoseRun(options: options).run())
    }

    /// A CloudTrail `LookupEvents` record (the shape of the stand-in's answer) for a target-group call `name` at
    /// `time` by `user`, with `parameters` (JSON members of `requestParameters`, after the target group's ARN).
    func trailEvent(
        _ name: String,
        at time: Int64,
        user: String,
        invokedBy: String? = nil,
        parameters: String,
        group: String? = nil
    ) -> (name: String, json: String) {
        let arn = group ?? targetGroupARN
        let identity =
            invokedBy.map { #"{\"type\":\"AssumedRole\",\"invokedBy\":\"\#($0)\"}"# } ?? #"{\"type\":\"IAMUser\"}"#
        let record =
            #"{\"eventName\":\"\#(name)\",\"userIdentity\":\#(identity),\"requestParameters\":{\"targetGroupArn\":\"\#(arn)\",\#(parameters)}}"#
        return (
            name,
            #"{"EventId": "e-\#(name)-\#(time)", "EventName": "\#(name)", "EventTime": \#(time), "EventSource": "elasticloadbalancing.amazonaws.com", "Username": "\#(user)", "Resources": [{"ResourceType": "AWS::ElasticLoadBalancingV2::TargetGroup", "ResourceName": "\#(arn)"}], "CloudTrailEvent": "\#(record)"}"#
        )
    }
}

/// UTC formatting for object names.
enum UTCStamp {
    static func components(_ seconds: Int64) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.dateComponents(
            [.year, .month, .day, .hour, .minute],
            from: Date(timeIntervalSince1970: Double(seconds))
        )
    }

    /// `20261125T1405Z`.
    static func compact(seconds: Int64) -> String {
        let c = components(seconds)
        return String(
            format: "%04d%02d%02dT%02d%02dZ",
            c.year ?? 0,
            c.month ?? 0,
            c.day ?? 0,
            c.hour ?? 0,
            c.minute ?? 0
        )
    }

    /// `2026/11/25`.
    static func dayPath(seconds: Int64) -> String {
        let c = components(seconds)
        return String(format: "%04d/%02d/%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
