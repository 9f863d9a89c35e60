/// A service quota's applied value.
public struct ServiceQuota: Sendable, Hashable, Decodable {
    /// `lambda`, `vpc`, …
    public var serviceCode: String
    /// `L-B99A9384` (Lambda concurrent executions), …
    public var quotaCode: String
    /// Human name.
    public var quotaName: String?
    /// The value.
    public var value: Double?
    /// Unit (`None`, …).
    public var unit: String?
    /// Whether an increase can be requested.
    public var adjustable: Bool?

}

/// Service Quotas over JSON 1.1: `GetServiceQuota`.
public struct ServiceQuotasClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// The Lambda "Concurrent executions" quota code.
    public static let lambdaConcurrentExecutions = "L-B99A9384"

    private struct Request: Encodable {
        var serviceCode: String
        var quotaCode: String
    }

    private struct Response: Decodable {
        var quota: ServiceQuota?
    }

    /// `GetServiceQuota`.
    public func getServiceQuota(serviceCode: String, quotaCode: String) async throws -> ServiceQuota {
        let request = try AWSProtocolRequests.json(
            service: .serviceQuotas,
            action: "GetServiceQuota",
            version: "1.1",
            body: Request(serviceCode: serviceCode, quotaCode: quotaCode)
        )
        let response = try AWSProtocolRequests.decodeJSON(
            Response.self,
            from: try await core.send(request, service: .serviceQuotas),
            operation: "GetServiceQuota"
        )
        guard let quota = response.quota else {
            throw AWSClientError(.malformedResponse, "GetServiceQuota: response lacks Quota")
        }
        return quota
    }
}
