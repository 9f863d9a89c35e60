import AWSClients
import Foundation
import Logging

/// `alb-doctor aws whoami`: which identity, account, profile, region and credential source the tool will
/// use — the same resolution as the AWS CLI — checked with STS `GetCallerIdentity`. Secrets are never shown;
/// the access key id is masked.
public struct AWSWhoAmI: Sendable {
    /// What was resolved and what STS answered.
    public struct Report: Sendable, Hashable, Codable {
        /// The profile in use.
        public var profile: String
        /// Where the profile came from.
        public var profileOrigin: String
        /// The region.
        public var region: String
        /// Where the region came from.
        public var regionOrigin: String
        /// The credential source (`environment`, `shared-credentials-file (…)`, `assume-role (…)`, …).
        public var credentialSource: String
        /// The access key id, masked (`AKIA************MPLE`).
        public var accessKeyID: String
        /// Whether the credentials are temporary (have a session token).
        public var temporary: Bool
        /// When temporary credentials expire (ISO 8601), if known.
        public var expiration: String?
        /// The STS endpoint that answered.
        public var stsEndpoint: String
        /// The account id.
        public var account: String
        /// The caller's ARN.
        public var arn: String
        /// The principal's unique id.
        public var userID: String

        enum CodingKeys: String, CodingKey {
            case profile, region, account, arn, temporary, expiration
            case profileOrigin = "profile_origin"
            case regionOrigin = "region_origin"
            case credentialSource = "credential_source"
            case accessKeyID = "access_key_id"
            case stsEndpoint = "sts_endpoint"
            case userID = "user_id"
        }

        /// Aligned `key: value` lines.
        public var text: String {
            var rows: [(String, String)] = [
                ("account", account),
                ("arn", arn),
                ("user id", userID),
                ("profile", "\(profile) (from \(profileOrigin))"),
                ("region", "\(region) (from \(regionOrigin))"),
                ("credentials", credentialSource),
                ("access key id", accessKeyID + (temporary ? " (temporary)" : "")),
            ]
            if let expiration { rows.append(("expires", expiration)) }
            rows.append(("sts endpoint", stsEndpoint))
            let width = rows.map(\.0.count).max() ?? 0
            return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
                .joined(separator: "\n") + "\n"
        }

        /// Pretty JSON with sorted keys.
        public var json: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return ((try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
        }
    }

    /// The command-line options.
    public var options: AWSAccessOptions
    /// The environment to resolve from.
    public var environment: AWSEnvironment
    /// Debug logging (quiet unless the caller passes a verbose logger).
    public var logger: Logger

    /// Creates the command logic.
    public init(
        options: AWSAccessOptions,
        environment: AWSEnvironment = .process,
        logger: Logger = Logger(label: "alb-doctor.aws", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.options = options
        self.environment = environment
        self.logger = logger
    }

    /// Resolves the configuration, fetches credentials and calls `GetCallerIdentity`.
    public func run() async throws -> Report {
        let context = try options.resolve(environment: environment)
        let core = context.core(logger: logger)
        let credentials = try await context.credentialProvider.credentials(logger: logger)
        let identity = try await STSClient(core: core).getCallerIdentity()
        let endpoint = try context.endpoints.endpoint(for: .sts, region: context.region)
        return Report(
            profile: context.profile,
            profileOrigin: context.profileOrigin,
            region: context.region,
            regionOrigin: context.regionOrigin,
            credentialSource: context.credentialProvider.source.description,
            accessKeyID: credentials.maskedAccessKeyID,
            temporary: credentials.sessionToken != nil,
            expiration: credentials.expiration.map(AWSDateFormat.iso8601),
            stsEndpoint: endpoint.endpoint.description + (endpoint.custom ? " (custom)" : ""),
            account: identity.account,
            arn: identity.arn,
            userID: identity.userID
        )
    }
}
