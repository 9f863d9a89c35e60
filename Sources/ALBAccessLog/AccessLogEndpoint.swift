/// An `ip:port` pair from `client:port`, `target:port` or `target:port_list`.
///
/// The address is split on the **last** colon, so IPv6 addresses (`2001:db8::1:443`) work. Brackets
/// around an IPv6 address (`[2001:db8::1]:443`) are removed.
public struct AccessLogEndpoint: Sendable, Hashable, Codable, CustomStringConvertible {
    public var ip: String
    public var port: Int

    public init(ip: String, port: Int) {
        self.ip = ip
        self.port = port
    }

    /// `ip:port`, with brackets around IPv6 addresses.
    public var description: String {
        ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// The `request` field split into its three parts: `METHOD URL PROTOCOL`.
///
/// The method ends at the first space and the protocol starts after the last space, so URLs with spaces
/// survive. Parts logged as `-` are `nil`.
public struct AccessLogRequest: Sendable, Hashable, Codable {
    /// The field as logged (escapes resolved).
    public var raw: String
    public var method: String?
    public var url: String?
    public var protocolVersion: String?

    public init(raw: String, method: String?, url: String?, protocolVersion: String?) {
        self.raw = raw
        self.method = method
        self.url = url
        self.protocolVersion = protocolVersion
    }

    /// Splits a request line (`GET http://example.com:80/ HTTP/1.1`).
    public init(raw: String) {
        self.raw = raw
        func dashToNil(_ s: Substring) -> String? { s == "-" || s.isEmpty ? nil : String(s) }
        guard let first = raw.firstIndex(of: " ") else {
            method = dashToNil(raw[...])
            url = nil
            protocolVersion = nil
            return
        }
        method = dashToNil(raw[..<first])
        let last = raw.lastIndex(of: " ") ?? first
        if last == first {
            url = dashToNil(raw[raw.index(after: first)...])
            protocolVersion = nil
        } else {
            url = dashToNil(raw[raw.index(after: first)..<last])
            protocolVersion = dashToNil(raw[raw.index(after: last)...])
        }
    }
}
