import AWSClients
import Foundation
import Logging
import TestSupport
import Testing

extension MotoBackedTests {
    /// `role_arn` + `source_profile` and web identity, resolved from config files and sent to moto's STS.
    @Suite struct AssumeRoleCredentialTests {
        static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

        @Test func roleARNWithSourceProfileAssumesTheRoleThroughSTS() async throws {
            let aws = try await MotoAWS.fresh()
            try await TemporaryDirectory.with { dir in
                try dir.write(
                    ".aws/credentials",
                    "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = basesecret\n"
                )
                try dir.write(
                    ".aws/config",
                    """
                    [profile middle]
                    role_arn = arn:aws:iam::123456789012:role/middle
                    source_profile = base
                    [profile diagnose]
                    role_arn = arn:aws:iam::123456789012:role/alb-doctor
                    source_profile = middle
                    role_session_name = oncall
                    region = us-east-1
                    [profile loop-a]
                    role_arn = arn:aws:iam::123456789012:role/a
                    source_profile = loop-b
                    [profile loop-b]
                    role_arn = arn:aws:iam::123456789012:role/b
                    source_profile = loop-a
                    """
                )
                let env = CredentialChainTests.environment(dir, ["AWS_ENDPOINT_URL": aws.server.endpoint])
                let context = try AWSContext.resolve(settings: AWSSettings(profile: "diagnose"), environment: env)
                #expect(context.credentialProvider.source.kind == "assume-role")
                #expect(context.credentialProvider.source.detail.contains("role/alb-doctor"))
                let credentials = try await context.credentialProvider.credentials(logger: Self.logger)
                #expect(credentials.accessKeyID.hasPrefix("ASIA"))
                #expect(credentials.sessionToken?.isEmpty == false)
                #expect(credentials.expiration != nil)
                let identity = try await STSClient(core: context.core()).getCallerIdentity()
                #expect(identity.account == "123456789012")

                let error = #expect(throws: AWSClientError.self) {
                    try AWSContext.resolve(settings: AWSSettings(profile: "loop-a"), environment: env)
                }
                #expect(error?.message.contains("cycle") == true)
            }
        }

        @Test func webIdentityFromEnvironmentCallsAssumeRoleWithWebIdentity() async throws {
            let aws = try await MotoAWS.fresh()
            try await TemporaryDirectory.with { dir in
                let token = try dir.write("token.jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2ln\n")
                let env = CredentialChainTests.environment(
                    dir,
                    [
                        "AWS_ENDPOINT_URL_STS": aws.server.endpoint,
                        "AWS_WEB_IDENTITY_TOKEN_FILE": token,
                        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
                        "AWS_ROLE_SESSION_NAME": "pod",
                    ]
                )
                let context = try AWSContext.resolve(settings: AWSSettings(), environment: env)
                #expect(context.credentialProvider.source.kind == "web-identity")
                let credentials = try await context.credentialProvider.credentials(logger: Self.logger)
                #expect(credentials.accessKeyID.hasPrefix("ASIA"))
                #expect(credentials.sessionToken?.isEmpty == false)
            }
        }

        @Test func signedRequestsAreAcceptedByTheServiceCalled() async throws {
            // With credentials from AssumeRole, a call to another service still routes by the signature's scope.
            let aws = try await MotoAWS.fresh()
            try await TemporaryDirectory.with { dir in
                try dir.write(
                    ".aws/credentials",
                    "[default]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = basesecret\n"
                )
                try dir.write(
                    ".aws/config",
                    "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n"
                )
                let env = CredentialChainTests.environment(dir, ["AWS_ENDPOINT_URL": aws.server.endpoint])
                let context = try AWSContext.resolve(settings: AWSSettings(profile: "r"), environment: env)
                let policies = try await ELBv2Client(core: context.core()).describeSSLPolicies(names: [
                    "ELBSecurityPolicy-2016-08"
                ])
                #expect(policies.first?.ciphers.count == 18)
            }
        }
    }
}
