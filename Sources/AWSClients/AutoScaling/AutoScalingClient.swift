import Foundation

/// One Auto Scaling activity (`DescribeScalingActivities`).
public struct ScalingActivity: Sendable, Hashable {
    /// Id.
    public var id: String
    /// The group.
    public var groupName: String?
    /// "Terminating EC2 instance: i-…".
    public var description: String?
    /// Why.
    public var cause: String?
    /// Started.
    public var startTime: Date?
    /// Ended.
    public var endTime: Date?
    /// `Successful`, `InProgress`, …
    public var statusCode: String?

    /// The instance id the description names (`…: i-0abc`), if any.
    public var instanceID: String? {
        guard let description, let range = description.range(of: "i-") else { return nil }
        let id = description[range.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
        return String(id)
    }
}

/// Amazon EC2 Auto Scaling over the Query protocol: `DescribeScalingActivities`, `DescribeLifecycleHooks`.
public struct AutoScalingClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    private func call(_ action: String, _ parameters: [(name: String, value: String)]) async throws -> XMLNode {
        let request = AWSProtocolRequests.query(service: .autoScaling, action: action, parameters: parameters)
        return try AWSProtocolRequests.decodeXML(
            try await core.send(request, service: .autoScaling),
            operation: action
        )
    }

    /// `DescribeScalingActivities` of `group` (every group of the account and region when `nil`), newest first,
    /// at most `limit`.
    public func describeScalingActivities(group: String?, limit: Int = 100) async throws -> [ScalingActivity] {
        var out: [ScalingActivity] = []
        var token: String?
        repeat {
            var parameters: [(name: String, value: String)] = [("MaxRecords", "100")]
            if let group { parameters.insert(("AutoScalingGroupName", group), at: 0) }
            if let token { parameters.append(("NextToken", token)) }
            let root = try await call("DescribeScalingActivities", parameters)
            let result = root["DescribeScalingActivitiesResult"] ?? root
            for node in result.list("Activities") {
                guard let id = node.string("ActivityId") else {
                    throw AWSClientError(.malformedResponse, "DescribeScalingActivities: an activity lacks ActivityId")
                }
                out.append(
                    ScalingActivity(
                        id: id,
                        groupName: node.string("AutoScalingGroupName"),
                        description: node.string("Description"),
                        cause: node.string("Cause"),
                        startTime: node.string("StartTime").flatMap(AWSTimestamp.parse),
                        endTime: node.string("EndTime").flatMap(AWSTimestamp.parse),
                        statusCode: node.string("StatusCode")
                    )
                )
            }
            token = out.count >= limit ? nil : result.string("NextToken")
        } while token != nil
        return Array(out.prefix(limit))
    }

    /// `DescribeLifecycleHooks` of `group`: `(name, transition, heartbeat timeout)`.
    public func describeLifecycleHooks(group: String) async throws -> [(
        name: String, transition: String?, heartbeatTimeout: Int?
    )] {
        let root = try await call("DescribeLifecycleHooks", [("AutoScalingGroupName", group)])
        let result = root["DescribeLifecycleHooksResult"] ?? root
        return result.list("LifecycleHooks").compactMap { node in
            node.string("LifecycleHookName").map {
                ($0, node.string("LifecycleTransition"), node.int("HeartbeatTimeout"))
            }
        }
    }
}
