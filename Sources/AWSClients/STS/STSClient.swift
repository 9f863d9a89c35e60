import AWSSigV4
import Foundation

/// AWS STS: who am I, and temporary credentials for roles.
public struct STSClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client on `core`.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// The caller's identity.
    public struct CallerIdentity: Sendable, Hashable, Codable {
        /// Account id.
        public var account: String
        /// The caller's ARN.
        public var arn: String
        /// The unique id of the principal.
        public var userID: String
    }

    /// `GetCallerIdentity`.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let request = AWSProtocolRequests.query(service: .sts, action: "GetCallerIdentity", parameters: [])
        let root = try AWSProtocolRequests.decodeXML(
            try await core.send(request, service: .sts),
            operation: request.operation
        )
        let result = try AWSProtocolRequests.require(
            root["GetCallerIdentityResult"],
            "GetCallerIdentityResult",
            operation: request.operation
        )
        guard let account = result.string("Account"), let arn = result.string("Arn") else {
            throw AWSClientError(.malformedResponse, "GetCallerIdentity: response lacks Account or Arn")
        }
        return CallerIdentity(account: account, arn: arn, userID: result.string("UserId") ?? "")
    }

    /// `AssumeRole`: temporary credentials for `roleARN`.
    public func assumeRole(
        roleARN: String,
        sessionName: String,
        externalID: String? = nil,
        durationSeconds: Int? = nil
    ) async throws -> AWSCredentials {
        var parameters: [(name: String, value: String)] = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let request = AWSProtocolRequests.query(service: .sts, action: "AssumeRole", parameters: parameters)
        return try await credentials(of: request, result: "AssumeRoleResult")
    }

    /// `AssumeRoleWithWebIdentity`: temporary credentials for `roleARN` from an OIDC token (an unsigned call).
    public func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, webIdentityToken: String) async throws
        -> AWSCredentials
    {
        let request = AWSProtocolRequests.query(
            service: .sts,
            action: "AssumeRoleWithWebIdentity",
            parameters: [
                ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken),
            ],
            signed: false
        )
        return try await credentials(of: request, result: "AssumeRoleWithWebIdentityResult")
    }

    private func credentials(of request: AWSRequest, result: String) async throws -> AWSCredentials {
        let root = try AWSProtocolRequests.decodeXML(
            try await core.send(request, service: .sts),
            operation: request.operation
        )
        let node = try AWSProtocolRequests.require(
            root[result]?["Credentials"],
            "\(result).Credentials",
            operation: request.operation
        )
        guard let keyID = node.string("AccessKeyId"), let secret = node.string("SecretAccessKey") else {
            throw AWSClientError(
                .malformedResponse,
                "\(request.operation): response lacks AccessKeyId or SecretAccessKey"
            )
        }
        let expiration = node.string("Expiration").flatMap(AWSTimestamp.parse)
        return AWSCredentials(
            accessKeyID: keyID,
            secretAccessKey: secret,
            sessionToken: node.string("SessionToken"),
            expiration: expiration
        )
    }
}
