import Foundation
import NIOCore
import TestSupport
import Testing

@testable import AWSClients

/// Retries, backoff and error decoding against a loopback server that scripts AWS answers.
@Suite struct AWSHTTPClientTests {
    static let throttled = LoopbackJSONServer.Response(
        status: 400,
        headers: [("Content-Type", "text/xml")],
        body: Array(
            #"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#
                .utf8
        )
    )
    static let identity = LoopbackJSONServer.Response(
        status: 200,
        headers: [("Content-Type", "text/xml")],
        body: Array(
            #"<GetCallerIdentityResponse><GetCallerIdentityResult><UserId>U</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/x</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>"#
                .utf8
        )
    )

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    @Test func throttlingIsRetriedWithBackoffUntilSuccess() async throws {
        let counter = Counter()
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
            counter.next() <= 2 ? Self.throttled : Self.identity
        }
        try await withLoopbackJSONServer(answer) { server in
            let core = MotoAWS.core(endpoint: server.endpoint, maxAttempts: 3)
            let identity = try await STSClient(core: core).getCallerIdentity()
            #expect(identity.account == "123456789012")
            #expect(server.requests.count == 3)
            // Every attempt is signed anew.
            #expect(
                server.requests.allSatisfy {
                    $0.header("Authorization")?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true
                }
            )
        }
    }

    @Test func attemptsAreBounded() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in Self.throttled }
        try await withLoopbackJSONServer(answer) { server in
            let core = MotoAWS.core(endpoint: server.endpoint, maxAttempts: 4)
            let error = await #expect(throws: AWSServiceError.self) {
                try await STSClient(core: core).getCallerIdentity()
            }
            #expect(error?.code == "Throttling")
            #expect(error?.isThrottling == true)
            #expect(error?.requestID == "r-1")
            #expect(server.requests.count == 4)
        }
    }

    @Test func serverErrorsAndHTMLPagesAreRetriedThenReportedClearly() async throws {
        let html = LoopbackJSONServer.Response(
            status: 500,
            headers: [("Content-Type", "text/html; charset=utf-8")],
            body: Array("<!doctype html>\n<title>500 Internal Server Error</title>".utf8)
        )
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in html }
        try await withLoopbackJSONServer(answer) { server in
            let core = MotoAWS.core(endpoint: server.endpoint, maxAttempts: 3)
            let error = await #expect(throws: AWSClientError.self) {
                try await STSClient(core: core).getCallerIdentity()
            }
            #expect(error?.code == .unexpectedResponse)
            #expect(error?.message.contains("HTTP 500") == true)
            #expect(error?.message.contains("text/html") == true)
            #expect(error?.message.contains("<!doctype html>") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let invalid = LoopbackJSONServer.Response(
            status: 400,
            body: Array(
                #"<ErrorResponse><Error><Code>ValidationError</Code><Message>bad</Message></Error></ErrorResponse>"#
                    .utf8
            )
        )
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in invalid }
        try await withLoopbackJSONServer(answer) { server in
            let core = MotoAWS.core(endpoint: server.endpoint, maxAttempts: 3)
            let error = await #expect(throws: AWSServiceError.self) {
                try await STSClient(core: core).getCallerIdentity()
            }
            #expect(error?.code == "ValidationError")
            #expect(server.requests.count == 1)
        }
    }

    @Test func connectionFailuresAreRetriedThenReported() async throws {
        // A port held by a socket that does not listen: every attempt is refused.
        try await LoopbackPorts.withRefusingPort { port in
            let core = MotoAWS.core(endpoint: "http://127.0.0.1:\(port)", maxAttempts: 2)
            let started = Date()
            let error = await #expect(throws: AWSClientError.self) {
                try await STSClient(core: core).getCallerIdentity()
            }
            #expect(error?.code == .connectionFailed)
            #expect(error?.message.contains("127.0.0.1:\(port)") == true)
            // Two refused attempts take well under a second; the bound only catches a hang until a deadline
            // (generous: a loaded 2-core CI machine was seen at 12 s).
            #expect(Date().timeIntervalSince(started) < 30)
        }
    }

    @Test func silentServersTimeOutAndAreRetried() async throws {
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in .noAnswer }
        try await withLoopbackJSONServer(answer) { server in
            var core = MotoAWS.core(endpoint: server.endpoint, maxAttempts: 2)
            core.timeout = .milliseconds(300)
            let started = Date()
            let error = await #expect(throws: AWSClientError.self) {
                try await STSClient(core: core).getCallerIdentity()
            }
            #expect(error?.code == .timedOut)
            #expect(error?.message.contains("GetCallerIdentity") == true)
            #expect(server.requests.count == 2)
            #expect(Date().timeIntervalSince(started) < 15)
        }
    }

    @Test func maxAttemptsComesFromEnvironmentThenProfile() {
        let env = AWSEnvironment(variables: ["AWS_MAX_ATTEMPTS": "5"], homeDirectory: "/nonexistent")
        #expect(AWSRetryPolicy.standard(environment: env, profile: ["max_attempts": "7"]).maxAttempts == 5)
        let none = AWSEnvironment(variables: [:], homeDirectory: "/nonexistent")
        #expect(AWSRetryPolicy.standard(environment: none, profile: ["max_attempts": "7"]).maxAttempts == 7)
        #expect(AWSRetryPolicy.standard(environment: none, profile: nil).maxAttempts == 3)
    }

    @Test func getMetricDataSplitsLargeQueryListsAndMergesPages() async throws {
        // CloudWatch accepts 500 queries per call and may page a series with NextToken; the client hides both.
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            let ids = ((body?["MetricDataQueries"] as? [[String: Any]]) ?? []).compactMap { $0["Id"] as? String }
            let token = body?["NextToken"] as? String
            let results = ids.map { id in
                let (timestamp, value) = token == nil ? (1_700_000_000, 1.0) : (1_700_000_060, 2.0)
                return
                    #"{"Id": "\#(id)", "Label": "\#(id)", "Timestamps": [\#(timestamp)], "Values": [\#(value)], "StatusCode": "Complete"}"#
            }
            let next = token == nil ? #", "NextToken": "t2""# : ""
            return .json(#"{"MetricDataResults": [\#(results.joined(separator: ","))]\#(next)}"#)
        }
        try await withLoopbackJSONServer(answer) { server in
            let queries = (0..<501).map { index in
                MetricDataQuery.metric(
                    id: "m\(index)",
                    .init(
                        namespace: "AWS/ApplicationELB",
                        metricName: "RequestCount",
                        dimensions: [],
                        period: 60,
                        stat: "Sum"
                    )
                )
            }
            let results = try await CloudWatchClient(core: MotoAWS.core(endpoint: server.endpoint)).getMetricData(
                queries: queries,
                start: Date(timeIntervalSince1970: 1_700_000_000),
                end: Date(timeIntervalSince1970: 1_700_000_600)
            )
            #expect(results.count == 501)
            #expect(results.map(\.id) == queries.map(\.id))
            #expect(results.allSatisfy { $0.points.map(\.value) == [1, 2] })
            // Two chunks (500 + 1), each two pages.
            #expect(server.requests.count == 4)
            #expect(server.requests.first?.header("X-Amz-Target") == "GraniteServiceVersion20100801.GetMetricData")
        }
    }

    @Test func accessDeniedNamesTheRefusedIAMAction() async throws {
        let fromMessage = LoopbackJSONServer.Response(
            status: 403,
            body: Array(
                #"<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/x is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers because no identity-based policy allows the elasticloadbalancing:DescribeLoadBalancers action</Message></Error><RequestId>r-9</RequestId></ErrorResponse>"#
                    .utf8
            )
        )
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in fromMessage }
        try await withLoopbackJSONServer(answer) { server in
            let error = await #expect(throws: AWSServiceError.self) {
                try await ELBv2Client(core: MotoAWS.core(endpoint: server.endpoint)).describeLoadBalancers(names: ["x"])
            }
            #expect(error?.isAccessDenied == true)
            #expect(error?.refusedIAMAction == "elasticloadbalancing:DescribeLoadBalancers")
            #expect(
                error?.description.contains("not allowed to call elasticloadbalancing:DescribeLoadBalancers") == true
            )
        }
        let bare = LoopbackJSONServer.Response.json(
            #"{"__type": "com.amazon.coral.service#AccessDeniedException", "Message": "denied"}"#,
            status: 400
        )
        let answerBare: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in bare }
        try await withLoopbackJSONServer(answerBare) { server in
            let error = await #expect(throws: AWSServiceError.self) {
                try await CloudTrailClient(core: MotoAWS.core(endpoint: server.endpoint)).lookupEvents(
                    start: Date(),
                    end: Date()
                )
            }
            #expect(error?.code == "AccessDeniedException")
            #expect(error?.message == "denied")
            #expect(error?.refusedIAMAction == "cloudtrail:LookupEvents")
        }
        let s3Denied = LoopbackJSONServer.Response(
            status: 403,
            body: Array(
                "<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R</RequestId></Error>".utf8
            )
        )
        let answerS3: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in s3Denied }
        try await withLoopbackJSONServer(answerS3) { server in
            let error = await #expect(throws: AWSServiceError.self) {
                try await S3Client(core: MotoAWS.core(endpoint: server.endpoint)).listObjectsV2(bucket: "logs")
            }
            #expect(error?.refusedIAMAction == "s3:ListBucket")
            #expect(server.requests.first?.uri.hasPrefix("/logs?") == true)
        }
    }

    @Test func secretsNeverAppearInErrorsOrDescriptions() async throws {
        let secret = "SECRETxSECRETxSECRETxSECRETxSECRETx1234"
        let token = "TOKENxTOKENxTOKENxTOKENxTOKENxTOKENx5678"
        let credentials = AWSCredentials(
            accessKeyID: "ASIAQWERTYUIOPASDFGH",
            secretAccessKey: secret,
            sessionToken: token
        )
        let denied = LoopbackJSONServer.Response(
            status: 403,
            body: Array(
                "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>".utf8
            )
        )
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in denied }
        try await withLoopbackJSONServer(answer) { server in
            let core = AWSHTTPClient(
                credentialProvider: StaticCredentialProvider(credentials),
                region: "us-east-1",
                endpoints: AWSEndpointResolver(commandLineOverride: server.endpoint),
                retry: AWSRetryPolicy(maxAttempts: 1)
            )
            var texts: [String] = [
                "\(credentials)", String(reflecting: credentials), "\(StaticCredentialProvider(credentials).source)",
            ]
            do {
                _ = try await STSClient(core: core).getCallerIdentity()
                Issue.record("expected AccessDenied")
            } catch {
                texts += ["\(error)", String(reflecting: error), error.localizedDescription]
            }
            let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
            let signed = signer.sign(
                method: "GET",
                wirePath: "/",
                headers: [("Host", "h")],
                payload: .empty,
                date: Date()
            )
            texts.append("\(signed)")
            for text in texts {
                #expect(!text.contains(secret), "\(text)")
                #expect(!text.contains(token), "\(text)")
            }
            // The token did go to the server, as a header, so the check above is not vacuous.
            #expect(server.requests.first?.header("X-Amz-Security-Token") == token)
        }
    }

    @Test(arguments: [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (8, 20.0)])
    func backoffIsExponentialWithJitterAndCapped(attempt: Int, expected: Double) {
        let policy = AWSRetryPolicy(maxAttempts: 10, baseDelay: 1, maxBackoff: 20, random: { 0.5 })
        #expect(policy.delay(afterAttempt: attempt) == expected)
        let zero = AWSRetryPolicy(random: { 0 })
        #expect(zero.delay(afterAttempt: attempt) == 0)
    }

    @Test func timestampsOfEveryProtocolParse() {
        let cases: [(String, Double)] = [
            ("2026-11-24T20:51:00Z", 1_795_553_460),
            ("2026-11-24T20:58:12.528000Z", 1_795_553_892.528),
            ("2026-11-24T20:56:55.528031000Z", 1_795_553_815.528031),
            ("2026-11-24T20:56:55.528+0000", 1_795_553_815.528),
            ("2026-11-24T22:56:55+02:00", 1_795_553_815),
            ("1795553893.882205", 1_795_553_893.882205),
        ]
        for (text, seconds) in cases {
            let parsed = AWSTimestamp.parse(text)?.timeIntervalSince1970
            #expect(parsed.map { abs($0 - seconds) < 0.000_01 } == true, "\(text)")
        }
        #expect(AWSTimestamp.parseISO8601("2026-13-01T00:00:00Z") == nil)
        #expect(AWSTimestamp.parseISO8601("yesterday") == nil)
    }
}
