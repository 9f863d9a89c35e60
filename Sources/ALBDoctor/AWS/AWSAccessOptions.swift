import AWSClients

/// How to reach AWS, as given on the command line (`--profile`, `--region`, `--endpoint-url`); everything
/// else is resolved from the environment and the shared config files like the AWS CLI does.
public struct AWSAccessOptions: Sendable, Hashable {
    /// `--profile`.
    public var profile: String?
    /// `--region`.
    public var region: String?
    /// `--endpoint-url` (e.g. `http://127.0.0.1:5000` for moto).
    public var endpointURL: String?

    /// Creates options.
    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
    }

    /// Resolves profile, region, endpoints and credentials.
    public func resolve(environment: AWSEnvironment = .process) throws -> AWSContext {
        try AWSContext.resolve(
            settings: AWSSettings(profile: profile, region: region, endpointURL: endpointURL),
            environment: environment
        )
    }
}
