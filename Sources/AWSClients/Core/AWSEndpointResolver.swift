/// Chooses the endpoint of each service as the AWS CLI does:
/// `--endpoint-url`, then `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the profile's
/// `endpoint_url`, then the standard regional endpoint. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores
/// the environment and profile settings (but not `--endpoint-url`).
public struct AWSEndpointResolver: Sendable, Hashable {
    /// From `--endpoint-url`: applies to every service.
    public var commandLineOverride: String?
    /// Environment variables (for `AWS_ENDPOINT_URL*`).
    public var environment: [String: String]
    /// The profile's `endpoint_url`.
    public var profileEndpoint: String?
    /// S3 addressing.
    public var s3AddressingStyle: S3AddressingStyle

    /// How S3 requests name the bucket.
    public enum S3AddressingStyle: String, Sendable, Hashable {
        /// Virtual-hosted for DNS-compatible names on standard endpoints, path-style otherwise
        /// (custom endpoints such as an emulator get path-style).
        case auto
        /// `https://s3.region.amazonaws.com/bucket/key`.
        case path
        /// `https://bucket.s3.region.amazonaws.com/key`.
        case virtual
    }

    /// Creates a resolver.
    public init(
        commandLineOverride: String? = nil,
        environment: [String: String] = [:],
        profileEndpoint: String? = nil,
        s3AddressingStyle: S3AddressingStyle = .auto
    ) {
        self.commandLineOverride = commandLineOverride
        self.environment = environment
        self.profileEndpoint = profileEndpoint
        self.s3AddressingStyle = s3AddressingStyle
    }

    private func env(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The endpoint for `service` in `region`, and whether it was overridden.
    public func endpoint(for service: AWSServiceInfo, region: String) throws -> (endpoint: AWSEndpoint, custom: Bool) {
        if let url = commandLineOverride {
            return (try AWSEndpoint(url: url, origin: "--endpoint-url"), true)
        }
        let ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.lowercased() == "true"
        if !ignore {
            let serviceVariable = "AWS_ENDPOINT_URL_\(service.endpointEnvironmentID)"
            if let url = env(serviceVariable) {
                return (try AWSEndpoint(url: url, origin: serviceVariable), true)
            }
            if let url = env("AWS_ENDPOINT_URL") {
                return (try AWSEndpoint(url: url, origin: "AWS_ENDPOINT_URL"), true)
            }
            if let url = profileEndpoint {
                return (try AWSEndpoint(url: url, origin: "profile endpoint_url"), true)
            }
        }
        return (AWSEndpoint.standard(service: service, region: region), false)
    }

    /// Whether a bucket name can be a DNS label for virtual-hosted addressing over TLS.
    public static func isVirtualHostable(bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count), !bucket.contains(".") else { return false }
        for byte in bytes {
            let ok = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
            if !ok { return false }
        }
        return bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
    }
}
