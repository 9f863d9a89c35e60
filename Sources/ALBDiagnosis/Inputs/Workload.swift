import ALBAccessLog

/// What a target address was during the window: an ECS task, an EC2 instance, a Kubernetes pod or a Lambda
/// function, with what is known of how and when it stopped.
///
/// Keyed by `address` (the private IP the access logs write before `:port`). JSON keys: `address`, `kind`,
/// `name`, `ecs_task`, `ec2_instance`, `pod`, `lambda_function`, `deployment` (each omitted when absent).
public struct Workload: Sendable, Codable, Hashable {
    /// The kind of workload.
    public enum Kind: String, Sendable, Codable, Hashable {
        case ecsTask = "ecs-task"
        case ec2Instance = "ec2-instance"
        case kubernetesPod = "kubernetes-pod"
        case lambdaFunction = "lambda-function"
    }

    /// An ECS task (`DescribeTasks`).
    public struct ECSTask: Sendable, Codable, Hashable {
        /// The task ARN.
        public var taskARN: String
        /// The cluster (name or ARN).
        public var cluster: String?
        /// The service (from the task's `group`, `service:NAME`).
        public var service: String?
        /// Task definition family.
        public var family: String?
        /// Task definition revision.
        public var revision: Int?
        /// The container the target group routes to (the first one with the target's port, else the first).
        public var container: String?
        /// `FARGATE`, `EC2`, `EXTERNAL`.
        public var launchType: String?
        /// `RUNNING`, `DEACTIVATING`, `STOPPING`, `STOPPED`, …
        public var lastStatus: String?
        /// When the task was told to stop (SIGTERM to the containers).
        public var stoppingAt: LogTimestamp?
        /// When it had stopped.
        public var stoppedAt: LogTimestamp?
        /// `ServiceSchedulerInitiated`, `UserInitiated`, `SpotInterruption`, `TaskFailedToStart`, `EssentialContainerExited`.
        public var stopCode: String?
        /// Free text, e.g. "Scaling activity initiated by (deployment ecs-svc/123)".
        public var stoppedReason: String?
        /// Exit code of each container that exited.
        public var exitCodes: [String: Int]
        /// The container's `stopTimeout` in seconds (time from SIGTERM to SIGKILL; ECS default 30).
        public var stopTimeoutSeconds: Int?

        /// The task id (last part of the ARN).
        public var taskID: String { taskARN.split(separator: "/").last.map(String.init) ?? taskARN }

        /// Creates a task.
        public init(
            taskARN: String,
            cluster: String? = nil,
            service: String? = nil,
            family: String? = nil,
            revision: Int? = nil,
            container: String? = nil,
            launchType: String? = nil,
            lastStatus: String? = nil,
            stoppingAt: LogTimestamp? = nil,
            stoppedAt: LogTimestamp? = nil,
            stopCode: String? = nil,
            stoppedReason: String? = nil,
            exitCodes: [String: Int] = [:],
            stopTimeoutSeconds: Int? = nil
        ) {
            self.taskARN = taskARN
            self.cluster = cluster
            self.service = service
            self.family = family
            self.revision = revision
            self.container = container
            self.launchType = launchType
            self.lastStatus = lastStatus
            self.stoppingAt = stoppingAt
            self.stoppedAt = stoppedAt
            self.stopCode = stopCode
            self.stoppedReason = stoppedReason
            self.exitCodes = exitCodes
            self.stopTimeoutSeconds = stopTimeoutSeconds
        }

        enum CodingKeys: String, CodingKey {
            case cluster, service, family, revision, container
            case taskARN = "task_arn"
            case launchType = "launch_type"
            case lastStatus = "last_status"
            case stoppingAt = "stopping_at"
            case stoppedAt = "stopped_at"
            case stopCode = "stop_code"
            case stoppedReason = "stopped_reason"
            case exitCodes = "exit_codes"
            case stopTimeoutSeconds = "stop_timeout_seconds"
        }
    }

    /// An EC2 instance (`DescribeInstances`, Auto Scaling).
    public struct EC2Instance: Sendable, Codable, Hashable {
        /// `i-…`.
        public var instanceID: String
        /// The `Name` tag.
        public var nameTag: String?
        /// The Auto Scaling group (tag `aws:autoscaling:groupName`).
        public var autoScalingGroup: String?
        /// `running`, `shutting-down`, `terminated`, …
        public var state: String?
        /// When Auto Scaling started terminating it (the scaling activity's start).
        public var terminationStartedAt: LogTimestamp?
        /// When that activity ended.
        public var terminationEndedAt: LogTimestamp?
        /// The scaling activity's description or cause.
        public var terminationCause: String?
        /// Whether the group has an `autoscaling:EC2_INSTANCE_TERMINATING` lifecycle hook (nil when not read).
        public var hasTerminatingLifecycleHook: Bool?

