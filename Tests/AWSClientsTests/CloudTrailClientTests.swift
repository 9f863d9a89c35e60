import AWSClients
import Foundation
import TestSupport
import Testing

/// CloudTrail `LookupEvents` is not implemented by moto 5.2.1 (it answers HTTP 500 HTML), so these tests
/// use a loopback server that answers the documented JSON 1.1 shape (botocore's service model:
/// `Events[{EventId, EventName, ReadOnly, EventTime (epoch seconds), EventSource, Username, Resources,
/// CloudTrailEvent}]`, `NextToken`; errors as `{"__type", "message"}`).
@Suite struct CloudTrailClientTests {
    static func event(_ index: Int, time: Double) -> String {
        """
        {"EventId": "ev-\(index)", "EventName": "DeregisterTargets", "ReadOnly": "false", "AccessKeyId": "ASIAEXAMPLE", \
        "EventTime": \(time), "EventSource": "elasticloadbalancing.amazonaws.com", "Username": "ci", \
        "Resources": [{"ResourceType": "AWS::ElasticLoadBalancingV2::TargetGroup", "ResourceName": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-tg/73e2d6bc24d8a067"}], \
        "CloudTrailEvent": "{\\"eventName\\": \\"DeregisterTargets\\", \\"requestParameters\\": {\\"targets\\": [{\\"id\\": \\"i-0f76fade\\", \\"port\\": 80}]}}"}
        """
    }

    @Test func lookupEventsPagesThroughNextTokenAndDecodesEvents() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            if body?["NextToken"] as? String == "page-2" {
                return .json(#"{"Events": [\#(Self.event(3, time: 1_649_981_000))]}"#)
            }
            return .json(
                #"{"Events": [\#(Self.event(1, time: 1649981095.5)), \#(Self.event(2, time: 1_649_981_050))], "NextToken": "page-2"}"#
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            let client = CloudTrailClient(core: MotoAWS.core(endpoint: server.endpoint), pageInterval: 0)
            let start = Date(timeIntervalSince1970: 1_649_980_800)
            let events = try await client.lookupEvents(
                attribute: .eventName("DeregisterTargets"),
                start: start,
                end: start.addingTimeInterval(3600)
            )
            #expect(events.map(\.id) == ["ev-1", "ev-2", "ev-3"])
            let first = try #require(events.first)
            #expect(first.name == "DeregisterTargets")
            #expect(first.time == Date(timeIntervalSince1970: 1_649_981_095.5))
            #expect(first.readOnly == false)
            #expect(first.resources.first?.type == "AWS::ElasticLoadBalancingV2::TargetGroup")
            #expect(first.cloudTrailEvent?.contains("i-0f76fade") == true)

            let requests = server.requests
            #expect(requests.count == 2)
            let request = try #require(requests.first)
            #expect(
                request.header("X-Amz-Target") == "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
            )
            #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
            #expect(request.header("Authorization")?.contains("/us-east-1/cloudtrail/aws4_request") == true)
            let sent = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            #expect(sent["StartTime"] as? Double == 1_649_980_800)
            #expect(sent["EndTime"] as? Double == 1_649_984_400)
            let attributes = sent["LookupAttributes"] as? [[String: String]]
            #expect(attributes == [["AttributeKey": "EventName", "AttributeValue": "DeregisterTargets"]])
        }
    }

    @Test func maxEventsStopsPaging() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            .json(
                #"{"Events": [\#(Self.event(1, time: 1)), \#(Self.event(2, time: 2))], "NextToken": "again-\#(UUID().uuidString)"}"#
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            let client = CloudTrailClient(core: MotoAWS.core(endpoint: server.endpoint), pageInterval: 0)
            let events = try await client.lookupEvents(
                start: Date(timeIntervalSince1970: 0),
                end: Date(timeIntervalSince1970: 10),
                maxEvents: 5
            )
            #expect(events.count == 5)
            #expect(server.requests.count == 3)
        }
    }

    @Test func repeatedTokenIsAPaginationLoopError() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            .json(#"{"Events": [], "NextToken": "same"}"#)
        }
        try await withLoopbackJSONServer(answer) { server in
            let client = CloudTrailClient(core: MotoAWS.core(endpoint: server.endpoint), pageInterval: 0)
            let error = await #expect(throws: AWSClientError.self) {
                try await client.lookupEvents(
                    start: Date(timeIntervalSince1970: 0),
                    end: Date(timeIntervalSince1970: 10)
                )
            }
            #expect(error?.code == .paginationLoop)
        }
    }

    @Test func invalidTimeRangeIsATypedError() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            .json(
                #"{"__type": "InvalidTimeRangeException", "message": "StartTime is after EndTime"}"#,
                status: 400,
                headers: [("x-amzn-ErrorType", "InvalidTimeRangeException"), ("x-amzn-RequestId", "req-42")]
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            let client = CloudTrailClient(core: MotoAWS.core(endpoint: server.endpoint), pageInterval: 0)
            let error = await #expect(throws: AWSServiceError.self) {
                try await client.lookupEvents(
                    start: Date(timeIntervalSince1970: 10),
                    end: Date(timeIntervalSince1970: 0)
                )
            }
            #expect(error?.code == "InvalidTimeRangeException")
            #expect(error?.message == "StartTime is after EndTime")
            #expect(error?.requestID == "req-42")
            #expect(server.requests.count == 1)
        }
    }
}

/// Service Quotas `GetServiceQuota` for Lambda (`L-B99A9384`) is unknown to moto 5.2.1 (only `vpc` quotas
/// exist), so this loopback server answers the documented JSON 1.1 shape for it.
@Suite struct ServiceQuotasLambdaStandInTests {
    @Test func readsTheLambdaConcurrencyQuota() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            guard request.header("X-Amz-Target") == "ServiceQuotasV20190624.GetServiceQuota",
                request.bodyText.contains("\"QuotaCode\":\"L-B99A9384\""),
                request.bodyText.contains("\"ServiceCode\":\"lambda\"")
            else { return .json(#"{"__type": "ValidationException", "message": "unexpected request"}"#, status: 400) }
            return .json(
                #"{"Quota": {"ServiceCode": "lambda", "QuotaCode": "L-B99A9384", "QuotaName": "Concurrent executions", "Value": 1000.0, "Unit": "None", "Adjustable": true, "GlobalQuota": false}}"#
            )
        }
        try await withLoopbackJSONServer(answer) { server in
            let quotas = ServiceQuotasClient(core: MotoAWS.core(endpoint: server.endpoint))
            let quota = try await quotas.getServiceQuota(
                serviceCode: "lambda",
                quotaCode: ServiceQuotasClient.lambdaConcurrentExecutions
            )
            #expect(quota.value == 1000)
            #expect(quota.quotaName == "Concurrent executions")
            #expect(server.requests.first?.header("Authorization")?.contains("/servicequotas/aws4_request") == true)
        }
    }
}
