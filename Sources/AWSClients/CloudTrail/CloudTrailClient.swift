import Foundation

/// One CloudTrail management event from `LookupEvents`.
public struct TrailEvent: Sendable, Hashable {
    /// Event id.
    public var id: String
    /// API name (`DeregisterTargets`).
    public var name: String
    /// When it happened.
    public var time: Date?
    /// `elasticloadbalancing.amazonaws.com`, …
    public var source: String?
    /// Who made the call.
    public var username: String?
    /// Whether the call was read-only.
    public var readOnly: Bool?
    /// `(type, name)` of the resources involved.
    public var resources: [TrailResource]
    /// The full CloudTrail record (a JSON document as a string); parse it for request parameters.
    public var cloudTrailEvent: String?
}

/// A resource named by a CloudTrail event.
public struct TrailResource: Sendable, Hashable {
    /// `AWS::ElasticLoadBalancingV2::TargetGroup`, …
    public var type: String?
    /// Name or ARN.
    public var name: String?
}

/// AWS CloudTrail over JSON 1.1: `LookupEvents`.
public struct CloudTrailClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient
    /// Pause between pages (CloudTrail allows two LookupEvents calls per second per account and region).
    public var pageInterval: Double

    /// Creates a client.
    public init(core: AWSHTTPClient, pageInterval: Double = 0.5) {
        self.core = core
        self.pageInterval = pageInterval
    }

    /// The attribute a lookup filters on (CloudTrail accepts one per call).
    public enum LookupAttribute: Sendable, Hashable {
        /// `EventName`.
        case eventName(String)
        /// `ResourceName` (name or ARN).
        case resourceName(String)
        /// `EventSource`.
        case eventSource(String)

        var pair: (key: String, value: String) {
            switch self {
            case .eventName(let value): ("EventName", value)
            case .resourceName(let value): ("ResourceName", value)
            case .eventSource(let value): ("EventSource", value)
            }
        }
    }

    private struct Request: Encodable {
        var lookupAttributes: [Attribute]?
        var startTime: Date
        var endTime: Date
        var maxResults: Int
        var nextToken: String?

        struct Attribute: Encodable {
            var attributeKey: String
            var attributeValue: String
        }
    }

    private struct Response: Decodable {
        var events: [Event]?
        var nextToken: String?

        struct Event: Decodable {
            var eventId: String?
            var eventName: String?
            var readOnly: String?
            var eventTime: Date?
            var eventSource: String?
            var username: String?
            var resources: [Resource]?
            var cloudTrailEvent: String?
        }

        struct Resource: Decodable {
            var resourceType: String?
            var resourceName: String?
        }
    }

    /// `LookupEvents` in `[start, end]`, optionally filtered, newest first, following `NextToken` until
    /// `maxEvents` events were read.
    public func lookupEvents(
        attribute: LookupAttribute? = nil,
        start: Date,
        end: Date,
        maxEvents: Int = 1000
    ) async throws -> [TrailEvent] {
        var events: [TrailEvent] = []
        var first = true
        try await AWSPagination.forEachPage(operation: "LookupEvents") { token in
            if !first && pageInterval > 0 { try await Task.sleep(nanoseconds: UInt64(pageInterval * 1_000_000_000)) }
            first = false
            let body = Request(
                lookupAttributes: attribute.map {
                    [Request.Attribute(attributeKey: $0.pair.key, attributeValue: $0.pair.value)]
                },
                startTime: start,
                endTime: end,
                maxResults: 50,
                nextToken: token
            )
            let request = try AWSProtocolRequests.json(
                service: .cloudTrail,
                action: "LookupEvents",
                version: "1.1",
                body: body
            )
            let response = try AWSProtocolRequests.decodeJSON(
                Response.self,
                from: try await core.send(request, service: .cloudTrail),
                operation: "LookupEvents"
            )
            let page = try (response.events ?? []).map { event in
                guard let id = event.eventId, let name = event.eventName else {
                    throw AWSClientError(.malformedResponse, "LookupEvents: an event lacks EventId or EventName")
                }
                return TrailEvent(
                    id: id,
                    name: name,
                    time: event.eventTime,
                    source: event.eventSource,
                    username: event.username,
                    readOnly: event.readOnly.map { $0 == "true" },
                    resources: (event.resources ?? []).map {
                        TrailResource(type: $0.resourceType, name: $0.resourceName)
                    },
                    cloudTrailEvent: event.cloudTrailEvent
                )
            }
            return (page, events.count + page.count >= maxEvents ? nil : response.nextToken)
        } _: { page in
            events += page.prefix(maxEvents - events.count)
        }
        return events
    }
}
