import ALBAccessLog
import ALBDiagnosis
import Foundation

/// Reads `kubectl get pods -A -o json` (a `List` of pods, or one `Pod`) into workloads keyed by pod IP.
///
/// Kept: namespace/name, the first owner, the node, `deletionTimestamp` with the grace period
/// (`metadata.deletionGracePeriodSeconds`, else `spec.terminationGracePeriodSeconds`), whether any container has a
/// `lifecycle.preStop` hook, the readiness gates, the phase and the containers' exit codes. Pods without an IP
/// (pending, host-network pods keep theirs) are counted in `skipped`, never silently dropped.
public struct KubePods: Sendable {
    /// The pods with an IP, one workload per IP (a pod with several IPs gives several).
    public var workloads: [Workload]
    /// Pods without `status.podIP`.
    public var skipped: Int
    /// The file read.
    public var path: String

    /// Why a pods file could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible, Equatable {
        /// The file.
        public var path: String
        /// What was wrong, with the field and what was expected.
        public var problem: String

        public var description: String { "--kube-pods \(path): \(problem)" }
    }

    /// Largest file accepted (a cluster's pod list is a few MB; this bounds memory).
    public static let maxBytes = 256 * 1024 * 1024

    /// Reads `path`.
    public init(path: String) throws(ReadError) {
        let data: Data
        do {
            let url = URL(fileURLWithPath: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= Self.maxBytes else {
                throw ReadError(path: path, problem: "file is \(size) bytes; at most \(Self.maxBytes) are read")
            }
            data = try Data(contentsOf: url)
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(path: path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(data: data, path: path)
    }

    /// Parses the JSON of `kubectl get pods -o json`.
    public init(data: Data, path: String) throws(ReadError) {
        self.path = path
        let list: PodList
        do {
            list = try JSONDecoder().decode(PodList.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ReadError(path: path, problem: "field \(Self.field(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReadError(
                path: path,
                problem:
                    "missing field \(Self.field(context.codingPath + [key])) (expected the JSON of `kubectl get pods -A -o json`)"
            )
        } catch {
            throw ReadError(path: path, problem: "not JSON (expected the output of `kubectl get pods -A -o json`)")
        }
        var workloads: [Workload] = []
        var skipped = 0
        for pod in list.pods {
            let ips = Set([pod.status?.podIP].compactMap { $0 } + (pod.status?.podIPs ?? []).map(\.ip))
            guard !ips.isEmpty else {
                skipped += 1
                continue
            }
            for ip in ips.sorted() { workloads.append(Self.workload(pod, address: ip)) }
        }
        self.workloads = workloads
        self.skipped = skipped
    }

    static func field(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }

    static func workload(_ pod: Pod, address: String) -> Workload {
        let statuses = pod.status?.containerStatuses ?? []
        var exitCodes: [String: Int] = [:]
        var finished: LogTimestamp?
        for status in statuses {
            guard let terminated = status.state?.terminated ?? status.lastState?.terminated else { continue }
            exitCodes[status.name] = terminated.exitCode
            if let end = terminated.finishedAt.flatMap(LogTimestamp.init) { finished = max(finished ?? end, end) }
        }
        let owner = pod.metadata.ownerReferences?.first.map { "\($0.kind)/\($0.name)" }
        return Workload(
            address: address,
            kind: .kubernetesPod,
            pod: Workload.Pod(
                namespace: pod.metadata.namespace ?? "default",
                name: pod.metadata.name,
                owner: owner,
                node: pod.spec?.nodeName,
                deletionTimestamp: pod.metadata.deletionTimestamp.flatMap(LogTimestamp.init),
                gracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds,
                hasPreStopHook: (pod.spec?.containers ?? []).contains { $0.lifecycle?.preStop != nil },
                readinessGates: (pod.spec?.readinessGates ?? []).map(\.conditionType),
                phase: pod.status?.phase,
                exitCodes: exitCodes,
                finishedAt: pod.metadata.deletionTimestamp == nil ? nil : finished,
                specGracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds.flatMap { deletion in
                    pod.spec?.terminationGracePeriodSeconds.flatMap { $0 != deletion ? $0 : nil }
                }
            )
        )
    }

    // MARK: The parts of the Kubernetes Pod object read

    struct PodList: Decodable {
        var pods: [Pod]

        enum CodingKeys: String, CodingKey { case kind, items }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try c.decodeIfPresent(String.self, forKey: .kind)
            if kind == "Pod" {
                pods = [try Pod(from: decoder)]
            } else {
                pods = try c.decode([Pod].self, forKey: .items)
            }
        }
    }

    struct Pod: Decodable {
        var metadata: Metadata
        var spec: Spec?
        var status: Status?
    }

    struct Metadata: Decodable {
        var name: String
        var namespace: String?
        var deletionTimestamp: String?
        var deletionGracePeriodSeconds: Int?
        var ownerReferences: [Owner]?
    }

    struct Owner: Decodable {
        var kind: String
        var name: String
    }

    struct Spec: Decodable {
        var nodeName: String?
        var terminationGracePeriodSeconds: Int?
        var containers: [Container]?
        var readinessGates: [ReadinessGate]?
    }

    struct Container: Decodable {
        var name: String
        var lifecycle: Lifecycle?
    }

    struct Lifecycle: Decodable {
        var preStop: Handler?
    }

    /// Any handler (`exec`, `httpGet`, `sleep`, `tcpSocket`): only its presence matters.
    struct Handler: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    struct ReadinessGate: Decodable {
        var conditionType: String
    }

    struct Status: Decodable {
        var phase: String?
        var podIP: String?
        var podIPs: [PodIP]?
        var containerStatuses: [ContainerStatus]?
    }

    struct PodIP: Decodable {
        var ip: String
    }

    struct ContainerStatus: Decodable {
        var name: String
        var state: ContainerState?
        var lastState: ContainerState?
    }

    struct ContainerState: Decodable {
        var terminated: Terminated?
    }

    struct Terminated: Decodable {
        var exitCode: Int
        var finishedAt: String?
    }
}
