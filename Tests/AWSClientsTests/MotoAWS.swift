import AWSClients
import Foundation
import Logging
import TestSupport

/// Access to the shared emulator through our own core client, plus raw signed calls for the set-up
/// actions our clients do not have (CreateVpc, CreateLoadBalancer, PutMetricData, PutObject, …).
struct MotoAWS {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let region = "us-east-1"

    let server: MotoServer
    let core: AWSHTTPClient

    /// The shared emulator, reset to empty.
    static func fresh() async throws -> MotoAWS {
        let server = try await MotoServer.shared()
        try await server.reset()
        return MotoAWS(server: server)
    }

    init(server: MotoServer) {
        self.server = server
        core = Self.core(endpoint: server.endpoint)
    }

    static func core(endpoint: String, region: String = region, maxAttempts: Int = 2) -> AWSHTTPClient {
        AWSHTTPClient(
            credentialProvider: StaticCredentialProvider(credentials),
            region: region,
            endpoints: AWSEndpointResolver(commandLineOverride: endpoint),
            retry: AWSRetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.01)
        )
    }

    /// A signed Query/EC2 call; returns the response root.
    @discardableResult
    func query(_ service: AWSServiceInfo, _ action: String, _ parameters: [(String, String)] = [], ec2: Bool = false)
        async throws -> XMLNode
    {
        let request = AWSProtocolRequests.query(
            service: service,
            action: action,
            parameters: parameters.map { (name: $0.0, value: $0.1) },
            ec2: ec2
        )
        return try XMLNode.parse(try await core.send(request, service: service).body)
    }

    /// A signed JSON 1.0/1.1 call with a raw JSON body.
    @discardableResult
    func json(_ service: AWSServiceInfo, _ action: String, version: String, _ body: String) async throws -> [UInt8] {
        var request = AWSRequest(
            operation: action,
            iamAction: "\(service.iamPrefix):\(action)",
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-\(version)"),
                ("X-Amz-Target", "\(service.apiVersion).\(action)"),
            ],
            body: Array(body.utf8),
            errorProtocol: .json
        )
        if service == .cloudWatch { request.headers.append(("x-amzn-query-mode", "true")) }
        return try await core.send(request, service: service).body
    }

    /// A signed REST call.
    @discardableResult
    func rest(
        _ service: AWSServiceInfo,
        _ method: String,
        _ path: String,
        body: [UInt8] = [],
        headers: [(String, String)] = [],
        bucket: String? = nil
    ) async throws -> AWSResponse {
        let request = AWSRequest(
            operation: "\(method) \(path)",
            iamAction: service.iamPrefix,
            method: method,
            path: path,
            headers: headers.map { (name: $0.0, value: $0.1) },
            body: body,
            s3Bucket: bucket,
            errorProtocol: service == .s3 ? .restXML : .json
        )
        return try await core.send(request, service: service)
    }

    // MARK: Set-up helpers

    struct Network {
        var vpcID: String
        var subnetIDs: [String]
        var loadBalancerSG: String
        var targetSG: String
        var networkACLID: String
        var loadBalancerARN: String
        var targetGroupARN: String
        var lambdaTargetGroupARN: String
        var listenerARN: String
    }

    /// VPC, two subnets, two security groups (targets admit 8080 from the LB group), a custom NACL denying
    /// 8080 associated with the first subnet, an ALB with an HTTP listener forwarding to an ip target group
    /// with two targets, a lambda target group, and `idle_timeout.timeout_seconds` set to 120.
    func makeNetwork() async throws -> Network {
        let vpc = try await query(.ec2, "CreateVpc", [("CidrBlock", "10.0.0.0/16")], ec2: true)
        let vpcID = try value(vpc.find("vpcId"), "vpcId")
        var subnets: [String] = []
        for (index, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
            let subnet = try await query(
                .ec2,
                "CreateSubnet",
                [("VpcId", vpcID), ("CidrBlock", "10.0.\(index + 1).0/24"), ("AvailabilityZone", zone)],
                ec2: true
            )
            subnets.append(try value(subnet.find("subnetId"), "subnetId"))
        }
        let lbSG = try value(
            try await query(
                .ec2,
                "CreateSecurityGroup",
                [("GroupName", "lb-sg"), ("GroupDescription", "load balancer"), ("VpcId", vpcID)],
                ec2: true
            )
            .find("groupId"),
            "groupId"
        )
        let targetSG = try value(
            try await query(
                .ec2,
                "CreateSecurityGroup",
                [("GroupName", "tg-sg"), ("GroupDescription", "targets"), ("VpcId", vpcID)],
                ec2: true
            )
            .find("groupId"),
            "groupId"
        )
        try await query(
            .ec2,
            "AuthorizeSecurityGroupIngress",
            [
                ("GroupId", targetSG), ("IpPermissions.1.IpProtocol", "tcp"), ("IpPermissions.1.FromPort", "8080"),
                ("IpPermissions.1.ToPort", "8080"), ("IpPermissions.1.Groups.1.GroupId", lbSG),
            ],
            ec2: true
        )
        let acl = try value(
            try await query(.ec2, "CreateNetworkAcl", [("VpcId", vpcID)], ec2: true).find("networkAclId"),
            "networkAclId"
        )
        try await query(
            .ec2,
            "CreateNetworkAclEntry",
            [
                ("NetworkAclId", acl), ("RuleNumber", "90"), ("Protocol", "6"), ("RuleAction", "deny"),
                ("Egress", "false"),
                ("CidrBlock", "10.0.0.0/16"), ("PortRange.From", "8080"), ("PortRange.To", "8080"),
            ],
            ec2: true
        )
        let current = try await query(
            .ec2,
            "DescribeNetworkAcls",
            [("Filter.1.Name", "association.subnet-id"), ("Filter.1.Value.1", subnets[0])],
            ec2: true
        )
        var associationID: String?
        for item in current.list("networkAclSet", item: "item") {
            for association in item.list("associationSet", item: "item")
            where association.string("subnetId") == subnets[0] {
                associationID = association.string("networkAclAssociationId")
            }
        }
        try await query(
            .ec2,
            "ReplaceNetworkAclAssociation",
            [
                (
                    "AssociationId",
                    try value(associationID.map { XMLNode(name: "id", text: $0) }, "networkAclAssociationId")
                ), ("NetworkAclId", acl),
            ],
            ec2: true
        )
        let lb = try await query(
            .elbv2,
            "CreateLoadBalancer",
            [
                ("Name", "my-lb"), ("Subnets.member.1", subnets[0]), ("Subnets.member.2", subnets[1]),
                ("SecurityGroups.member.1", lbSG), ("Scheme", "internet-facing"), ("Type", "application"),
            ]
        )
        let lbARN = try value(lb.find("LoadBalancerArn"), "LoadBalancerArn")
        let tg = try await query(
            .elbv2,
            "CreateTargetGroup",
            [("Name", "tg-ip"), ("Protocol", "HTTP"), ("Port", "8080"), ("VpcId", vpcID), ("TargetType", "ip")]
        )
        let tgARN = try value(tg.find("TargetGroupArn"), "TargetGroupArn")
        let lambdaTG = try value(
            try await query(.elbv2, "CreateTargetGroup", [("Name", "tg-lambda"), ("TargetType", "lambda")]).find(
                "TargetGroupArn"
            ),
            "TargetGroupArn"
        )
        try await query(
            .elbv2,
            "RegisterTargets",
            [
                ("TargetGroupArn", tgARN), ("Targets.member.1.Id", "10.0.1.10"), ("Targets.member.1.Port", "8080"),
                ("Targets.member.2.Id", "10.0.2.20"), ("Targets.member.2.Port", "8080"),
            ]
        )
        let listener = try await query(
            .elbv2,
            "CreateListener",
            [
                ("LoadBalancerArn", lbARN), ("Protocol", "HTTP"), ("Port", "80"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", tgARN),
            ]
        )
        try await query(
            .elbv2,
            "ModifyLoadBalancerAttributes",
            [
                ("LoadBalancerArn", lbARN), ("Attributes.member.1.Key", "idle_timeout.timeout_seconds"),
                ("Attributes.member.1.Value", "120"),
            ]
        )
        return Network(
            vpcID: vpcID,
            subnetIDs: subnets,
            loadBalancerSG: lbSG,
            targetSG: targetSG,
            networkACLID: acl,
            loadBalancerARN: lbARN,
            targetGroupARN: tgARN,
            lambdaTargetGroupARN: lambdaTG,
            listenerARN: try value(listener.find("ListenerArn"), "ListenerArn")
        )
    }

    struct MissingField: Error, CustomStringConvertible {
        var field: String
        var description: String { "set-up response lacks <\(field)>" }
    }

    func value(_ node: XMLNode?, _ field: String) throws -> String {
        guard let text = node?.text, !text.isEmpty else { throw MissingField(field: field) }
        return text
    }
}
