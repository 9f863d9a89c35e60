import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// Finds what ran behind the target addresses that had errors: the network interface holding each address
/// (`DescribeNetworkInterfaces` on `addresses.private-ip-address`; its type and description tell the kind),
/// then the ECS task (`ListClusters`, `ListTasks`, `DescribeTasks`, `DescribeTaskDefinition`,
/// `DescribeServices`), the EC2 instance (`DescribeInstances`) and its Auto Scaling activity and lifecycle hooks.
///
/// Bounded: at most `maxAddresses` addresses, `maxClusters` clusters, `maxTasks` tasks per cluster and status,
/// `maxGroups` Auto Scaling groups; every call batched. A refused call is missing evidence naming the action.
struct WorkloadGatherer: Sendable {
    var core: AWSHTTPClient
    static let maxAddresses = 50
    static let maxClusters = 10
    static let maxTasks = 300
    static let maxGroups = 5

    static let impact =
        "The targets are named by address only; whether a deploy or scale-in stopped them while the load balancer still routed to them is not checked."

    /// How an interface's type and description say what holds the address.
    enum Holder: Sendable, Hashable {
        case ecsAttachment(String)
        case instance(String)
        case eksNode(String)
        case podBranch
        case lambda(String)
        case other
    }

    static func holder(of interface: NetworkInterface) -> Holder {
        let description = interface.description ?? ""
        if description.hasPrefix("arn:aws:ecs:"), let range = description.range(of: "attachment/") {
            return .ecsAttachment(String(description[range.upperBound...]))
        }
        if description.hasPrefix("aws-K8S-") {
            return .eksNode(String(description.dropFirst("aws-K8S-".count)))
        }
        if description == "aws-k8s-branch-eni" || interface.interfaceType == "branch" { return .podBranch }
        if interface.interfaceType == "lambda" || description.hasPrefix("AWS Lambda VPC ENI") {
            return .lambda(description)
        }
        if let instance = interface.attachedInstanceID { return .instance(instance) }
        return .other
    }

    /// The workloads at `addresses` (hosts, no port), nil when the interfaces could not be read.
    func workloads(addresses given: [String], missing: inout [MissingEvidence]) async -> [Workload]? {
        let addresses = Array(Set(given)).sorted().prefix(Self.maxAddresses)
        guard !addresses.isEmpty else { return [] }
        let ec2 = EC2Client(core: core)
        let interfaces: [NetworkInterface]
        do {
            interfaces = try await ec2.describeNetworkInterfaces(
                filters: [EC2Client.Filter(name: "addresses.private-ip-address", values: Array(addresses))]
            )
        } catch {
            missing.append(
                EvidenceGatherer.missing(
                    error,
                    source: .configuration,
                    what: "network interfaces of the target addresses",
                    action: "ec2:DescribeNetworkInterfaces",
                    impact: Self.impact
                )
            )
            return nil
        }
        var holders: [String: Holder] = [:]
        for interface in interfaces {
            for address in interface.privateIPAddresses where addresses.contains(address) {
                let holder = Self.holder(of: interface)
                if holder != .other || holders[address] == nil { holders[address] = holder }
            }
        }
        var out: [Workload] = []
        let ecsAddresses = holders.filter {
            if case .ecsAttachment = $0.value { return true }
            return false
        }
        if !ecsAddresses.isEmpty {
            out += await ecsTasks(addresses: ecsAddresses, missing: &missing)
        }
        var instances: [String: String] = [:]
        for (address, holder) in holders {
            switch holder {
            case .instance(let id): instances[id] = address
            case .eksNode(let node):
                out.append(
                    Workload(
                        address: address,
                        kind: .kubernetesPod,
                        pod: Workload.Pod(
                            namespace: "?",
                            name: "(pod on EKS node \(node); pass --kube-pods)",
                            node: node
                        )
                    )
                )
            case .podBranch:
                out.append(
                    Workload(
                        address: address,
                        kind: .kubernetesPod,
                        pod: Workload.Pod(namespace: "?", name: "(pod with its own security group; pass --kube-pods)")
                    )
                )
            case .lambda(let description):
                out.append(Workload(address: address, kind: .lambdaFunction, lambdaFunction: description))
            case .ecsAttachment, .other:
                break
            }
        }
        if !instances.isEmpty {
            out += await ec2Instances(instances, missing: &missing)
        }
        return out.sorted { ($0.address, $0.name) < ($1.address, $1.name) }
    }

