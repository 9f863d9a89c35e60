import AWSSigV4
import Foundation
import Testing

@Suite struct SigV4SignerTests {
    static let officialCases = SharedTestData.caseNames("aws-c-auth-v4")
    static let botocoreCases = SharedTestData.caseNames("botocore-derived")

    @Test func sharedVectorsArePresent() throws {
        // Fails with the list of places looked at when shared/ is missing, instead of passing with zero cases.
        _ = try SharedTestData.root()
        #expect(Self.officialCases.count == 38)
        #expect(Self.botocoreCases.count == 11)
    }

    static func signer(for testCase: SigV4TestCase, botocore: Bool) -> SigV4Signer {
        let c = testCase.context
        let credentials = AWSCredentials(
            accessKeyID: c.credentials.accessKeyId,
            secretAccessKey: c.credentials.secretAccessKey,
            sessionToken: c.credentials.token
        )
        let options = SigV4Signer.Options(
            encodePath: botocore ? (c.doubleUriEncode ?? true) : c.normalize,
            addContentSHA256Header: (c.signBody ?? false) || (c.payloadHashHeader ?? false),
            omitSessionTokenFromSignature: c.omitSessionToken ?? false
        )
        return SigV4Signer(credentials: credentials, region: c.region, service: c.service, options: options)
    }

    /// The official suite writes raw paths; a `normalize: false` (S3-style) case signs the path as sent,
    /// which on the wire is its percent-encoding. botocore-derived cases already hold the wire path.
    static func wirePath(for testCase: SigV4TestCase, botocore: Bool) -> String {
        if botocore || testCase.context.normalize { return testCase.request.path }
        return SigV4Encoding.encode(testCase.request.path, keepSlash: true)
    }

    func check(suite: String, name: String) throws {
        let botocore = suite == "botocore-derived"
        let testCase = try SigV4TestCase(suite: suite, name: name)
        let signer = Self.signer(for: testCase, botocore: botocore)
        let signed = signer.sign(
            method: testCase.request.method,
            wirePath: Self.wirePath(for: testCase, botocore: botocore),
            query: testCase.request.query,
            headers: testCase.request.headers,
            payload: .bytes(testCase.request.body),
            date: try testCase.date
        )
        #expect(signed.canonicalRequest.text == (try testCase.expected("header-canonical-request.txt")), "\(name)")
        #expect(signed.stringToSign == (try testCase.expected("header-string-to-sign.txt")), "\(name)")
        #expect(
            signed.signature
                == (try testCase.expected("header-signature.txt"))?.trimmingCharacters(in: .whitespacesAndNewlines),
            "\(name)"
        )
        let expectedAuthorization = try testCase.expected("header-signed-request.txt")?
            .split(separator: "\n").first { $0.hasPrefix("Authorization:") }
            .map { String($0.dropFirst("Authorization:".count)) }
        let authorization = signed.headersToAdd.first { $0.name == "Authorization" }?.value
        #expect(authorization == expectedAuthorization, "\(name)")

        if let expectedQueryCanonical = try testCase.expected("query-canonical-request.txt") {
            let presigned = signer.presign(
                method: testCase.request.method,
                wirePath: Self.wirePath(for: testCase, botocore: botocore),
                query: testCase.request.query,
                headers: testCase.request.headers,
                payload: .bytes(testCase.request.body),
                expires: testCase.context.expirationInSeconds ?? 3600,
                date: try testCase.date
            )
            #expect(presigned.canonicalRequest.text == expectedQueryCanonical, "\(name) presign")
            #expect(presigned.stringToSign == (try testCase.expected("query-string-to-sign.txt")), "\(name) presign")
            #expect(
                presigned.signature
                    == (try testCase.expected("query-signature.txt"))?.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(name) presign"
            )
        }
    }

    @Test("official AWS SigV4 suite (aws-c-auth v4)", arguments: officialCases)
    func officialSuite(name: String) throws {
        try check(suite: "aws-c-auth-v4", name: name)
    }

    @Test("botocore-derived vectors for ALB Doctor's own calls", arguments: botocoreCases)
    func botocoreDerived(name: String) throws {
        try check(suite: "botocore-derived", name: name)
    }

    @Test func sessionTokenAddedAndSignedByDefault() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "TOKEN"),
            region: "us-east-1",
            service: "s3",
            options: .s3
        )
        let signed = signer.sign(
            method: "GET",
            wirePath: "/bucket/key",
            headers: [("Host", "127.0.0.1:5055")],
            payload: .unsigned,
            date: Date(timeIntervalSince1970: 1_649_981_100)
        )
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
        #expect(signed.canonicalRequest.payloadHash == "UNSIGNED-PAYLOAD")
        #expect(signed.headersToAdd.contains { $0.name == "x-amz-content-sha256" && $0.value == "UNSIGNED-PAYLOAD" })
        #expect(signed.headersToAdd.first?.value == "20220415T000500Z")
        #expect(!signed.description.contains("TOKEN"))
    }

    @Test func credentialsDescriptionRedactsSecrets() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "FQoGZXIvYXdzEXAMPLETOKEN"
        )
        for text in [
            credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials),
        ] {
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("FQoGZXIvYXdzEXAMPLETOKEN"))
            #expect(!text.contains("AKIAIOSFODNN7EXAMPLE"))
            #expect(text.contains("AKIA************MPLE"))
        }
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"), (1_440_938_160, "20150830T123600Z"), (951_782_400, "20000229T000000Z"),
        (4_102_444_799, "20991231T235959Z"),
    ])
    func amzDateFormatting(seconds: Double, expected: String) {
        #expect(AWSDateFormat.amzDate(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
