import ALBWire
import AWSClients
import TargetProbe

/// `probe --load-balancer`: reads what the probe needs from the load balancer through the AWS layer — its idle
/// timeout, the back-end TLS policy its listeners imply, and every registered target with its port and the
/// target group's health-check path.
public struct LoadBalancerTargets: Sendable, Hashable {
    /// The load balancer's name.
    public var name: String
    /// `idle_timeout.timeout_seconds`.
    public var idleTimeout: Double?
    /// The listeners' security policies (HTTPS listeners).
    public var listenerPolicies: [String]
    /// The back-end policy those imply.
    public var backendPolicy: String
    /// Target URLs to probe (`scheme://ip:port/health-check-path`), in target-group order.
    public var urls: [String]
    /// What was not probed and why (Lambda target groups, ALB targets, instances without a private IP).
    public var skipped: [String]

    /// Resolves `loadBalancer` (a name or an ARN).
    ///
    /// - Throws: AWS errors (credentials, permissions, not found) as they come, with the action named.
    public static func resolve(
        loadBalancer: String,
        access: AWSAccessOptions,
        environment: AWSEnvironment = .process
    ) async throws -> LoadBalancerTargets {
        let core = try access.resolve(environment: environment).core()
        let elb = ELBv2Client(core: core)
        let isARN = loadBalancer.hasPrefix("arn:")
        let found = try await elb.describeLoadBalancers(
            names: isARN ? [] : [loadBalancer],
            arns: isARN ? [loadBalancer] : []
        )
        guard let lb = found.first else { throw LoadBalancerTargetsError.notFound(loadBalancer) }
        let attributes = try await elb.describeLoadBalancerAttributes(loadBalancerARN: lb.arn)
        let listeners = try await elb.describeListeners(loadBalancerARN: lb.arn)
        let policies = listeners.filter { $0.protocol?.uppercased() == "HTTPS" }.compactMap(\.sslPolicy)
        // A FIPS listener policy wins, then any TLS 1.3 policy, else 2016-08 (alb-facts §6.2).
        let listenerPolicy =
            policies.first { $0.uppercased().contains("FIPS") } ?? policies.first { $0.uppercased().contains("TLS13") }
        let backend = BackendTLSPolicy.backEnd(forListenerPolicy: listenerPolicy)

        var urls: [String] = []
        var skipped: [String] = []
        var instanceTargets: [(instance: String, scheme: String, port: Int, path: String)] = []
        for group in try await elb.describeTargetGroups(loadBalancerARN: lb.arn) {
            let type = group.targetType ?? "instance"
            guard type == "ip" || type == "instance" else {
                skipped.append("target group \(group.name): \(type) targets are not probed")
                continue
            }
            let scheme = group.protocol?.uppercased() == "HTTPS" ? "https" : "http"
            if let version = group.protocolVersion, version.uppercased() != "HTTP1" {
                skipped.append("target group \(group.name): protocol version \(version) is probed as HTTP/1.1")
            }
            let path = group.healthCheck.path ?? "/"
            for target in try await elb.describeTargetHealth(targetGroupARN: group.arn) {
                guard let port = target.port ?? group.port else {
                    skipped.append("target \(target.targetID) in \(group.name): no port")
                    continue
                }
                if type == "ip" {
                    let host = target.targetID.contains(":") ? "[\(target.targetID)]" : target.targetID
                    urls.append("\(scheme)://\(host):\(port)\(path)")
                } else {
                    instanceTargets.append((target.targetID, scheme, port, path))
                }
            }
        }
        if !instanceTargets.isEmpty {
            let addresses = try await privateAddresses(Array(Set(instanceTargets.map(\.instance))).sorted(), core: core)
            for target in instanceTargets {
                if let address = addresses[target.instance] {
                    urls.append("\(target.scheme)://\(address):\(target.port)\(target.path)")
                } else {
                    skipped.append("instance \(target.instance): no private IP address (stopped or terminated?)")
                }
            }
        }
        var seen = Set<String>()
        return LoadBalancerTargets(
            name: lb.name,
            idleTimeout: attributes["idle_timeout.timeout_seconds"].flatMap(Double.init),
            listenerPolicies: policies,
            backendPolicy: backend.name,
            urls: urls.filter { seen.insert($0).inserted },
            skipped: skipped
        )
    }

    /// Instance id → private IPv4 address, with EC2 `DescribeInstances`.
    static func privateAddresses(_ instances: [String], core: AWSHTTPClient) async throws -> [String: String] {
        let found = try await EC2Client(core: core).describeInstances(ids: instances)
        return Dictionary(
            found.compactMap { i in i.privateIPAddress.map { (i.id, $0) } },
            uniquingKeysWith: { a, _ in a }
        )
    }
}

/// Why `--load-balancer` could not be resolved.
public enum LoadBalancerTargetsError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound(String)

    public var description: String {
        switch self {
        case .notFound(let name): "load balancer '\(name)' not found in this account and region"
        }
    }
}
