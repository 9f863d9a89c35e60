import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Picks the credential provider the AWS CLI would use, in its order:
///
/// 1. environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), skipped when a
///    profile was named with `--profile`;
/// 2. the profile's `role_arn` with `source_profile` or `credential_source` (STS `AssumeRole`);
/// 3. web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or the profile's
///    `web_identity_token_file` + `role_arn` (STS `AssumeRoleWithWebIdentity`);
/// 4. static keys in the shared credentials file;
/// 5. the profile's `credential_process`;
/// 6. static keys in the config file;
/// 7. container credentials (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`);
/// 8. EC2 instance metadata (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// The choice is made from the configuration alone; temporary credentials are fetched lazily and
/// refreshed before they expire.
public struct CredentialProviderChain: Sendable {
    /// The environment and files.
    public var environment: AWSEnvironment
    /// The profile files.
    public var files: AWSConfigFiles
    /// The profile in use.
    public var profile: String
    /// Whether the profile was named on the command line (then environment keys are ignored).
    public var profileIsExplicit: Bool
    /// The region STS calls go to.
    public var region: String
    /// Endpoint selection for STS.
    public var endpoints: AWSEndpointResolver
    /// The HTTP client.
    public var httpClient: HTTPClient
    /// Clock.
    public var now: @Sendable () -> Date
    /// Retry policy for STS calls.
    public var retry: AWSRetryPolicy

