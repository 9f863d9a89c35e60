import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// CloudTrail: target registrations and deregistrations, attribute changes.
extension EvidenceGatherer {
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
}
