import Foundation

/// An ECS task from `DescribeTasks`: what ALB Doctor needs to name it and time its stop.
public struct ECSTaskDescription: Sendable, Hashable {
    /// One container of the task.
    public struct Container: Sendable, Hashable {
        /// Name.
        public var name: String
        /// Exit code, once it exited.
        public var exitCode: Int?
        /// Why it stopped.
        public var reason: String?
    }

    /// The task ARN.
    public var taskARN: String
    /// The cluster ARN.
    public var clusterARN: String?
    /// The task definition ARN (`…:task-definition/family:revision`).
    public var taskDefinitionARN: String?
    /// `service:NAME` for service tasks.
    public var group: String?
    /// `FARGATE`, `EC2`.
    public var launchType: String?
    /// `RUNNING`, `STOPPED`, …
    public var lastStatus: String?
    /// Started.
    public var startedAt: Date?
    /// Told to stop.
    public var stoppingAt: Date?
    /// Stopped.
    public var stoppedAt: Date?
    /// `ServiceSchedulerInitiated`, …
    public var stopCode: String?
    /// Free text.
    public var stoppedReason: String?
    /// Containers.
    public var containers: [Container]
    /// Private IPv4 addresses of the task's ENI attachments.
    public var privateIPv4Addresses: [String]
    /// The attachment ids (`DescribeNetworkInterfaces` names them in the ENI description).
    public var attachmentIDs: [String]

    /// The service name from `group`.
    public var service: String? {
        guard let group, group.hasPrefix("service:") else { return nil }
        return String(group.dropFirst("service:".count))
    }

    /// `family` and `revision` from the task definition ARN.
    public var familyRevision: (family: String, revision: Int?)? {
        guard let arn = taskDefinitionARN, let slash = arn.lastIndex(of: "/") else { return nil }
        let tail = arn[arn.index(after: slash)...]
        let parts = tail.split(separator: ":")
        guard let family = parts.first else { return nil }
        return (String(family), parts.count > 1 ? Int(parts[1]) : nil)
    }
}

/// An ECS service from `DescribeServices`: its deployments.
public struct ECSServiceDescription: Sendable, Hashable {
    /// One deployment.
    public struct Deployment: Sendable, Hashable {
        /// `ecs-svc/…`.
        public var id: String
        /// `PRIMARY`, `ACTIVE`, `INACTIVE`.
        public var status: String?
        /// Task definition ARN.
        public var taskDefinitionARN: String?
        /// Created.
        public var createdAt: Date?
        /// `IN_PROGRESS`, `COMPLETED`, …
        public var rolloutState: String?
    }

    /// One service event.
    public struct Event: Sendable, Hashable {
        /// When.
        public var createdAt: Date?
        /// The message.
        public var message: String
    }

    /// Name.
    public var name: String
    /// ARN.
    public var arn: String?
    /// Deployments.
    public var deployments: [Deployment]
    /// Events (newest first, as ECS returns them).
    public var events: [Event]
}
