import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// EC2 instance-profile credentials through IMDSv2: `PUT /latest/api/token`, then
/// `GET /latest/meta-data/iam/security-credentials/` for the role name and `…/<role>` for the credentials.
///
/// The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT` or `http://169.254.169.254`; `AWS_EC2_METADATA_DISABLED=true`
/// turns the provider off. Timeout 1 s per call (`AWS_METADATA_SERVICE_TIMEOUT`).
public struct InstanceMetadataCredentialProvider: Sendable {
    /// The metadata service base URL.
    public var endpoint: String
    /// The HTTP client.
    public var httpClient: HTTPClient
    /// Per-call timeout.
    public var timeout: TimeAmount

    /// Reads the configuration; `nil` when disabled.
    public init?(environment: AWSEnvironment, httpClient: HTTPClient) {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        var base = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = base
        self.httpClient = httpClient
        timeout = .seconds(Int64(environment["AWS_METADATA_SERVICE_TIMEOUT"].flatMap(Int.init) ?? 1))
    }

    /// Where credentials come from.
    public var source: CredentialSource { CredentialSource(kind: "instance-metadata", detail: endpoint) }

    /// Fetches credentials.
    public func fetch(logger: Logger) async throws -> AWSCredentials {
        let what = "EC2 instance metadata service \(endpoint)"
        var tokenRequest = HTTPClientRequest(url: endpoint + "/latest/api/token")
        tokenRequest.method = .PUT
        tokenRequest.headers.add(name: "X-aws-ec2-metadata-token-ttl-seconds", value: "21600")
        let token = String(
            decoding: try await JSONCredentialsDocument.get(
                tokenRequest,
                httpClient: httpClient,
                timeout: timeout,
                what: what,
                logger: logger
            ),
            as: UTF8.self
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        var roleRequest = HTTPClientRequest(url: endpoint + "/latest/meta-data/iam/security-credentials/")
        roleRequest.headers.add(name: "X-aws-ec2-metadata-token", value: token)
        let roles = String(
            decoding: try await JSONCredentialsDocument.get(
                roleRequest,
                httpClient: httpClient,
                timeout: timeout,
                what: what,
                logger: logger
            ),
            as: UTF8.self
        )
        guard
            let role = roles.split(whereSeparator: \.isNewline).first.map({
                String($0).trimmingCharacters(in: .whitespaces)
            }),
            !role.isEmpty
        else {
            throw AWSClientError(.credentialSourceFailed, "\(what): no IAM role is attached to this instance")
        }
        var credentialsRequest = HTTPClientRequest(
            url: endpoint + "/latest/meta-data/iam/security-credentials/" + SigV4EncodingBridge.encode(role)
        )
        credentialsRequest.headers.add(name: "X-aws-ec2-metadata-token", value: token)
        let body = try await JSONCredentialsDocument.get(
            credentialsRequest,
            httpClient: httpClient,
            timeout: timeout,
            what: what,
            logger: logger
        )
        return try JSONCredentialsDocument.parse(body, what: "\(what) (role \(role))")
    }
}

enum SigV4EncodingBridge {
    static func encode(_ text: String) -> String { SigV4Encoding.encode(text) }
}
