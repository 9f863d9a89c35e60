import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// Gathers the AWS evidence for one load balancer: configuration (ELBv2), metrics (CloudWatch, 60 s Sum),
/// target-group changes (CloudTrail) and the access logs named by the load balancer's own attributes.
/// Every source is optional: a refused or failed call becomes a `MissingEvidence` entry, never an abort.
struct EvidenceGatherer: Sendable {
    var core: AWSHTTPClient
    var region: String
    var start: Date
    var end: Date
    /// How far before `start` CloudTrail is searched, so that a deregistration whose delay ran out inside
    /// the window is seen (the delay is at most 3600 s).
    var trailLookback: TimeInterval = 3600
    /// Also read the metrics of the other status codes (`diagnose --status` beyond 502).
    var statusMetrics = false
    /// "Now", to tell how old the window is (CloudWatch keeps finer periods for a shorter time).
    var now = Date()

    /// What `loadBalancer` resolved to.
    struct Resolved: Sendable {
        var name: String
        var arn: String?
        var snapshot: LoadBalancerSnapshot?
        /// The load balancer's subnets and VPC (for the network check).
        var subnetIDs: [String] = []
        var vpcID: String?
        /// The load balancer's security groups (for the network check's outbound rules and inbound references).
        var securityGroupIDs: [String] = []
    }

    // MARK: Configuration