    /// Creates a chain.
    public init(
        environment: AWSEnvironment,
        files: AWSConfigFiles,
        profile: String,
        profileIsExplicit: Bool,
        region: String,
        endpoints: AWSEndpointResolver,
        httpClient: HTTPClient = AWSHTTPClient.sharedHTTPClient,
        retry: AWSRetryPolicy = AWSRetryPolicy(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.files = files
        self.profile = profile
        self.profileIsExplicit = profileIsExplicit
        self.region = region
        self.endpoints = endpoints
        self.httpClient = httpClient
        self.retry = retry
        self.now = now
    }

    /// The provider the CLI would use, or an error listing what was tried.
    public func resolve() throws -> any CredentialProvider {
        var tried: [String] = []
        if !profileIsExplicit, let provider = try environmentProvider() { return provider }
        tried.append("environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")
        let properties = files.profile(profile)
        if properties == nil && (profileIsExplicit || profile != "default") {
            throw AWSClientError(
                .invalidConfiguration,
                "profile \"\(profile)\" is not defined in \(files.configPath) or \(files.credentialsPath)"
            )
        }
        if let properties, properties["role_arn"] != nil, properties["web_identity_token_file"] == nil,
            let provider = try profileProvider(profile, properties, visited: [])
        {
            return provider
        }
        if let provider = try webIdentityFromEnvironment() { return provider }
        if let properties, let provider = try profileProvider(profile, properties, visited: []) { return provider }
        tried.append("profile \"\(profile)\" in \(files.credentialsPath) and \(files.configPath)")
        tried.append("web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)")
        if let container = try ContainerCredentialProvider(environment: environment, httpClient: httpClient) {
            return refreshing(container.source) { try await container.fetch(logger: $0) }
        }
        tried.append("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI)")
        if let imds = InstanceMetadataCredentialProvider(environment: environment, httpClient: httpClient) {
            let tried = tried
            return refreshing(imds.source) { logger in
                do {
                    return try await imds.fetch(logger: logger)
                } catch let error as AWSClientError {
                    throw AWSClientError(
                        .noCredentials,
                        "no AWS credentials found; tried \(tried.joined(separator: "; ")); then \(error.message)"
                    )
                }
            }
        }
        tried.append("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)")
        throw AWSClientError(.noCredentials, "no AWS credentials found; tried \(tried.joined(separator: "; "))")
    }

    private func refreshing(
        _ source: CredentialSource,
        _ fetch: @escaping @Sendable (Logger) async throws -> AWSCredentials
    ) -> RefreshingCredentialProvider {
        RefreshingCredentialProvider(source: source, now: now, fetch: fetch)
    }

    func environmentProvider() throws -> (any CredentialProvider)? {
        let keyID = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
        switch (keyID, secret) {
        case (nil, nil): return nil
        case (let keyID?, let secret?):
            let expiration = environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(AWSTimestamp.parseISO8601)
            return StaticCredentialProvider(
                AWSCredentials(
                    accessKeyID: keyID,
                    secretAccessKey: secret,
                    sessionToken: environment["AWS_SESSION_TOKEN"],
                    expiration: expiration
                ),
                source: CredentialSource(kind: "environment", detail: "AWS_ACCESS_KEY_ID")
            )
        case (nil, _):
            throw AWSClientError(.invalidConfiguration, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw AWSClientError(.invalidConfiguration, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
    }

    func webIdentityFromEnvironment() throws -> (any CredentialProvider)? {
        guard let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] else { return nil }
        guard let roleARN = environment["AWS_ROLE_ARN"] else {
            throw AWSClientError(.invalidConfiguration, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        return webIdentity(roleARN: roleARN, tokenFile: tokenFile, sessionName: environment["AWS_ROLE_SESSION_NAME"])
    }

    func webIdentity(roleARN: String, tokenFile: String, sessionName: String?) -> any CredentialProvider {
        let sts = STSClient(core: core(StaticCredentialProvider(AWSCredentials(accessKeyID: "", secretAccessKey: ""))))
        let path = environment.expandTilde(tokenFile)
        let session = sessionName ?? "alb-doctor-\(Int(now().timeIntervalSince1970))"
        return refreshing(CredentialSource(kind: "web-identity", detail: "\(roleARN), token file \(path)")) { _ in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AWSClientError(.credentialSourceFailed, "web identity token file \(path) cannot be read")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return try await sts.assumeRoleWithWebIdentity(
                roleARN: roleARN,
                sessionName: session,
                webIdentityToken: token
            )
        }
    }

    func core(_ provider: any CredentialProvider) -> AWSHTTPClient {
        AWSHTTPClient(
            httpClient: httpClient,
            credentialProvider: provider,
            region: region,
            endpoints: endpoints,
            retry: retry,
            now: now
        )
    }

    /// The provider a profile defines, following `source_profile` chains; `nil` when it defines none.
    func profileProvider(_ name: String, _ properties: [String: String], visited: [String]) throws
        -> (any CredentialProvider)?
    {
        let origin = files.origins[name] ?? files.configPath
        if let roleARN = properties["role_arn"] {
            if let tokenFile = properties["web_identity_token_file"] {
                return webIdentity(roleARN: roleARN, tokenFile: tokenFile, sessionName: properties["role_session_name"])
            }
            let sourceProvider: any CredentialProvider
            if let sourceName = properties["source_profile"] {
                guard !visited.contains(sourceName) || (sourceName == name && !visited.contains("\(name)#static"))
                else {
                    throw AWSClientError(
                        .invalidConfiguration,
                        "\(origin): source_profile cycle: \((visited + [name, sourceName]).joined(separator: " → "))"
                    )
                }
                guard let sourceProperties = files.profile(sourceName) else {
                    throw AWSClientError(
                        .invalidConfiguration,
                        "\(origin): profile \"\(name)\" has source_profile \"\(sourceName)\", which is not defined"
                    )
                }
                if sourceName == name {
                    // A profile may name itself as source: its own static keys are the source.
                    guard let provider = staticProvider(name, sourceProperties) else {
                        throw AWSClientError(
                            .invalidConfiguration,
                            "\(origin): profile \"\(name)\" is its own source_profile but has no keys"
                        )
                    }
                    sourceProvider = provider
                } else if let provider = try profileProvider(sourceName, sourceProperties, visited: visited + [name]) {
                    sourceProvider = provider
                } else {
                    throw AWSClientError(
                        .invalidConfiguration,
                        "\(origin): source_profile \"\(sourceName)\" of profile \"\(name)\" has no credentials"
                    )
                }
            } else if let credentialSource = properties["credential_source"] {
                switch credentialSource {
                case "Environment":
                    guard let provider = try environmentProvider() else {
                        throw AWSClientError(
                            .invalidConfiguration,
                            "\(origin): credential_source Environment but AWS_ACCESS_KEY_ID is not set"
                        )
                    }
                    sourceProvider = provider
                case "EcsContainer":
                    guard
                        let container = try ContainerCredentialProvider(
                            environment: environment,
                            httpClient: httpClient
                        )
                    else {
                        throw AWSClientError(
                            .invalidConfiguration,
                            "\(origin): credential_source EcsContainer but no container credentials URI is set"
                        )
                    }
                    sourceProvider = refreshing(container.source) { try await container.fetch(logger: $0) }
                case "Ec2InstanceMetadata":
                    guard
                        let imds = InstanceMetadataCredentialProvider(environment: environment, httpClient: httpClient)
                    else {
                        throw AWSClientError(
                            .invalidConfiguration,
                            "\(origin): credential_source Ec2InstanceMetadata but AWS_EC2_METADATA_DISABLED is true"
                        )
                    }
                    sourceProvider = refreshing(imds.source) { try await imds.fetch(logger: $0) }
                default:
                    throw AWSClientError(
                        .invalidConfiguration,
                        "\(origin): credential_source \"\(credentialSource)\" is not one of Environment, EcsContainer, Ec2InstanceMetadata"
                    )
                }
            } else {
                throw AWSClientError(
                    .invalidConfiguration,
                    "\(origin): profile \"\(name)\" has role_arn but neither source_profile nor credential_source"
                )
            }
            if properties["mfa_serial"] != nil {
                throw AWSClientError(
                    .invalidConfiguration,
                    "\(origin): profile \"\(name)\" needs an MFA code (mfa_serial), which alb-doctor cannot prompt for; "
                        + "export temporary credentials with `aws configure export-credentials` instead"
                )
            }
            let sts = STSClient(core: core(sourceProvider))
            let session = properties["role_session_name"] ?? "alb-doctor-\(Int(now().timeIntervalSince1970))"
            let externalID = properties["external_id"]
            let duration = properties["duration_seconds"].flatMap(Int.init)
            return refreshing(
                CredentialSource(kind: "assume-role", detail: "\(roleARN) via \(sourceProvider.source)")
            ) { _ in
                try await sts.assumeRole(
                    roleARN: roleARN,
                    sessionName: session,
                    externalID: externalID,
                    durationSeconds: duration
                )
            }
        }
        if properties["sso_start_url"] != nil || properties["sso_session"] != nil,
            properties["aws_access_key_id"] == nil
        {
            throw AWSClientError(
                .invalidConfiguration,
                "\(origin): profile \"\(name)\" uses IAM Identity Center (SSO), which alb-doctor does not support; "
                    + "run `aws sso login` and `eval \"$(aws configure export-credentials --profile \(name) --format env)\"`"
            )
        }
        if files.credentialsFileProfiles[name]?["aws_access_key_id"] != nil,
            let provider = staticProvider(name, properties)
        {
            return provider
        }
        if let command = properties["credential_process"] {
            let process = ProcessCredentialProvider(command: command, profile: name)
            return refreshing(CredentialSource(kind: "credential-process", detail: "profile \(name)")) { _ in
                try await process.fetch()
            }
        }
        return staticProvider(name, properties)
    }

    func staticProvider(_ name: String, _ properties: [String: String]) -> (any CredentialProvider)? {
        guard let keyID = properties["aws_access_key_id"], let secret = properties["aws_secret_access_key"] else {
            return nil
        }
        let inCredentialsFile = files.credentialsFileProfiles[name]?["aws_access_key_id"] != nil
        return StaticCredentialProvider(
            AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: properties["aws_session_token"]),
            source: CredentialSource(
                kind: inCredentialsFile ? "shared-credentials-file" : "config-file",
                detail: "\(inCredentialsFile ? files.credentialsPath : files.configPath), profile \(name)"
            )
        )
    }
}
