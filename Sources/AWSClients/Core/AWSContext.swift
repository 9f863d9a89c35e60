import AsyncHTTPClient
import Foundation
import Logging

/// What the user asked for on the command line (all optional).
public struct AWSSettings: Sendable, Hashable {
    /// `--profile`.
    public var profile: String?
    /// `--region`.
    public var region: String?
    /// `--endpoint-url`.
    public var endpointURL: String?

    /// Creates settings.
    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
    }
}

/// The resolved AWS configuration: profile, region, endpoints and credentials, exactly as the AWS CLI
/// would resolve them, plus a factory for the core client every service client uses.
public struct AWSContext: Sendable {
    /// The profile in use.
    public var profile: String
    /// Where the profile name came from (`--profile`, `AWS_PROFILE`, `default`).
    public var profileOrigin: String
    /// The region.
    public var region: String
    /// Where the region came from (`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `profile <name>`).
    public var regionOrigin: String
    /// Endpoint selection.
    public var endpoints: AWSEndpointResolver
    /// The chosen credential provider.
    public var credentialProvider: any CredentialProvider
    /// Retry behaviour.
    public var retry: AWSRetryPolicy
    /// The HTTP client.
    public var httpClient: HTTPClient
    /// Clock.
    public var now: @Sendable () -> Date

    /// Resolves everything from `settings`, `environment` and the shared config files.
    public static func resolve(
        settings: AWSSettings,
        environment: AWSEnvironment = .process,
        httpClient: HTTPClient = AWSHTTPClient.sharedHTTPClient,
        retry: AWSRetryPolicy? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> AWSContext {
        let files = try AWSConfigFiles.load(environment: environment)
        let (profile, profileOrigin): (String, String) =
            if let name = settings.profile {
                (name, "--profile")
            } else if let name = environment["AWS_PROFILE"] {
                (name, "AWS_PROFILE")
            } else if let name = environment["AWS_DEFAULT_PROFILE"] {
                (name, "AWS_DEFAULT_PROFILE")
            } else {
                ("default", "default")
            }
        let properties = files.profile(profile)
        if properties == nil && profile != "default" {
            throw AWSClientError(
                .invalidConfiguration,
                "profile \"\(profile)\" (from \(profileOrigin)) is not defined in \(files.configPath) or \(files.credentialsPath)"
            )
        }
        let region: String
        let regionOrigin: String
        if let value = settings.region {
            (region, regionOrigin) = (value, "--region")
        } else if let value = environment["AWS_REGION"] {
            (region, regionOrigin) = (value, "AWS_REGION")
        } else if let value = environment["AWS_DEFAULT_REGION"] {
            (region, regionOrigin) = (value, "AWS_DEFAULT_REGION")
        } else if let value = properties?["region"], !value.isEmpty {
            (region, regionOrigin) = (
                value,
                "profile \(profile) (\(files.configOrigins[profile] ?? files.origins[profile] ?? files.configPath))"
            )
        } else {
            throw AWSClientError(
                .noRegion,
                "no AWS region configured: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or add "
                    + "`region = …` to profile \"\(profile)\" in \(files.configPath)"
            )
        }
        let addressing = properties?["s3.addressing_style"].flatMap(
            AWSEndpointResolver.S3AddressingStyle.init(rawValue:)
        )
        let endpoints = AWSEndpointResolver(
            commandLineOverride: settings.endpointURL,
            environment: environment.variables,
            profileEndpoint: properties?["endpoint_url"],
            s3AddressingStyle: addressing ?? .auto
        )
        let retryPolicy = retry ?? AWSRetryPolicy.standard(environment: environment, profile: properties)
        let chain = CredentialProviderChain(
            environment: environment,
            files: files,
            profile: profile,
            profileIsExplicit: settings.profile != nil,
            region: region,
            endpoints: endpoints,
            httpClient: httpClient,
            retry: retryPolicy,
            now: now
        )
        return AWSContext(
            profile: profile,
            profileOrigin: profileOrigin,
            region: region,
            regionOrigin: regionOrigin,
            endpoints: endpoints,
            credentialProvider: try chain.resolve(),
            retry: retryPolicy,
            httpClient: httpClient,
            now: now
        )
    }

    /// The core client for service calls, logging to `logger`.
    public func core(logger: Logger = Logger(label: "alb-doctor.aws", factory: { _ in SwiftLogNoOpLogHandler() }))
        -> AWSHTTPClient
    {
        AWSHTTPClient(
            httpClient: httpClient,
            credentialProvider: credentialProvider,
            region: region,
            endpoints: endpoints,
            retry: retry,
            now: now,
            logger: logger
        )
    }
}