    func resolveLoadBalancer(_ given: String, missing: inout [MissingEvidence]) async throws(DiagnoseError) -> Resolved
    {
        let elb = ELBv2Client(core: core)
        let isARN = given.hasPrefix("arn:")
        let nameFromARN = isARN ? EvidenceGatherer.name(fromLoadBalancerARN: given) : given
        let lb: LoadBalancer
        do {
            let found = try await elb.describeLoadBalancers(names: isARN ? [] : [given], arns: isARN ? [given] : [])
            guard let first = found.first else { throw DiagnoseError.notFound(loadBalancer: given, region: region) }
            lb = first
        } catch let error as DiagnoseError {
            throw error
        } catch let error as AWSServiceError where error.code == "LoadBalancerNotFound" {
            throw .notFound(loadBalancer: given, region: region)
        } catch let error as AWSClientError
            where [.noCredentials, .credentialSourceFailed, .invalidConfiguration, .noRegion].contains(error.code)
        {
            // No call can succeed without credentials: say so instead of a report of nothing but missing evidence.
            throw .aws(error.description)
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what:
                        "the load balancer's configuration (listeners, target groups, idle timeout, access-log location)",
                    action: "elasticloadbalancing:DescribeLoadBalancers",
                    impact: isARN
                        ? "Causes that need the configuration (TLS target groups, idle timeout, deregistration delay) are judged without it, and the access logs cannot be located (pass --logs)."
                        : "Without the load balancer's ARN no metric can be read either: pass --load-balancer as an ARN, and --logs for the access logs."
                )
            )
            return Resolved(name: nameFromARN, arn: isARN ? given : nil, snapshot: nil)
        }
        var attributes: [String: String] = [:]
        do {
            attributes = try await elb.describeLoadBalancerAttributes(loadBalancerARN: lb.arn)
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what: "the load balancer's attributes (idle timeout, access-log location)",
                    action: "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    impact:
                        "The keep-alive cause cannot be compared with the idle timeout, and the access logs cannot be located (pass --logs)."
                )
            )
        }
        var listeners: [LoadBalancerSnapshot.Listener] = []
        do {
            listeners = try await elb.describeListeners(loadBalancerARN: lb.arn).map {
                LoadBalancerSnapshot.Listener(port: $0.port, protocol: $0.protocol, sslPolicy: $0.sslPolicy)
            }
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what: "the listeners and their TLS policies",
                    action: "elasticloadbalancing:DescribeListeners",
                    impact: "The TLS policy the load balancer offers to HTTPS targets is assumed to be the default."
                )
            )
        }
        return Resolved(
            name: lb.name,
            arn: lb.arn,
            snapshot: LoadBalancerSnapshot(name: lb.name, arn: lb.arn, attributes: attributes, listeners: listeners),
            subnetIDs: lb.availabilityZones.map(\.subnetID),
            vpcID: lb.vpcID,
            securityGroupIDs: lb.securityGroups
        )
    }

    func targetGroups(loadBalancerARN: String, missing: inout [MissingEvidence]) async -> [TargetGroupSnapshot]? {
        let elb = ELBv2Client(core: core)
        let groups: [TargetGroup]
        do {
            groups = try await elb.describeTargetGroups(loadBalancerARN: loadBalancerARN)
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what: "the target groups (protocol, target type, targets)",
                    action: "elasticloadbalancing:DescribeTargetGroups",
                    impact:
                        "HTTPS and Lambda target groups are not known, per-target-group metrics are not read, and deregistrations cannot be timed."
                )
            )
            return nil
        }
        var out: [TargetGroupSnapshot] = []
        var attributesRefused: (any Error)?
        var healthRefused: (any Error)?
        for group in groups {
            var snapshot = TargetGroupSnapshot(
                name: group.name,
                arn: group.arn,
                protocol: group.protocol,
                port: group.port,
                targetType: group.targetType,
                healthCheckPath: group.healthCheck.path
            )
            do {
                let attributes = try await elb.describeTargetGroupAttributes(targetGroupARN: group.arn)
                snapshot.deregistrationDelaySeconds = attributes["deregistration_delay.timeout_seconds"].flatMap {
                    Int($0)
                }
            } catch {
                attributesRefused = error
            }
            do {
                snapshot.targets = try await elb.describeTargetHealth(targetGroupARN: group.arn).map {
                    TargetGroupSnapshot.Target(
                        id: $0.targetID,
                        port: $0.port,
                        state: $0.state,
                        reason: $0.reason,
                        description: $0.description
                    )
                }
            } catch {
                healthRefused = error
            }
            out.append(snapshot)
        }
        if let attributesRefused {
            missing.append(
                Self.missing(
                    attributesRefused,
                    source: .configuration,
                    what: "the target groups' attributes (deregistration delay)",
                    action: "elasticloadbalancing:DescribeTargetGroupAttributes",
                    impact: "Deregistrations are timed with the AWS default delay of 300 s."
                )
            )
        }
        if let healthRefused {
            missing.append(
                Self.missing(
                    healthRefused,
                    source: .configuration,
                    what: "the targets and their health",
                    action: "elasticloadbalancing:DescribeTargetHealth",
                    impact:
                        "Unhealthy targets are not listed, and instance targets cannot be matched with the access logs' IP addresses."
                )
            )
        }
        // Instance targets: their private IPs, to match the logs (optional).
        let instanceIDs = Set(out.filter { $0.targetType == "instance" }.flatMap { $0.targets ?? [] }.map(\.id))
        if !instanceIDs.isEmpty {
            do {
                let addresses = try await LoadBalancerTargets.privateAddresses(instanceIDs.sorted(), core: core)
                for g in out.indices {
                    guard var targets = out[g].targets else { continue }
                    for t in targets.indices { targets[t].address = addresses[targets[t].id] }
                    out[g].targets = targets
                }
            } catch {
                missing.append(
                    Self.missing(
                        error,
                        source: .configuration,
                        what: "the instance targets' private IP addresses",
                        action: "ec2:DescribeInstances",
                        impact: "Deregistered instances cannot be matched with the access logs' target addresses."
                    )
                )
            }
        }
        return out
    }

    // MARK: Metrics

    /// The queries: load-balancer totals, per target group, and per Lambda function.
    static func queries(
        loadBalancerDimension lb: String,
        groups: [TargetGroupSnapshot],
        period: Int = 60,
        statusMetrics: Bool = false
    ) -> [(MetricDataQuery, MetricSeries)] {
        var out: [(MetricDataQuery, MetricSeries)] = []
        func add(_ namespace: String, _ name: String, _ dimensions: [(String, String)], _ stat: String) {
            let id = "m\(out.count)"
            let query = MetricDataQuery.metric(
                id: id,
                MetricDataQuery.MetricStat(
                    namespace: namespace,
                    metricName: name,
                    dimensions: dimensions.map { MetricDimension(name: $0.0, value: $0.1) },
                    period: period,
                    stat: stat
                )
            )
            let series = MetricSeries(
                namespace: namespace,
                name: name,
                dimensions: Dictionary(dimensions, uniquingKeysWith: { a, _ in a }),
                statistic: stat,
                points: [],
                periodSeconds: period
            )
            out.append((query, series))
        }
        for name in [
            "HTTPCode_ELB_502_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount",
            "TargetConnectionErrorCount", "TargetTLSNegotiationErrorCount",
        ] {
            add("AWS/ApplicationELB", name, [("LoadBalancer", lb)], "Sum")
        }
        if statusMetrics {
            for name in StatusMetricEvidence.loadBalancerMetrics {
                add("AWS/ApplicationELB", name, [("LoadBalancer", lb)], "Sum")
            }
        }
        for group in groups {
            let dims = [("TargetGroup", group.metricDimension), ("LoadBalancer", lb)]
            if group.isLambda {
                for name in ["LambdaUserError", "LambdaInternalError", "RequestCount"] {
                    add("AWS/ApplicationELB", name, dims, "Sum")
                }
                let functions = Set((group.targets ?? []).map { EvidenceGatherer.functionName(fromARN: $0.id) })
                for function in functions.sorted() {
                    for (name, stat) in [
                        ("Throttles", "Sum"), ("Errors", "Sum"), ("Duration", "Maximum"),
                        ("ConcurrentExecutions", "Maximum"),
                    ] {
                        add("AWS/Lambda", name, [("FunctionName", function)], stat)
                    }
                }
            } else {
                for name in ["TargetConnectionErrorCount", "HTTPCode_Target_5XX_Count", "RequestCount"] {
                    add("AWS/ApplicationELB", name, dims, "Sum")
                }
                add("AWS/ApplicationELB", "UnHealthyHostCount", dims, "Maximum")
                add("AWS/ApplicationELB", "HealthyHostCount", dims, "Minimum")
                if statusMetrics { add("AWS/ApplicationELB", "TargetResponseTime", dims, "Maximum") }
            }
        }
        return out
    }

    func metrics(loadBalancerARN: String, groups: [TargetGroupSnapshot], missing: inout [MissingEvidence]) async
        -> [MetricSeries]?
    {
        guard let dimension = EvidenceGatherer.metricDimension(ofLoadBalancerARN: loadBalancerARN) else { return nil }
        guard let period = Self.period(start: start, now: now) else {
            missing.append(
                MissingEvidence(
                    source: .metric,
                    what: "CloudWatch metrics (AWS/ApplicationELB, AWS/Lambda)",
                    reason:
                        "the window starts \(Int(now.timeIntervalSince(start) / 86400)) days ago; CloudWatch keeps metrics for 455 days (one-hour periods)",
                    impact: "Who produced the 502s is not cross-checked; the diagnosis rests on the access logs."
                )
            )
            return nil
        }
        let planned = Self.queries(
            loadBalancerDimension: dimension,
            groups: groups,
            period: period,
            statusMetrics: statusMetrics
        )
        let aligned = Self.aligned(start: start, end: end, period: period)
        do {
            let results = try await CloudWatchClient(core: core).getMetricData(
                queries: planned.map(\.0),
                start: aligned.start,
                end: aligned.end
            )
            let byID = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return planned.map { query, series in
                var filled = series
                if let result = byID[query.id] {
                    filled = MetricSeries(
                        namespace: series.namespace,
                        name: series.name,
                        dimensions: series.dimensions,
                        statistic: series.statistic,
                        points: result.points.map {
                            MetricSeries.Point(
                                time: LogTimestamp(
                                    microsecondsSinceEpoch: Int64(
                                        ($0.timestamp.timeIntervalSince1970 * 1_000_000).rounded()
                                    )
                                ),
                                value: $0.value
                            )
                        },
                        complete: result.statusCode == "Complete",
                        periodSeconds: period
                    )
                }
                return filled
            }
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .metric,
                    what: "CloudWatch metrics (AWS/ApplicationELB, AWS/Lambda)",
                    action: "cloudwatch:GetMetricData",
                    impact:
                        "Who produced the 502s is not cross-checked, and connection, TLS and Lambda errors are judged from the logs alone."
                )
            )
            return nil
        }
    }

    /// `[start, end)` widened to whole periods.
    static func aligned(start: Date, end: Date, period: Int) -> (start: Date, end: Date) {
        let p = Double(period)
        let s = (start.timeIntervalSince1970 / p).rounded(.down) * p
        let e = (end.timeIntervalSince1970 / p).rounded(.up) * p
        return (Date(timeIntervalSince1970: s), Date(timeIntervalSince1970: max(e, s + p)))
    }

    /// The finest period CloudWatch still keeps for a window starting at `start`: 60 s for 15 days, 300 s for
    /// 63 days, 3600 s for 455 days (nil beyond). An hour of margin keeps the boundary on the safe side.
    static func period(start: Date, now: Date) -> Int? {
        let age = now.timeIntervalSince(start) + 3600
        let day: TimeInterval = 86400
        if age <= 15 * day { return 60 }
        if age <= 63 * day { return 300 }
        if age <= 455 * day { return 3600 }
        return nil
    }

    // MARK: CloudTrail

    func targetChanges(groups: [TargetGroupSnapshot]?, missing: inout [MissingEvidence]) async -> [TargetChangeEvent]? {
        let trail = CloudTrailClient(core: core)
        var events: [TargetChangeEvent] = []
        let known = groups.map { Set($0.map(\.arn)) }
        do {
            for name in ["DeregisterTargets", "RegisterTargets", "ModifyTargetGroupAttributes"] {
                let found = try await trail.lookupEvents(
                    attribute: .eventName(name),
                    start: start.addingTimeInterval(-trailLookback),
                    end: end,
                    maxEvents: 500
                )
                for event in found {
                    guard let parsed = Self.parse(event) else { continue }
                    if let known, let arn = parsed.targetGroupARN, !known.contains(arn) { continue }
                    events.append(parsed)
                }
            }
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .cloudtrail,
                    what: "CloudTrail events (DeregisterTargets, RegisterTargets, ModifyTargetGroupAttributes)",
                    action: "cloudtrail:LookupEvents",
                    impact:
                        "A burst of 502s at the end of a target's traffic cannot be tied to a deregistration and its delay."
                )
            )
            return nil
        }
        return events.sorted { $0.time < $1.time }
    }

    /// A CloudTrail record's request parameters → a target change (nil without a time).
    static func parse(_ event: TrailEvent) -> TargetChangeEvent? {
        guard let time = event.time else { return nil }
        var groupARN: String?
        var targets: [TargetChangeEvent.Target] = []
        var attributes: [String: String] = [:]
        var caller = event.username
        if let text = event.cloudTrailEvent, let data = text.data(using: .utf8),
            let record = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        {
            let parameters = record["requestParameters"] as? [String: Any] ?? [:]
            groupARN = parameters["targetGroupArn"] as? String
            for target in parameters["targets"] as? [[String: Any]] ?? [] {
                guard let id = target["id"] as? String else { continue }
                let port = (target["port"] as? Int) ?? (target["port"] as? String).flatMap { Int($0) }
                targets.append(TargetChangeEvent.Target(id: id, port: port))
            }
            for attribute in parameters["attributes"] as? [[String: Any]] ?? [] {
                if let key = attribute["key"] as? String, let value = attribute["value"] as? String {
                    attributes[key] = value
                }
            }
            if let identity = record["userIdentity"] as? [String: Any], let invokedBy = identity["invokedBy"] as? String
            {
                caller = invokedBy
            }
        }
        if groupARN == nil {
            groupARN = event.resources.first { ($0.type ?? "").contains("TargetGroup") }?.name
        }
        return TargetChangeEvent(
            name: event.name,
            time: LogTimestamp(microsecondsSinceEpoch: Int64((time.timeIntervalSince1970 * 1_000_000).rounded())),
            targetGroupARN: groupARN,
            targets: targets,
            caller: caller,
            attributes: attributes
        )
    }

    // MARK: Lambda

    /// The functions behind Lambda target groups (`GetFunctionConfiguration`) and the account's concurrency quota.
    func lambda(groups: [TargetGroupSnapshot], missing: inout [MissingEvidence]) async
        -> (functions: [LambdaFunctionSnapshot]?, quota: Double?)
    {
        let names = Set(
            groups.filter(\.isLambda).flatMap { $0.targets ?? [] }.map { Self.functionName(fromARN: $0.id) }
        )
        guard !names.isEmpty else { return (nil, nil) }
        let client = LambdaClient(core: core)
        var functions: [LambdaFunctionSnapshot] = []
        var failure: (any Error)?
        for name in names.sorted() {
            do {
                let c = try await client.getFunctionConfiguration(function: name)
                functions.append(
                    LambdaFunctionSnapshot(
                        name: c.functionName,
                        timeoutSeconds: c.timeout,
                        memoryMB: c.memorySize,
                        state: c.state
                    )
                )
            } catch {
                failure = failure ?? error
            }
        }
        if let failure {
            missing.append(
                Self.missing(
                    failure,
                    source: .configuration,
                    what:
                        "the configuration of \(names.count - functions.count) of \(names.count) Lambda function\(names.count == 1 ? "" : "s") (timeout, memory, state)",
                    action: "lambda:GetFunctionConfiguration",
                    impact: "Whether failing invocations ran into the function's timeout cannot be told from Duration."
                )
            )
        }
        var quota: Double?
        do {
            quota = try await ServiceQuotasClient(core: core).getServiceQuota(
                serviceCode: "lambda",
                quotaCode: ServiceQuotasClient.lambdaConcurrentExecutions
            ).value
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what: "the account's Lambda concurrency quota (L-B99A9384)",
                    action: "servicequotas:GetServiceQuota",
                    impact: "Throttling is not compared with the account's concurrency limit."
                )
            )
        }
        return (functions, quota)
    }

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

    // MARK: Helpers

    /// A failed call as missing evidence: access denied names the IAM action to grant.
    static func missing(_ error: any Error, source: Evidence.Source, what: String, action: String, impact: String)
        -> MissingEvidence
    {
        if let service = error as? AWSServiceError {
            if service.isAccessDenied {
                return MissingEvidence(
                    source: source,
                    what: what,
                    reason:
                        "\(service.code): the credentials in use may not call \(service.refusedIAMAction ?? action)",
                    iamAction: service.refusedIAMAction ?? action,
                    impact: impact
                )
            }
            return MissingEvidence(
                source: source,
                what: what,
                reason: "\(service.operation) failed: \(service.code) (HTTP \(service.httpStatus)) \(service.message)",
                impact: impact
            )
        }
        return MissingEvidence(source: source, what: what, reason: "\(error)", impact: impact)
    }

    /// `arn:…:loadbalancer/app/my-lb/50dc…` → `app/my-lb/50dc…`.
    static func metricDimension(ofLoadBalancerARN arn: String) -> String? {
        arn.range(of: ":loadbalancer/").map { String(arn[$0.upperBound...]) }
    }

    /// `arn:…:loadbalancer/app/my-lb/50dc…` → `my-lb`; anything else unchanged.
    static func name(fromLoadBalancerARN arn: String) -> String {
        guard let dimension = metricDimension(ofLoadBalancerARN: arn) else { return arn }
        let parts = dimension.split(separator: "/")
        return parts.count >= 2 ? String(parts[1]) : dimension
    }

    /// The account id in an ARN (`arn:aws:elasticloadbalancing:us-east-1:123456789012:…`).
    static func account(ofARN arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 4 && !parts[4].isEmpty ? String(parts[4]) : nil
    }

    /// `arn:aws:lambda:…:function:name[:qualifier]` → `name`.
    static func functionName(fromARN arn: String) -> String {
        guard let range = arn.range(of: ":function:") else { return arn }
        return String(arn[range.upperBound...].prefix { $0 != ":" })
    }
}