    /// ECS tasks holding `addresses` (address → attachment id): searched in the account's clusters.
    func ecsTasks(addresses: [String: Holder], missing: inout [MissingEvidence]) async -> [Workload] {
        let ecs = ECSClient(core: core)
        var attachments: [String: String] = [:]
        for (address, holder) in addresses {
            if case .ecsAttachment(let id) = holder { attachments[id] = address }
        }
        let what = "ECS tasks behind \(Phrase.list(addresses.keys.sorted()))"
        func refused(_ error: any Error, _ action: String) -> MissingEvidence {
            EvidenceGatherer.missing(error, source: .configuration, what: what, action: action, impact: Self.impact)
        }
        let clusters: [String]
        do {
            clusters = try await ecs.listClusters(limit: Self.maxClusters)
        } catch {
            missing.append(refused(error, "ecs:ListClusters"))
            return []
        }
        var found: [(address: String, task: ECSTaskDescription, cluster: String)] = []
        for cluster in clusters {
            var arns: [String] = []
            do {
                for status in ["RUNNING", "STOPPED"] {
                    arns += try await ecs.listTasks(cluster: cluster, desiredStatus: status, limit: Self.maxTasks)
                }
            } catch {
                missing.append(refused(error, "ecs:ListTasks"))
                return []
            }
            guard !arns.isEmpty else { continue }
            do {
                for task in try await ecs.describeTasks(cluster: cluster, tasks: arns) {
                    let byAttachment = task.attachmentIDs.compactMap { attachments[$0] }
                    let byAddress = task.privateIPv4Addresses.filter { addresses[$0] != nil }
                    if let address = byAttachment.first ?? byAddress.first {
                        found.append((address, task, cluster))
                    }
                }
            } catch {
                missing.append(refused(error, "ecs:DescribeTasks"))
                return []
            }
            if Set(found.map(\.address)).count == addresses.count { break }
        }
        // Stop timeouts per task definition, deployments per service (bounded, once each).
        var timeouts: [String: [String: Int?]] = [:]
        for definition in Set(found.compactMap(\.task.taskDefinitionARN)).sorted().prefix(10) {
            do {
                timeouts[definition] = try await ecs.stopTimeouts(taskDefinition: definition)
            } catch {
                missing.append(refused(error, "ecs:DescribeTaskDefinition"))
                break
            }
        }
        var services: [String: ECSServiceDescription] = [:]
        let byCluster = Dictionary(grouping: found, by: \.cluster)
        serviceLoop: for (cluster, tasks) in byCluster.sorted(by: { $0.key < $1.key }) {
            let names = Array(Set(tasks.compactMap(\.task.service))).sorted().prefix(10)
            guard !names.isEmpty else { continue }
            do {
                for service in try await ecs.describeServices(cluster: cluster, services: Array(names)) {
                    services["\(cluster)|\(service.name)"] = service
                }
            } catch {
                missing.append(refused(error, "ecs:DescribeServices"))
                break serviceLoop
            }
        }
        return found.map { entry in
            let (address, task, cluster) = entry
            let definition = task.familyRevision
            let container = task.containers.first?.name
            var timeout: Int?
            if let arn = task.taskDefinitionARN, let container, let byName = timeouts[arn],
                let value = byName[container]
            {
                timeout = value
            }
            var deployment: Workload.Deployment?
            if let name = task.service, let service = services["\(cluster)|\(name)"] {
                let stop = task.stoppingAt ?? task.stoppedAt
                // The deployment that replaced this task: created before it stopped, with another task definition.
                let candidates = service.deployments.filter {
                    $0.taskDefinitionARN != task.taskDefinitionARN
                        && (stop == nil || ($0.createdAt ?? .distantPast) <= stop ?? .distantFuture)
                }
                if let d = candidates.max(by: { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }) {
                    let target = d.taskDefinitionARN.flatMap { $0.split(separator: "/").last.map(String.init) }
                    deployment = Workload.Deployment(
                        id: d.id,
                        startedAt: d.createdAt.map(Self.timestamp),
                        description: target.map { "service \(name) rolling update to \($0)" }
                    )
                }
            }
            var exitCodes: [String: Int] = [:]
            for c in task.containers { if let code = c.exitCode { exitCodes[c.name] = code } }
            return Workload(
                address: address,
                kind: .ecsTask,
                ecsTask: Workload.ECSTask(
                    taskARN: task.taskARN,
                    cluster: cluster.split(separator: "/").last.map(String.init) ?? cluster,
                    service: task.service,
                    family: definition?.family,
                    revision: definition?.revision,
                    container: container,
                    launchType: task.launchType,
                    lastStatus: task.lastStatus,
                    stoppingAt: task.stoppingAt.map(Self.timestamp),
                    stoppedAt: task.stoppedAt.map(Self.timestamp),
                    stopCode: task.stopCode,
                    stoppedReason: task.stoppedReason,
                    exitCodes: exitCodes,
                    stopTimeoutSeconds: timeout
                ),
                deployment: deployment
            )
        }
    }

