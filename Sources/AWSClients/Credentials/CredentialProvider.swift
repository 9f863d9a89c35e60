import AWSSigV4
import Logging

/// Something that yields AWS credentials (environment, profile, process, STS, container, instance metadata).
public protocol CredentialProvider: Sendable {
    /// Returns current credentials, fetching or refreshing them as needed.
    func credentials(logger: Logger) async throws -> AWSCredentials
    /// Where the credentials come from, for `whoami` and error messages (never contains secrets).
    var source: CredentialSource { get }
}

/// A human description of a credential source.
public struct CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// Stable kind: `environment`, `shared-credentials-file`, `config-file`, `credential-process`,
    /// `assume-role`, `web-identity`, `container`, `instance-metadata`, `static`.
    public var kind: String
    /// Details: file and profile, role ARN, endpoint.
    public var detail: String

    /// Creates a source description.
    public init(kind: String, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? kind : "\(kind) (\(detail))" }
}

/// Fixed credentials (tests, or credentials resolved elsewhere).
public struct StaticCredentialProvider: CredentialProvider {
    /// The credentials.
    public var value: AWSCredentials
    public var source: CredentialSource

    /// Creates a provider that always returns `credentials`.
    public init(_ credentials: AWSCredentials, source: CredentialSource = CredentialSource(kind: "static", detail: ""))
    {
        self.value = credentials
        self.source = source
    }

    public func credentials(logger: Logger) async throws -> AWSCredentials { value }
}
