import AWSSigV4
import Foundation

/// The configuration of a Lambda function (fields ALB Doctor uses).
public struct LambdaFunctionConfiguration: Sendable, Hashable, Decodable {
    /// Name.
    public var functionName: String
    /// ARN.
    public var functionARN: String?
    /// Runtime (`python3.12`).
    public var runtime: String?
    /// Timeout in seconds.
    public var timeout: Int?
    /// Memory in MB.
    public var memorySize: Int?
    /// `Active`, `Pending`, `Inactive`, `Failed`.
    public var state: String?
    /// `Successful`, `Failed`, `InProgress`.
    public var lastUpdateStatus: String?
    /// The last modification time as Lambda wrote it.
    public var lastModified: String?
    /// VPC subnets, when the function runs in a VPC.
    public var subnetIDs: [String]
    /// VPC security groups.
    public var securityGroupIDs: [String]

    /// `lastModified` parsed (Lambda writes `…+0000`, emulators nine fractional digits and `Z`).
    public var lastModifiedDate: Date? { lastModified.flatMap(AWSTimestamp.parseISO8601) }

    enum CodingKeys: String, CodingKey {
        case functionName, runtime, timeout, memorySize, state, lastUpdateStatus, lastModified, vpcConfig
        case functionARN = "functionArn"
    }

    private struct VPCConfig: Decodable {
        var subnetIds: [String]?
        var securityGroupIds: [String]?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        functionName = try container.decode(String.self, forKey: .functionName)
        functionARN = try container.decodeIfPresent(String.self, forKey: .functionARN)
        runtime = try container.decodeIfPresent(String.self, forKey: .runtime)
        timeout = try container.decodeIfPresent(Int.self, forKey: .timeout)
        memorySize = try container.decodeIfPresent(Int.self, forKey: .memorySize)
        state = try container.decodeIfPresent(String.self, forKey: .state)
        lastUpdateStatus = try container.decodeIfPresent(String.self, forKey: .lastUpdateStatus)
        lastModified = try container.decodeIfPresent(String.self, forKey: .lastModified)
        let vpc = try container.decodeIfPresent(VPCConfig.self, forKey: .vpcConfig)
        subnetIDs = vpc?.subnetIds ?? []
        securityGroupIDs = vpc?.securityGroupIds ?? []
    }
}

/// AWS Lambda over REST-JSON: `GetFunctionConfiguration`.
public struct LambdaClient: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// `GetFunctionConfiguration` by name, partial ARN or ARN (the ARN's `:` are percent-encoded in the path).
    public func getFunctionConfiguration(function: String, qualifier: String? = nil) async throws
        -> LambdaFunctionConfiguration
    {
        let request = AWSRequest(
            operation: "GetFunctionConfiguration",
            iamAction: "lambda:GetFunctionConfiguration",
            method: "GET",
            path: "/2015-03-31/functions/\(SigV4Encoding.encode(function))/configuration",
            query: qualifier.map { [("Qualifier", $0)] } ?? [],
            errorProtocol: .json
        )
        return try AWSProtocolRequests.decodeJSON(
            LambdaFunctionConfiguration.self,
            from: try await core.send(request, service: .lambda),
            operation: "GetFunctionConfiguration"
        )
    }
}