    /// EC2 instances (id → address) with their Auto Scaling termination, when one is in the activities.
    func ec2Instances(_ instances: [String: String], missing: inout [MissingEvidence]) async -> [Workload] {
        let described: [EC2Instance]
        do {
            described = try await EC2Client(core: core).describeInstances(ids: instances.keys.sorted())
        } catch {
            missing.append(
                EvidenceGatherer.missing(
                    error,
                    source: .configuration,
                    what: "EC2 instances behind the targets",
                    action: "ec2:DescribeInstances",
                    impact: Self.impact
                )
            )
            return []
        }
        let autoScaling = AutoScalingClient(core: core)
        var groups = Array(Set(described.compactMap { $0.tags["aws:autoscaling:groupName"] })).sorted()
            .prefix(Self.maxGroups).map { Optional($0) }
        // A terminated instance may no longer show its tags: the account's latest activities (no group named)
        // still say which group terminated it.
        if described.contains(where: { $0.tags["aws:autoscaling:groupName"] == nil }) { groups.append(nil) }
        var activities: [String: ScalingActivity] = [:]
        var hooked: [String: Bool] = [:]
        var groupOf: [String: String] = [:]
        for group in groups {
            do {
                for activity in try await autoScaling.describeScalingActivities(group: group)
                where (activity.description ?? "").hasPrefix("Terminating") {
                    guard let id = activity.instanceID, activities[id] == nil else { continue }
                    activities[id] = activity
                    if let name = activity.groupName { groupOf[id] = name }
                }
                for name in Set(group.map { [$0] } ?? Array(groupOf.values)) where hooked[name] == nil {
                    hooked[name] = try await autoScaling.describeLifecycleHooks(group: name).contains {
                        $0.transition == "autoscaling:EC2_INSTANCE_TERMINATING"
                    }
                }
            } catch {
                missing.append(
                    EvidenceGatherer.missing(
                        error,
                        source: .configuration,
                        what: "Auto Scaling activities of \(group ?? "the account's groups")",
                        action: "autoscaling:DescribeScalingActivities",
                        impact: "Whether a scale-in stopped the instances with errors is not checked."
                    )
                )
                break
            }
        }
        return described.compactMap { instance in
            guard let address = instances[instance.id] else { return nil }
            let group = instance.tags["aws:autoscaling:groupName"] ?? groupOf[instance.id]
            let activity = activities[instance.id]
            return Workload(
                address: address,
                kind: .ec2Instance,
                ec2Instance: Workload.EC2Instance(
                    instanceID: instance.id,
                    nameTag: instance.tags["Name"],
                    autoScalingGroup: group,
                    state: instance.state,
                    terminationStartedAt: activity?.startTime.map(Self.timestamp),
                    terminationEndedAt: activity?.endTime.map(Self.timestamp),
                    terminationCause: activity?.cause,
                    hasTerminatingLifecycleHook: group.flatMap { hooked[$0] }
                ),
                deployment: activity.map {
                    Workload.Deployment(
                        id: $0.id,
                        startedAt: $0.startTime.map(Self.timestamp),
                        description: $0.description
                    )
                }
            )
        }
    }

    static func timestamp(_ date: Date) -> LogTimestamp {
        LogTimestamp(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
