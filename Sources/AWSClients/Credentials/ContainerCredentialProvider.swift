import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// ECS/EKS container credentials: `GET http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, or
/// `$AWS_CONTAINER_CREDENTIALS_FULL_URI` (loopback, the ECS/EKS link-local hosts, or https only), with
/// `Authorization` from `AWS_CONTAINER_AUTHORIZATION_TOKEN` or the file in `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
public struct ContainerCredentialProvider: Sendable {
    /// The credentials URL.
    public var url: String
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    public var token: String?
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each fetch; it rotates).
    public var tokenFile: String?
    /// The HTTP client.
    public var httpClient: HTTPClient
    /// Per-request timeout.
    public var timeout: TimeAmount

    /// Reads the configuration from `environment`; `nil` when neither URI variable is set.
    public init?(environment: AWSEnvironment, httpClient: HTTPClient, timeout: TimeAmount = .seconds(2)) throws {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            let endpoint = try AWSEndpoint(url: full, origin: "AWS_CONTAINER_CREDENTIALS_FULL_URI")
            let allowedHosts: Set<String> = ["localhost", "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "::1"]
            guard endpoint.scheme == "https" || allowedHosts.contains(endpoint.host) || endpoint.host.hasPrefix("127.")
            else {
                throw AWSClientError(
                    .invalidConfiguration,
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI: host \(endpoint.host) is not allowed over http "
                        + "(only loopback and the ECS/EKS container hosts, or https)"
                )
            }
            url = full
        } else {
            return nil
        }
        token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// Where credentials come from.
    public var source: CredentialSource { CredentialSource(kind: "container", detail: url) }

    /// Fetches credentials.
    public func fetch(logger: Logger) async throws -> AWSCredentials {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        var authorization = token
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw AWSClientError(
                    .credentialSourceFailed,
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile) cannot be read"
                )
            }
            authorization = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        let body = try await JSONCredentialsDocument.get(
            request,
            httpClient: httpClient,
            timeout: timeout,
            what: "container credentials endpoint \(url)",
            logger: logger
        )
        return try JSONCredentialsDocument.parse(body, what: "container credentials endpoint \(url)")
    }
}

/// The `{AccessKeyId, SecretAccessKey, Token, Expiration}` document of the container and IMDS endpoints.
enum JSONCredentialsDocument {
    struct Document: Decodable {
        var accessKeyId: String?
        var secretAccessKey: String?
        var token: String?
        var expiration: String?
        var code: String?
        var message: String?
    }

    static func get(
        _ request: HTTPClientRequest,
        httpClient: HTTPClient,
        timeout: TimeAmount,
        what: String,
        logger: Logger
    ) async throws -> [UInt8] {
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout, logger: logger)
        } catch {
            throw AWSClientError(.credentialSourceFailed, "\(what) did not answer: \(error)")
        }
        var buffer = try await response.body.collect(upTo: 1 << 20)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        guard response.status.code == 200 else {
            throw AWSClientError(
                .credentialSourceFailed,
                "\(what) answered HTTP \(response.status.code): \"\(AWSClientError.excerpt(bytes))\""
            )
        }
        return bytes
    }

    static func parse(_ bytes: [UInt8], what: String) throws -> AWSCredentials {
        guard let document = try? AWSProtocolRequests.jsonDecoder().decode(Document.self, from: Data(bytes)) else {
            throw AWSClientError(.credentialSourceFailed, "\(what) did not answer with a JSON object")
        }
        if let code = document.code, code != "Success" {
            throw AWSClientError(.credentialSourceFailed, "\(what) answered Code \(code): \(document.message ?? "")")
        }
        guard let keyID = document.accessKeyId, let secret = document.secretAccessKey else {
            throw AWSClientError(.credentialSourceFailed, "\(what): answer lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.expiration {
            guard let date = AWSTimestamp.parseISO8601(text) else {
                throw AWSClientError(.credentialSourceFailed, "\(what): Expiration \"\(text)\" is not ISO 8601")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID,
            secretAccessKey: secret,
            sessionToken: document.token,
            expiration: expiration
        )
    }
}
