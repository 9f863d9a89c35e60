import Foundation

/// Amazon ECS over JSON 1.1: `ListTasks`, `DescribeTasks`, `DescribeServices`, `DescribeTaskDefinition`.
///
/// ECS's JSON keys are lowerCamelCase (`taskArn`, `stoppedAt`), so bodies are encoded as they are declared.
public struct ECSClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    private func call<T: Decodable>(_ action: String, _ body: [String: Any], as type: T.Type) async throws -> T {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let request = AWSRequest(
            operation: action,
            iamAction: "ecs:\(action)",
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "\(AWSServiceInfo.ecs.apiVersion).\(action)"),
            ],
            body: Array(data),
            errorProtocol: .json
        )
        let response = try await core.send(request, service: .ecs)
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            return try decoder.decode(T.self, from: Data(response.body))
        } catch {
            throw AWSClientError(
                .malformedResponse,
                "\(action): response is not the expected JSON (\(error)); body starts \""
                    + AWSClientError.excerpt(response.body) + "\""
            )
        }
    }

    private struct ListResponse: Decodable {
        var taskArns: [String]?
        var clusterArns: [String]?
        var nextToken: String?
    }

    /// `ListClusters`: every cluster ARN (paged).
    public func listClusters(limit: Int = 100) async throws -> [String] {
        var out: [String] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["maxResults": 100]
            if let token { body["nextToken"] = token }
            let page = try await call("ListClusters", body, as: ListResponse.self)
            out += page.clusterArns ?? []
            token = out.count >= limit ? nil : page.nextToken
        } while token != nil
        return Array(out.prefix(limit))
    }

    /// `ListTasks` of `cluster`, `RUNNING` or `STOPPED` (ECS keeps stopped tasks about an hour), at most `limit`.
    public func listTasks(cluster: String, desiredStatus: String, limit: Int = 500) async throws -> [String] {
        var out: [String] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["cluster": cluster, "desiredStatus": desiredStatus, "maxResults": 100]
            if let token { body["nextToken"] = token }
            let page = try await call("ListTasks", body, as: ListResponse.self)
            out += page.taskArns ?? []
            token = out.count >= limit ? nil : page.nextToken
        } while token != nil
        return Array(out.prefix(limit))
    }

    private struct TasksResponse: Decodable {
        var tasks: [Task]?

        struct Task: Decodable {
            var taskArn: String?
            var clusterArn: String?
            var taskDefinitionArn: String?
            var group: String?
            var launchType: String?
            var lastStatus: String?
            var startedAt: Date?
            var stoppingAt: Date?
            var stoppedAt: Date?
            var stopCode: String?
            var stoppedReason: String?
            var containers: [Container]?
            var attachments: [Attachment]?
        }

        struct Container: Decodable {
            var name: String?
            var exitCode: Int?
            var reason: String?
        }

        struct Attachment: Decodable {
            var id: String?
            var type: String?
            var details: [Detail]?
        }

        struct Detail: Decodable {
            var name: String?
            var value: String?
        }
    }

    /// `DescribeTasks`, 100 ARNs per call.
    public func describeTasks(cluster: String, tasks: [String]) async throws -> [ECSTaskDescription] {
        var out: [ECSTaskDescription] = []
        for start in stride(from: 0, to: tasks.count, by: 100) {
            let batch = Array(tasks[start..<min(start + 100, tasks.count)])
            let response = try await call(
                "DescribeTasks",
                ["cluster": cluster, "tasks": batch],
                as: TasksResponse.self
            )
            for task in response.tasks ?? [] {
                guard let arn = task.taskArn else {
                    throw AWSClientError(.malformedResponse, "DescribeTasks: a task lacks taskArn")
                }
                let enis = (task.attachments ?? []).filter { $0.type == "ElasticNetworkInterface" }
                out.append(
                    ECSTaskDescription(
                        taskARN: arn,
                        clusterARN: task.clusterArn,
                        taskDefinitionARN: task.taskDefinitionArn,
                        group: task.group,
                        launchType: task.launchType,
                        lastStatus: task.lastStatus,
                        startedAt: task.startedAt,
                        stoppingAt: task.stoppingAt,
                        stoppedAt: task.stoppedAt,
                        stopCode: task.stopCode,
                        stoppedReason: task.stoppedReason,
                        containers: (task.containers ?? []).compactMap { c in
                            c.name.map {
                                ECSTaskDescription.Container(name: $0, exitCode: c.exitCode, reason: c.reason)
                            }
                        },
                        privateIPv4Addresses: enis.flatMap { ($0.details ?? []) }.filter {
                            $0.name == "privateIPv4Address"
                        }.compactMap(\.value),
                        attachmentIDs: enis.compactMap(\.id)
                    )
                )
            }
        }
        return out
    }

    private struct ServicesResponse: Decodable {
        var services: [Service]?

        struct Service: Decodable {
            var serviceName: String?
            var serviceArn: String?
            var deployments: [Deployment]?
            var events: [Event]?
        }

        struct Deployment: Decodable {
            var id: String?
            var status: String?
            var taskDefinition: String?
            var createdAt: Date?
            var rolloutState: String?
        }

        struct Event: Decodable {
            var createdAt: Date?
            var message: String?
        }
    }

    /// `DescribeServices`, 10 names per call.
    public func describeServices(cluster: String, services: [String]) async throws -> [ECSServiceDescription] {
        var out: [ECSServiceDescription] = []
        for start in stride(from: 0, to: services.count, by: 10) {
            let batch = Array(services[start..<min(start + 10, services.count)])
            let response = try await call(
                "DescribeServices",
                ["cluster": cluster, "services": batch],
                as: ServicesResponse.self
            )
            for service in response.services ?? [] {
                guard let name = service.serviceName else { continue }
                out.append(
                    ECSServiceDescription(
                        name: name,
                        arn: service.serviceArn,
                        deployments: (service.deployments ?? []).compactMap { d in
                            d.id.map {
                                ECSServiceDescription.Deployment(
                                    id: $0,
                                    status: d.status,
                                    taskDefinitionARN: d.taskDefinition,
                                    createdAt: d.createdAt,
                                    rolloutState: d.rolloutState
                                )
                            }
                        },
                        events: (service.events ?? []).compactMap { e in
                            e.message.map { ECSServiceDescription.Event(createdAt: e.createdAt, message: $0) }
                        }
                    )
                )
            }
        }
        return out
    }

    private struct TaskDefinitionResponse: Decodable {
        var taskDefinition: Definition?

        struct Definition: Decodable {
            var containerDefinitions: [ContainerDefinition]?
        }

        struct ContainerDefinition: Decodable {
            var name: String?
            var stopTimeout: Int?
        }
    }

    /// `DescribeTaskDefinition`: each container's `stopTimeout` (nil when unset: ECS then waits 30 s).
    public func stopTimeouts(taskDefinition: String) async throws -> [String: Int?] {
        let response = try await call(
            "DescribeTaskDefinition",
            ["taskDefinition": taskDefinition],
            as: TaskDefinitionResponse.self
        )
        var out: [String: Int?] = [:]
        for c in response.taskDefinition?.containerDefinitions ?? [] {
            if let name = c.name { out[name] = c.stopTimeout }
        }
        return out
    }
}
