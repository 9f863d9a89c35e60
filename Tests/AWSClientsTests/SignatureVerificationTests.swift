import AWSClients
import Foundation
import NIOCore
import TestSupport
import Testing

extension MotoBackedTests {
    /// A second emulator that verifies SigV4 (`INITIAL_NO_AUTH_ACTION_COUNT=3`: three unchecked calls to create
    /// an IAM user, its access key and an allow-all policy; every later call must carry a valid signature,
    /// recomputed by the emulator with botocore). Our signed requests must be accepted for each protocol, and
    /// a wrong secret refused.
    @Suite struct SignatureVerificationTests {
        @Test func verifyingEmulatorAcceptsOurSignaturesAndRejectsAWrongSecret() async throws {
            try await withMotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"]) { endpoint in
                let bootstrap = MotoAWS.core(endpoint: endpoint, maxAttempts: 1)
                func iam(_ action: String, _ parameters: [(String, String)]) async throws -> XMLNode {
                    let request = AWSProtocolRequests.query(
                        service: .iam,
                        action: action,
                        parameters: parameters.map { (name: $0.0, value: $0.1) }
                    )
                    return try XMLNode.parse(try await bootstrap.send(request, service: .iam).body)
                }
                _ = try await iam("CreateUser", [("UserName", "alb-doctor")])
                let key = try await iam("CreateAccessKey", [("UserName", "alb-doctor")])
                let keyID = try #require(key.find("AccessKeyId")?.text)
                let secret = try #require(key.find("SecretAccessKey")?.text)
                let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
                _ = try await iam(
                    "PutUserPolicy",
                    [("UserName", "alb-doctor"), ("PolicyName", "all"), ("PolicyDocument", policy)]
                )

                func core(secret: String) -> AWSHTTPClient {
                    AWSHTTPClient(
                        credentialProvider: StaticCredentialProvider(
                            AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
                        ),
                        region: "us-east-1",
                        endpoints: AWSEndpointResolver(commandLineOverride: endpoint),
                        retry: AWSRetryPolicy(maxAttempts: 1)
                    )
                }
                let good = core(secret: secret)

                // Query (STS, ELBv2), EC2 Query, JSON 1.0 (CloudWatch), REST-XML (S3 with an odd key).
                #expect(try await STSClient(core: good).getCallerIdentity().account == "123456789012")
                #expect(
                    try await ELBv2Client(core: good).describeSSLPolicies(names: ["ELBSecurityPolicy-2016-08"]).count
                        == 1
                )
                #expect(try await EC2Client(core: good).describeSubnets().isEmpty == false)
                let now = Date()
                _ = try await CloudWatchClient(core: good).getMetricData(
                    queries: [
                        .metric(
                            id: "m",
                            .init(
                                namespace: "AWS/ApplicationELB",
                                metricName: "RequestCount",
                                dimensions: [],
                                period: 60,
                                stat: "Sum"
                            )
                        )
                    ],
                    start: now.addingTimeInterval(-600),
                    end: now
                )
                // Keys with `+`, `=` or non-ASCII are refused by the verifying emulator for botocore's own requests as
                // well (it re-signs the path Werkzeug decoded); their encoding is covered by the botocore vector
                // `s3-get-object-odd-key`. A space is fine. Likewise a `/` in a query value (`prefix=AWSLogs%2F`)
                // fails for botocore too, so the listing below uses a prefix without one.
                let key1 = "AWSLogs/with space/app.log.gz"
                for (path, body) in [("/", ""), (S3Client.keyPath(key1), "x")] {
                    let request = AWSRequest(
                        operation: "PUT \(path)",
                        iamAction: "s3:Put",
                        method: "PUT",
                        path: path,
                        body: Array(body.utf8),
                        s3Bucket: "signed-bucket",
                        errorProtocol: .restXML
                    )
                    _ = try await good.send(request, service: .s3)
                }
                let listing = try await S3Client(core: good).listObjectsV2(
                    bucket: "signed-bucket",
                    prefix: "AWSLogs",
                    startAfter: "AWSLogs"
                )
                #expect(listing.objects.map(\.key) == [key1])
                var body: [UInt8] = []
                for try await var chunk in try await S3Client(core: good).getObject(bucket: "signed-bucket", key: key1)
                {
                    body += chunk.readBytes(length: chunk.readableBytes) ?? []
                }
                #expect(body == Array("x".utf8))

                let bad = core(secret: String(secret.reversed()))
                let stsError = await #expect(throws: AWSServiceError.self) {
                    try await STSClient(core: bad).getCallerIdentity()
                }
                #expect(stsError?.code == "SignatureDoesNotMatch")
                #expect(stsError?.httpStatus == 403)
                #expect(stsError?.description.contains(secret) == false)
                let jsonError = await #expect(throws: AWSServiceError.self) {
                    try await CloudWatchClient(core: bad).getMetricData(
                        queries: [
                            .metric(
                                id: "m",
                                .init(
                                    namespace: "AWS/ApplicationELB",
                                    metricName: "RequestCount",
                                    dimensions: [],
                                    period: 60,
                                    stat: "Sum"
                                )
                            )
                        ],
                        start: now.addingTimeInterval(-600),
                        end: now
                    )
                }
                #expect(jsonError?.code == "SignatureDoesNotMatch")
                let s3Error = await #expect(throws: AWSServiceError.self) {
                    try await S3Client(core: bad).listObjectsV2(bucket: "signed-bucket")
                }
                #expect(s3Error?.code == "SignatureDoesNotMatch")
            }
        }
    }
}
