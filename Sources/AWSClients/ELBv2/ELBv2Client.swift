import Foundation

/// Elastic Load Balancing v2 over the AWS Query protocol (XML responses).
public struct ELBv2Client: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// Sends a Query action and returns its `<ActionResult>` element.
    public func call(_ action: String, _ parameters: [(name: String, value: String)]) async throws -> XMLNode {
        let request = AWSProtocolRequests.query(service: .elbv2, action: action, parameters: parameters)
        let root = try AWSProtocolRequests.decodeXML(try await core.send(request, service: .elbv2), operation: action)
        return try AWSProtocolRequests.require(root["\(action)Result"], "\(action)Result", operation: action)
    }

    static func members(_ name: String, _ values: [String]) -> [(name: String, value: String)] {
        values.enumerated().map { ("\(name).member.\($0.offset + 1)", $0.element) }
    }

    /// Page size for paginated describes (`nil`: the service default).
    public var pageSize: Int?

    private func paged<T>(
        _ action: String,
        _ parameters: [(name: String, value: String)],
        list: String,
        _ parse: (XMLNode) throws -> T
    ) async throws -> [T] {
        let sizing: [(name: String, value: String)] = pageSize.map { [("PageSize", String($0))] } ?? []
        return try await AWSPagination.collect(operation: action) { marker in
            let result = try await call(action, parameters + sizing + (marker.map { [("Marker", $0)] } ?? []))
            return (try result.list(list).map(parse), result.string("NextMarker"))
        }
    }

    /// `DescribeLoadBalancers` by names and/or ARNs (all load balancers when both are empty).
    public func describeLoadBalancers(names: [String] = [], arns: [String] = []) async throws -> [LoadBalancer] {
        try await paged(
            "DescribeLoadBalancers",
            Self.members("Names", names) + Self.members("LoadBalancerArns", arns),
            list: "LoadBalancers"
        ) { node in
            guard let arn = node.string("LoadBalancerArn"), let name = node.string("LoadBalancerName") else {
                throw AWSClientError(
                    .malformedResponse,
                    "DescribeLoadBalancers: a load balancer lacks LoadBalancerArn or LoadBalancerName"
                )
            }
            return LoadBalancer(
                arn: arn,
                name: name,
                dnsName: node.string("DNSName"),
                scheme: node.string("Scheme"),
                vpcID: node.string("VpcId"),
                type: node.string("Type"),
                state: node["State"]?.string("Code"),
                availabilityZones: node.list("AvailabilityZones").map {
                    ($0.string("ZoneName") ?? "", $0.string("SubnetId") ?? "")
                },
                securityGroups: node.list("SecurityGroups").map(\.text),
                ipAddressType: node.string("IpAddressType"),
                createdTime: node.string("CreatedTime").flatMap(AWSTimestamp.parseISO8601)
            )
        }
    }

    /// `DescribeTags` accepts at most this many resource ARNs per call.
    public static let maxTagResourcesPerCall = 20

    /// `DescribeTags` of load balancers or target groups: ARN → (key → value), in calls of at most 20 ARNs.
    public func describeTags(arns: [String]) async throws -> [String: [String: String]] {
        var tags: [String: [String: String]] = [:]
        var start = 0
        while start < arns.count {
            let chunk = Array(arns[start..<min(arns.count, start + Self.maxTagResourcesPerCall)])
            start += chunk.count
            let result = try await call("DescribeTags", Self.members("ResourceArns", chunk))
            for description in result.list("TagDescriptions") {
                guard let arn = description.string("ResourceArn") else { continue }
                var pairs: [String: String] = [:]
                for tag in description.list("Tags") {
                    if let key = tag.string("Key") { pairs[key] = tag.string("Value") ?? "" }
                }
                tags[arn] = pairs
            }
        }
        return tags
    }

    /// `DescribeLoadBalancerAttributes`: key → value.
    public func describeLoadBalancerAttributes(loadBalancerARN: String) async throws -> [String: String] {
        let result = try await call("DescribeLoadBalancerAttributes", [("LoadBalancerArn", loadBalancerARN)])
        return Self.attributes(result)
    }

    /// `DescribeTargetGroupAttributes`: key → value.
    public func describeTargetGroupAttributes(targetGroupARN: String) async throws -> [String: String] {
        let result = try await call("DescribeTargetGroupAttributes", [("TargetGroupArn", targetGroupARN)])
        return Self.attributes(result)
    }

    static func attributes(_ result: XMLNode) -> [String: String] {
        var attributes: [String: String] = [:]
        for member in result.list("Attributes") {
            if let key = member.string("Key") { attributes[key] = member.string("Value") ?? "" }
        }
        return attributes
    }

    /// `DescribeListeners` of a load balancer.
    public func describeListeners(loadBalancerARN: String) async throws -> [Listener] {
        try await paged("DescribeListeners", [("LoadBalancerArn", loadBalancerARN)], list: "Listeners") { node in
            guard let arn = node.string("ListenerArn") else {
                throw AWSClientError(.malformedResponse, "DescribeListeners: a listener lacks ListenerArn")
            }
            return Listener(
                arn: arn,
                port: node.int("Port"),
                protocol: node.string("Protocol"),
                sslPolicy: node.string("SslPolicy").flatMap { $0.isEmpty ? nil : $0 },
                certificateARNs: node.list("Certificates").compactMap { $0.string("CertificateArn") },
                defaultActions: node.list("DefaultActions").map {
                    ListenerAction(
                        type: $0.string("Type") ?? "",
                        targetGroupARN: $0.string("TargetGroupArn")
                            ?? $0["ForwardConfig"]?.list("TargetGroups").first?.string("TargetGroupArn")
                    )
                }
            )
        }
    }

    /// `DescribeTargetGroups` by load balancer, ARNs or names (all when none given).
    public func describeTargetGroups(loadBalancerARN: String? = nil, arns: [String] = [], names: [String] = [])
        async throws -> [TargetGroup]
    {
        var parameters = Self.members("TargetGroupArns", arns) + Self.members("Names", names)
        if let loadBalancerARN { parameters.append(("LoadBalancerArn", loadBalancerARN)) }
        return try await paged("DescribeTargetGroups", parameters, list: "TargetGroups") { node in
            guard let arn = node.string("TargetGroupArn"), let name = node.string("TargetGroupName") else {
                throw AWSClientError(
                    .malformedResponse,
                    "DescribeTargetGroups: a target group lacks TargetGroupArn or TargetGroupName"
                )
            }
            return TargetGroup(
                arn: arn,
                name: name,
                protocol: node.string("Protocol"),
                protocolVersion: node.string("ProtocolVersion"),
                port: node.int("Port"),
                vpcID: node.string("VpcId"),
                targetType: node.string("TargetType"),
                healthCheck: TargetGroup.HealthCheck(
                    enabled: node.bool("HealthCheckEnabled"),
                    protocol: node.string("HealthCheckProtocol"),
                    port: node.string("HealthCheckPort"),
                    path: node.string("HealthCheckPath"),
                    intervalSeconds: node.int("HealthCheckIntervalSeconds"),
                    timeoutSeconds: node.int("HealthCheckTimeoutSeconds"),
                    healthyThreshold: node.int("HealthyThresholdCount"),
                    unhealthyThreshold: node.int("UnhealthyThresholdCount"),
                    matcher: node["Matcher"]?.string("HttpCode") ?? node["Matcher"]?.string("GrpcCode")
                ),
                loadBalancerARNs: node.list("LoadBalancerArns").map(\.text)
            )
        }
    }

    /// `DescribeTargetHealth` of a target group (all registered targets, or the given `(id, port)` ones).
    public func describeTargetHealth(targetGroupARN: String, targets: [(id: String, port: Int?)] = []) async throws
        -> [TargetHealthDescription]
    {
        var parameters: [(name: String, value: String)] = [("TargetGroupArn", targetGroupARN)]
        for (index, target) in targets.enumerated() {
            parameters.append(("Targets.member.\(index + 1).Id", target.id))
            if let port = target.port { parameters.append(("Targets.member.\(index + 1).Port", String(port))) }
        }
        let result = try await call("DescribeTargetHealth", parameters)
        return try result.list("TargetHealthDescriptions").map { node in
            guard let id = node["Target"]?.string("Id"), let state = node["TargetHealth"]?.string("State") else {
                throw AWSClientError(
                    .malformedResponse,
                    "DescribeTargetHealth: a description lacks Target.Id or TargetHealth.State"
                )
            }
            return TargetHealthDescription(
                targetID: id,
                port: node["Target"]?.int("Port"),
                availabilityZone: node["Target"]?.string("AvailabilityZone"),
                healthCheckPort: node.string("HealthCheckPort"),
                state: state,
                reason: node["TargetHealth"]?.string("Reason"),
                description: node["TargetHealth"]?.string("Description")
            )
        }
    }

    /// `DescribeSSLPolicies` by name (all when `names` is empty). Ciphers come back in priority order.
    public func describeSSLPolicies(names: [String] = []) async throws -> [SSLPolicy] {
        try await paged("DescribeSSLPolicies", Self.members("Names", names), list: "SslPolicies") { node in
            let ciphers = node.list("Ciphers").map { ($0.string("Name") ?? "", $0.int("Priority") ?? Int.max) }
                .sorted { $0.1 < $1.1 }.map(\.0)
            return SSLPolicy(
                name: node.string("Name") ?? "",
                protocols: node.list("SslProtocols").map(\.text),
                ciphers: ciphers
            )
        }
    }
}