        /// Creates an instance.
        public init(
            instanceID: String,
            nameTag: String? = nil,
            autoScalingGroup: String? = nil,
            state: String? = nil,
            terminationStartedAt: LogTimestamp? = nil,
            terminationEndedAt: LogTimestamp? = nil,
            terminationCause: String? = nil,
            hasTerminatingLifecycleHook: Bool? = nil
        ) {
            self.instanceID = instanceID
            self.nameTag = nameTag
            self.autoScalingGroup = autoScalingGroup
            self.state = state
            self.terminationStartedAt = terminationStartedAt
            self.terminationEndedAt = terminationEndedAt
            self.terminationCause = terminationCause
            self.hasTerminatingLifecycleHook = hasTerminatingLifecycleHook
        }

        enum CodingKeys: String, CodingKey {
            case state
            case instanceID = "instance_id"
            case nameTag = "name_tag"
            case autoScalingGroup = "auto_scaling_group"
            case terminationStartedAt = "termination_started_at"
            case terminationEndedAt = "termination_ended_at"
            case terminationCause = "termination_cause"
            case hasTerminatingLifecycleHook = "has_terminating_lifecycle_hook"
        }
    }

    /// A Kubernetes pod (`kubectl get pods -o json`).
    public struct Pod: Sendable, Codable, Hashable {
        /// Namespace.
        public var namespace: String
        /// Name.
        public var name: String
        /// The owner, `Kind/name` (e.g. `ReplicaSet/web-7d9f8c`).
        public var owner: String?
        /// The node it ran on.
        public var node: String?
        /// `metadata.deletionTimestamp`: the deadline by which the pod is killed (deletion request + grace period).
        public var deletionTimestamp: LogTimestamp?
        /// `metadata.deletionGracePeriodSeconds`, else `spec.terminationGracePeriodSeconds` (Kubernetes default 30).
        public var gracePeriodSeconds: Int?
        /// Whether a container of the pod has a `lifecycle.preStop` hook.
        public var hasPreStopHook: Bool
        /// `spec.readinessGates[].conditionType`.
        public var readinessGates: [String]
        /// `status.phase`.
        public var phase: String?
        /// Exit code of each container that terminated.
        public var exitCodes: [String: Int]
        /// When the last container finished (`state.terminated.finishedAt`).
        public var finishedAt: LogTimestamp?
        /// The pod spec's `terminationGracePeriodSeconds`, when the deletion used another grace period
        /// (`kubectl drain --grace-period`, `kubectl delete --grace-period`): `gracePeriodSeconds` is then the
        /// deletion's.
        public var specGracePeriodSeconds: Int?

        /// `namespace/name`.
        public var qualifiedName: String { "\(namespace)/\(name)" }

        /// Creates a pod.
        public init(
            namespace: String,
            name: String,
            owner: String? = nil,
            node: String? = nil,
            deletionTimestamp: LogTimestamp? = nil,
            gracePeriodSeconds: Int? = nil,
            hasPreStopHook: Bool = false,
            readinessGates: [String] = [],
            phase: String? = nil,
            exitCodes: [String: Int] = [:],
            finishedAt: LogTimestamp? = nil,
            specGracePeriodSeconds: Int? = nil
        ) {
            self.namespace = namespace
            self.name = name
            self.owner = owner
            self.node = node
            self.deletionTimestamp = deletionTimestamp
            self.gracePeriodSeconds = gracePeriodSeconds
            self.hasPreStopHook = hasPreStopHook
            self.readinessGates = readinessGates
            self.phase = phase
            self.exitCodes = exitCodes
            self.finishedAt = finishedAt
            self.specGracePeriodSeconds = specGracePeriodSeconds
        }

        enum CodingKeys: String, CodingKey {
            case namespace, name, owner, node, phase
            case deletionTimestamp = "deletion_timestamp"
            case gracePeriodSeconds = "grace_period_seconds"
            case hasPreStopHook = "has_pre_stop_hook"
            case readinessGates = "readiness_gates"
            case exitCodes = "exit_codes"
            case finishedAt = "finished_at"
            case specGracePeriodSeconds = "spec_grace_period_seconds"
        }
    }

