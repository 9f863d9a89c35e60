import Foundation
import Logging
import TestSupport
import Testing

@testable import AWSClients

/// The credential chain, resolved from temporary config files and an injected environment, as the AWS CLI does.
@Suite struct CredentialChainTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// An environment that never reaches the real instance-metadata address.
    static func environment(_ directory: TemporaryDirectory, _ variables: [String: String] = [:]) -> AWSEnvironment {
        var all = ["AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "us-east-1"]
        all.merge(variables) { _, new in new }
        return AWSEnvironment(variables: all, homeDirectory: directory.path)
    }

    static func resolve(
        _ environment: AWSEnvironment,
        profile: String? = nil,
        region: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    )
        throws -> AWSContext
    {
        try AWSContext.resolve(
            settings: AWSSettings(profile: profile, region: region),
            environment: environment,
            retry: AWSRetryPolicy(maxAttempts: 1),
            now: now
        )
    }

    @Test func environmentVariablesComeFirst() async throws {
        try await TemporaryDirectory.with { dir in
            try dir.write(
                ".aws/credentials",
                "[default]\naws_access_key_id = AKIAFILEFILEFILEFILE\naws_secret_access_key = filesecret\n"
            )
            let env = Self.environment(
                dir,
                [
                    "AWS_ACCESS_KEY_ID": "AKIAENVENVENVENVENV1", "AWS_SECRET_ACCESS_KEY": "envsecret",
                    "AWS_SESSION_TOKEN": "envtoken",
                ]
            )
            let context = try Self.resolve(env)
            let credentials = try await context.credentialProvider.credentials(logger: Self.logger)
            #expect(credentials.accessKeyID == "AKIAENVENVENVENVENV1")
            #expect(credentials.sessionToken == "envtoken")
            #expect(context.credentialProvider.source.kind == "environment")
        }
    }

    @Test func profileOptionSkipsEnvironmentButAWSProfileDoesNot() async throws {
        try await TemporaryDirectory.with { dir in
            try dir.write(
                ".aws/credentials",
                "[dev]\naws_access_key_id = AKIADEVDEVDEVDEVDEV1\naws_secret_access_key = devsecret\n"
            )
            let env = Self.environment(
                dir,
                ["AWS_ACCESS_KEY_ID": "AKIAENVENVENVENVENV1", "AWS_SECRET_ACCESS_KEY": "envsecret"]
            )
            let explicit = try Self.resolve(env, profile: "dev")
            #expect(
                try await explicit.credentialProvider.credentials(logger: Self.logger).accessKeyID
                    == "AKIADEVDEVDEVDEVDEV1"
            )
            #expect(explicit.credentialProvider.source.kind == "shared-credentials-file")
            #expect(explicit.profileOrigin == "--profile")

            var viaVariable = env
            viaVariable.variables["AWS_PROFILE"] = "dev"
            let context = try Self.resolve(viaVariable)
            #expect(context.profile == "dev")
            #expect(context.profileOrigin == "AWS_PROFILE")
            #expect(
                try await context.credentialProvider.credentials(logger: Self.logger).accessKeyID
                    == "AKIAENVENVENVENVENV1"
            )
        }
    }

    @Test func configFileUsesProfilePrefixAndCredentialsFileWins() async throws {
        try await TemporaryDirectory.with { dir in
            let config = try dir.write(
                "custom/config",
                """
                # comment
                [default]
                region = eu-west-1

                [profile cfg]
                aws_access_key_id = AKIACFGCFGCFGCFGCFG1
                aws_secret_access_key = cfgsecret
                region = ap-southeast-2
                s3 =
                    addressing_style = path

                [both]
                aws_access_key_id = AKIAIGNOREDIGNORED01
                aws_secret_access_key = ignored

                [profile both]
                aws_access_key_id = AKIACONFIGCONFIGCON1
                aws_secret_access_key = configsecret
                """
            )
            let credentials = try dir.write(
                "custom/credentials",
                "[both]\naws_access_key_id = AKIACREDSCREDSCREDS1\naws_secret_access_key = credsecret\n"
            )
            var env = Self.environment(dir, ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials])
            env.variables["AWS_REGION"] = nil

            let cfg = try Self.resolve(env, profile: "cfg")
            #expect(
                try await cfg.credentialProvider.credentials(logger: Self.logger).accessKeyID == "AKIACFGCFGCFGCFGCFG1"
            )
            #expect(cfg.credentialProvider.source.kind == "config-file")
            #expect(cfg.region == "ap-southeast-2")
            #expect(cfg.regionOrigin.hasPrefix("profile cfg"))
            #expect(cfg.endpoints.s3AddressingStyle == .path)

            let both = try Self.resolve(env, profile: "both", region: "us-east-1")
            #expect(
                try await both.credentialProvider.credentials(logger: Self.logger).accessKeyID == "AKIACREDSCREDSCREDS1"
            )
            #expect(both.credentialProvider.source.detail.contains(credentials))

            // `[cfg]` without the `profile ` prefix is not a profile in the config file.
            let error = #expect(throws: AWSClientError.self) { try Self.resolve(env, profile: "nope") }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("\"nope\"") == true)
            #expect(error?.message.contains(config) == true)
        }
    }

    @Test func malformedConfigNamesFileAndLine() async throws {
        try await TemporaryDirectory.with { dir in
            let config = try dir.write(".aws/config", "[default]\nregion = us-east-1\nthis line is junk\n")
            let error = #expect(throws: AWSClientError.self) { try Self.resolve(Self.environment(dir)) }
            #expect(error?.message.contains("\(config):3") == true)
        }
    }

    @Test func partialEnvironmentCredentialsAreAnError() async throws {
        try await TemporaryDirectory.with { dir in
            let error = #expect(throws: AWSClientError.self) {
                try Self.resolve(Self.environment(dir, ["AWS_ACCESS_KEY_ID": "AKIAONLYONLYONLYONLY"]))
            }
            #expect(error?.message.contains("AWS_SECRET_ACCESS_KEY") == true)
        }
    }

    @Test func noCredentialsListsWhatWasTried() async throws {
        try await TemporaryDirectory.with { dir in
            let error = #expect(throws: AWSClientError.self) { try Self.resolve(Self.environment(dir)) }
            #expect(error?.code == .noCredentials)
            #expect(error?.message.contains("environment variables") == true)
            #expect(error?.message.contains("instance metadata") == true)
        }
    }

    @Test func credentialProcessOutputIsUsedAndFailuresExplained() async throws {
        try await TemporaryDirectory.with { dir in
            let good = try dir.write(
                "good.sh",
                """
                #!/bin/sh
                echo '{"Version": 1, "AccessKeyId": "ASIAPROCPROCPROCPROC", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2099-01-01T00:00:00Z"}'
                """,
                executable: true
            )
            let bad = try dir.write(
                "bad.sh",
                "#!/bin/sh\necho '{\"Version\": 1, \"SecretAccessKey\": \"leakedsecret\"}'\necho 'sso session expired' >&2\nexit 3\n",
                executable: true
            )
            let wrongVersion = try dir.write(
                "v2.sh",
                "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}'\n",
                executable: true
            )
            try dir.write(
                ".aws/config",
                """
                [profile good]
                credential_process = \(good) --some-arg
                [profile bad]
                credential_process = \(bad)
                [profile v2]
                credential_process = \(wrongVersion)
                """
            )
            let env = Self.environment(dir)
            let context = try Self.resolve(env, profile: "good")
            let credentials = try await context.credentialProvider.credentials(logger: Self.logger)
            #expect(credentials.accessKeyID == "ASIAPROCPROCPROCPROC")
            #expect(credentials.sessionToken == "proctoken")
            #expect(credentials.expiration == AWSTimestamp.parseISO8601("2099-01-01T00:00:00Z"))
            #expect(context.credentialProvider.source.kind == "credential-process")

            let failing = try Self.resolve(env, profile: "bad")
            let error = await #expect(throws: AWSClientError.self) {
                try await failing.credentialProvider.credentials(logger: Self.logger)
            }
            #expect(error?.message.contains("exited with status 3") == true)
            #expect(error?.message.contains("sso session expired") == true)
            #expect(error?.description.contains("leakedsecret") == false)

            let v2 = try Self.resolve(env, profile: "v2")
            let versionError = await #expect(throws: AWSClientError.self) {
                try await v2.credentialProvider.credentials(logger: Self.logger)
            }
            #expect(versionError?.message.contains("expected 1") == true)
        }
    }

    @Test func credentialProcessIsSplitLikeAShellAndKilledAfterItsTimeout() async throws {
        #expect(
            ProcessCredentialProvider.splitCommandLine(#"tool --name 'a b' "c \"d\"" e\ f"#) == [
                "tool", "--name", "a b", #"c "d""#, "e f",
            ]
        )
        #expect(ProcessCredentialProvider.splitCommandLine("  ") == [])
        let started = Date()
        let error = await #expect(throws: AWSClientError.self) {
            try await ProcessCredentialProvider(command: "sleep 30", profile: "slow", timeout: 0.5).fetch()
        }
        #expect(error?.message.contains("timeout") == true)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func containerCredentialsWithTokenFile() async throws {
        try await TemporaryDirectory.with { dir in
            let tokenFile = try dir.write("token", "container-auth-token\n")
            // Stands in for the ECS/EKS container credentials endpoint (there is none on a test machine).
            let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
                guard request.uri == "/v2/credentials/abc", request.header("Authorization") == "container-auth-token"
                else {
                    return .text("forbidden", status: 403)
                }
                return .json(
                    #"{"AccessKeyId": "ASIACONTCONTCONTCONT", "SecretAccessKey": "contsecret", "Token": "conttoken", "Expiration": "2099-01-01T00:00:00Z"}"#
                )
            }
            try await withLoopbackJSONServer(answer) { server in
                let env = Self.environment(
                    dir,
                    [
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint)/v2/credentials/abc",
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                    ]
                )
                let context = try Self.resolve(env)
                #expect(context.credentialProvider.source.kind == "container")
                let credentials = try await context.credentialProvider.credentials(logger: Self.logger)
                #expect(credentials.accessKeyID == "ASIACONTCONTCONTCONT")
                #expect(credentials.sessionToken == "conttoken")
            }
            let error = #expect(throws: AWSClientError.self) {
                try Self.resolve(
                    Self.environment(dir, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://192.0.2.1/creds"])
                )
            }
            #expect(error?.message.contains("not allowed") == true)
        }
    }

    @Test func instanceMetadataV2TokenThenRoleThenCredentials() async throws {
        try await TemporaryDirectory.with { dir in
            // Stands in for the EC2 instance metadata service (169.254.169.254 is not reachable from tests).
            let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { request in
                switch (request.method, request.uri) {
                case ("PUT", "/latest/api/token"):
                    return request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600"
                        ? .text("imds-token") : .text("", status: 400)
                case ("GET", "/latest/meta-data/iam/security-credentials/"):
                    return request.header("X-aws-ec2-metadata-token") == "imds-token"
                        ? .text("diag-role") : .text("", status: 401)
                case ("GET", "/latest/meta-data/iam/security-credentials/diag-role"):
                    guard request.header("X-aws-ec2-metadata-token") == "imds-token" else {
                        return .text("", status: 401)
                    }
                    return .json(
                        #"{"Code": "Success", "AccessKeyId": "ASIAIMDSIMDSIMDSIMDS", "SecretAccessKey": "imdssecret", "Token": "imdstoken", "Expiration": "2099-01-01T00:00:00Z"}"#
                    )
                default:
                    return .text("not found", status: 404)
                }
            }
            try await withLoopbackJSONServer(answer) { server in
                var env = Self.environment(dir, ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint + "/"])
                env.variables["AWS_EC2_METADATA_DISABLED"] = nil
                let context = try Self.resolve(env)
                #expect(context.credentialProvider.source.kind == "instance-metadata")
                let credentials = try await context.credentialProvider.credentials(logger: Self.logger)
                #expect(credentials.accessKeyID == "ASIAIMDSIMDSIMDSIMDS")
                #expect(server.requests.map(\.method) == ["PUT", "GET", "GET"])
            }
        }
    }

    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var date: Date
        init(_ date: Date) { self.date = date }
        var now: Date {
            lock.lock()
            defer { lock.unlock() }
            return date
        }
        func set(_ date: Date) {
            lock.lock()
            self.date = date
            lock.unlock()
        }
    }

    @Test func temporaryCredentialsRefreshBeforeExpiry() async throws {
        try await TemporaryDirectory.with { dir in
            let expiry = try #require(AWSTimestamp.parseISO8601("2030-01-01T00:00:00Z"))
            let clock = Clock(expiry.addingTimeInterval(-3600))
            // Stands in for the container credentials endpoint, handing out credentials with a fixed expiry.
            let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in
                .json(
                    #"{"AccessKeyId": "ASIAREFRESHREFRESH01", "SecretAccessKey": "s", "Token": "t", "Expiration": "2030-01-01T00:00:00Z"}"#
                )
            }
            try await withLoopbackJSONServer(answer) { server in
                let env = Self.environment(dir, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint)/creds"])
                let context = try Self.resolve(env, now: { clock.now })
                let provider = context.credentialProvider
                _ = try await provider.credentials(logger: Self.logger)
                _ = try await provider.credentials(logger: Self.logger)
                #expect(server.requests.count == 1)
                clock.set(expiry.addingTimeInterval(-240))  // inside the 5-minute refresh margin
                _ = try await provider.credentials(logger: Self.logger)
                #expect(server.requests.count == 2)
            }
        }
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let provider = RefreshingCredentialProvider(source: CredentialSource(kind: "test", detail: "")) { _ in
            try await Task.sleep(nanoseconds: 50_000_000)
            return AWSCredentials(
                accessKeyID: "ASIACONCURRENTCONCUR",
                secretAccessKey: "s",
                expiration: Date().addingTimeInterval(3600)
            )
        }
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await provider.credentials(logger: Self.logger).accessKeyID } }
            for try await keyID in group { #expect(keyID == "ASIACONCURRENTCONCUR") }
        }
        #expect(await provider.fetchCount == 1)
    }

    @Test func regionPrecedence() async throws {
        try await TemporaryDirectory.with { dir in
            try dir.write(
                ".aws/config",
                "[default]\nregion = eu-central-1\naws_access_key_id = AKIAREGIONREGIONREG1\naws_secret_access_key = s\n"
            )
            var env = Self.environment(dir, ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-east-2"])
            #expect(try Self.resolve(env, region: "sa-east-1").region == "sa-east-1")
            #expect(try Self.resolve(env).region == "us-west-2")
            env.variables["AWS_REGION"] = nil
            #expect(try Self.resolve(env).region == "us-east-2")
            env.variables["AWS_DEFAULT_REGION"] = nil
            let fromProfile = try Self.resolve(env)
            #expect(fromProfile.region == "eu-central-1")
            try dir.write(
                ".aws/config",
                "[default]\naws_access_key_id = AKIAREGIONREGIONREG1\naws_secret_access_key = s\n"
            )
            let error = #expect(throws: AWSClientError.self) { try Self.resolve(env) }
            #expect(error?.code == .noRegion)
            #expect(error?.message.contains("--region") == true)
        }
    }
}
