import Foundation

/// A service endpoint: scheme, host, optional port and base path.
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    /// The port when given explicitly.
    public var port: Int?
    /// A path prefix from the endpoint URL (usually empty).
    public var basePath: String

    /// Creates an endpoint.
    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses an endpoint URL such as `http://127.0.0.1:5055` or `https://monitoring.eu-west-1.amazonaws.com`.
    public init(url text: String, origin: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw AWSClientError(
                .invalidConfiguration,
                "\(origin): endpoint URL \"\(text)\" is not an http:// or https:// URL with a host"
            )
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.init(scheme: scheme, host: host, port: components.port, basePath: path)
    }

    /// The `Host` header value: host plus the port unless it is the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else { return name }
        return "\(name):\(port)"
    }

    /// The URL of `path` (wire form) with an encoded query.
    public func url(path: String, query: String) -> String {
        "\(scheme)://\(hostHeader)\(basePath)\(path)" + (query.isEmpty ? "" : "?\(query)")
    }

    public var description: String { "\(scheme)://\(hostHeader)\(basePath)" }

    /// The standard regional endpoint of a service.
    public static func standard(service: AWSServiceInfo, region: String) -> AWSEndpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(scheme: "https", host: "\(service.endpointPrefix).\(region).\(suffix)")
    }
}