    /// A deployment or scaling activity that started the stop (ECS service deployment, Auto Scaling activity).
    public struct Deployment: Sendable, Codable, Hashable {
        /// Its id or name (`ecs-svc/123…`, the activity id).
        public var id: String
        /// When it started.
        public var startedAt: LogTimestamp?
        /// What it did ("rolling update to web:43", "Terminating EC2 instance i-…").
        public var description: String?

        /// Creates a deployment.
        public init(id: String, startedAt: LogTimestamp?, description: String? = nil) {
            self.id = id
            self.startedAt = startedAt
            self.description = description
        }

        enum CodingKeys: String, CodingKey {
            case id, description
            case startedAt = "started_at"
        }
    }

    /// The private IP address the load balancer sent to.
    public var address: String
    /// The kind.
    public var kind: Kind
    /// ECS task details.
    public var ecsTask: ECSTask?
    /// EC2 instance details.
    public var ec2Instance: EC2Instance?
    /// Kubernetes pod details.
    public var pod: Pod?
    /// Lambda function ARN or name.
    public var lambdaFunction: String?
    /// The deployment or scaling activity that stopped it, when known.
    public var deployment: Deployment?

    /// Creates a workload.
    public init(
        address: String,
        kind: Kind,
        ecsTask: ECSTask? = nil,
        ec2Instance: EC2Instance? = nil,
        pod: Pod? = nil,
        lambdaFunction: String? = nil,
        deployment: Deployment? = nil
    ) {
        self.address = address
        self.kind = kind
        self.ecsTask = ecsTask
        self.ec2Instance = ec2Instance
        self.pod = pod
        self.lambdaFunction = lambdaFunction
        self.deployment = deployment
    }

    enum CodingKeys: String, CodingKey {
        case address, kind, name, pod, deployment
        case ecsTask = "ecs_task"
        case ec2Instance = "ec2_instance"
        case lambdaFunction = "lambda_function"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(String.self, forKey: .address)
        kind = try c.decode(Kind.self, forKey: .kind)
        ecsTask = try c.decodeIfPresent(ECSTask.self, forKey: .ecsTask)
        ec2Instance = try c.decodeIfPresent(EC2Instance.self, forKey: .ec2Instance)
        pod = try c.decodeIfPresent(Pod.self, forKey: .pod)
        lambdaFunction = try c.decodeIfPresent(String.self, forKey: .lambdaFunction)
        deployment = try c.decodeIfPresent(Deployment.self, forKey: .deployment)
    }

    /// Encodes every key with the derived `name`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(ecsTask, forKey: .ecsTask)
        try c.encodeIfPresent(ec2Instance, forKey: .ec2Instance)
        try c.encodeIfPresent(pod, forKey: .pod)
        try c.encodeIfPresent(lambdaFunction, forKey: .lambdaFunction)
        try c.encodeIfPresent(deployment, forKey: .deployment)
    }

    /// A short human name: `ECS task 3f2a… (service web, web:42)`, `pod default/web-1 (ReplicaSet/web-7d)`,
    /// `EC2 i-0abc (web-1, ASG web-asg)`, `Lambda fn`.
    public var name: String {
        switch kind {
        case .ecsTask:
            guard let task = ecsTask else { return "ECS task" }
            var parts: [String] = []
            if let service = task.service { parts.append("service \(service)") }
            if let family = task.family {
                parts.append(task.revision.map { "\(family):\($0)" } ?? family)
            }
            if let container = task.container { parts.append("container \(container)") }
            if let launch = task.launchType { parts.append(launch) }
            return "ECS task \(task.taskID)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        case .ec2Instance:
            guard let instance = ec2Instance else { return "EC2 instance" }
            var parts: [String] = []
            if let tag = instance.nameTag { parts.append(tag) }
            if let group = instance.autoScalingGroup { parts.append("ASG \(group)") }
            return "EC2 \(instance.instanceID)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        case .kubernetesPod:
            guard let pod else { return "Kubernetes pod" }
            var parts: [String] = []
            if let owner = pod.owner { parts.append(owner) }
            if let node = pod.node { parts.append("node \(node)") }
            return "pod \(pod.qualifiedName)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        case .lambdaFunction:
            return "Lambda \(lambdaFunction ?? "function")"
        }
    }
}
