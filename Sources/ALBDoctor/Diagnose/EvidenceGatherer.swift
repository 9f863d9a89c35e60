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

    /// `start` as a log time (µs).
    var startStamp: LogTimestamp { Self.stamp(start) }
    /// `end` as a log time (µs).
    var endStamp: LogTimestamp { Self.stamp(end) }

    /// A time as a log time, to the microsecond.
    static func stamp(_ date: Date) -> LogTimestamp {
        LogTimestamp(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

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
