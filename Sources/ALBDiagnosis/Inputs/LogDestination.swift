/// Where the load balancer delivers one of its logs besides the access logs (health-check or connection logs),
/// as its attributes `<log>.s3.enabled`, `<log>.s3.bucket` and `<log>.s3.prefix` say.
///
/// JSON keys: `enabled`, `bucket` (omitted when empty), `prefix` (omitted when absent).
public struct LogDestination: Sendable, Codable, Hashable {
    /// `<log>.s3.enabled`.
    public var enabled: Bool
    /// `<log>.s3.bucket` (`nil` when empty or absent).
    public var bucket: String?
    /// `<log>.s3.prefix` (may be empty).
    public var prefix: String?

    /// Creates a destination.
    public init(enabled: Bool, bucket: String? = nil, prefix: String? = nil) {
        self.enabled = enabled
        self.bucket = bucket
        self.prefix = prefix
    }

    /// Reads the three attributes of `key` (`health_check_logs`, `connection_logs`) from
    /// `DescribeLoadBalancerAttributes`; `nil` when `<key>.s3.enabled` is not among them (the attributes were not
    /// read, or the API left the key out — AWS lists it, `false` by default; an emulator may not), so that an
    /// unknown setting is never reported as a disabled one.
    public init?(attributes: [String: String], key: String) {
        guard let enabled = attributes["\(key).s3.enabled"] else { return nil }
        self.init(
            enabled: enabled == "true",
            bucket: attributes["\(key).s3.bucket"].flatMap { $0.isEmpty ? nil : $0 },
            prefix: attributes["\(key).s3.prefix"]
        )
    }

    /// `s3://bucket/prefix` (`-` for a missing bucket).
    public var url: String { "s3://\(bucket ?? "-")/\(prefix ?? "")" }
}
