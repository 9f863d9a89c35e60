/// One target to probe, parsed from an `http://` or `https://` URL.
///
/// The parser is strict on purpose: the probe writes the request line and `Host` header from these
/// parts as raw bytes, so anything that could not go on the wire unchanged is rejected with a reason.
public struct ProbeTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The protocol the load balancer would use towards the target.
    public enum Scheme: String, Sendable, Hashable, Codable {
        case http
        case https
    }

    /// The URL as given.
    public var url: String
    /// `http` or `https`.
    public var scheme: Scheme
    /// The host name or IP address, without IPv6 brackets.
    public var host: String
    /// The TCP port (explicit, or 80/443 from the scheme).
    public var port: Int
    /// The request target: path plus query, always starting with `/`.
    public var path: String

    /// Creates a target from its parts; `url` is rebuilt from them.
    public init(scheme: Scheme, host: String, port: Int, path: String = "/") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path.isEmpty ? "/" : path
        let hostPart = host.contains(":") ? "[\(host)]" : host
        self.url = "\(scheme.rawValue)://\(hostPart):\(port)\(self.path)"
    }

    public var description: String { url }

    /// The value of the `Host` header: the host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let defaultPort = scheme == .https ? 443 : 80
        return port == defaultPort ? hostPart : "\(hostPart):\(port)"
    }

    /// Whether the host is an IP address literal (no name resolution, no SNI).
    public var hostIsIPAddress: Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && (Int(part) ?? 256) <= 255
            }
    }

    /// Parses a target URL such as `http://10.0.3.17:8080/health` or `https://[fd00::5]/`.
    ///
    /// - Throws: ``ProbeError/invalidURL(input:reason:)``, ``ProbeError/unsupportedScheme(input:scheme:)``
    ///   or ``ProbeError/portOutOfRange(input:port:)``, each naming what was wrong.
    public static func parse(_ input: String) throws(ProbeError) -> ProbeTarget {
        let text = input.trimmingASCIIWhitespace()
        guard !text.isEmpty else { throw .invalidURL(input: input, reason: "the URL is empty") }
        let separator = text.indices.first { text[$0...].hasPrefix("://") }
        guard let schemeEnd = separator else {
            throw .invalidURL(input: input, reason: "missing 'http://' or 'https://'")
        }
        let schemeText = text[..<schemeEnd].lowercased()
        guard let scheme = Scheme(rawValue: schemeText) else {
            throw .unsupportedScheme(input: input, scheme: String(text[..<schemeEnd]))
        }
        let rest = text[text.index(schemeEnd, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var pathPart = String(rest[authorityEnd...])
        if let hash = pathPart.firstIndex(of: "#") { pathPart = String(pathPart[..<hash]) }
        if pathPart.hasPrefix("?") { pathPart = "/" + pathPart }
        if pathPart.isEmpty { pathPart = "/" }
        if let bad = pathPart.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            let what = bad.value == 0x20 ? "a space" : "character U+" + String(bad.value, radix: 16, uppercase: true)
            throw .invalidURL(input: input, reason: "the path contains \(what) (percent-encode it)")
        }
        guard !authority.isEmpty else { throw .invalidURL(input: input, reason: "the host is missing") }
        if authority.contains("@") {
            throw .invalidURL(input: input, reason: "user information ('user@') is not supported")
        }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidURL(input: input, reason: "the IPv6 address is missing its closing ']'")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw .invalidURL(input: input, reason: "unexpected text '\(after)' after the IPv6 address")
                }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidURL(input: input, reason: "'\(host)' is not an IPv6 address")
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.isEmpty else { throw .invalidURL(input: input, reason: "the host is missing") }
            if let bad = host.first(where: {
                !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_"))
            }) {
                throw .invalidURL(input: input, reason: "the host '\(host)' contains '\(bad)'")
            }
        }

        var port = scheme == .https ? 443 : 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 6, portText.allSatisfy(\.isASCIIDigit), let value = Int(portText)
            else {
                if portText.hasPrefix("-") || (!portText.isEmpty && portText.allSatisfy(\.isASCIIDigit)) {
                    throw .portOutOfRange(input: input, port: String(portText))
                }
                throw .invalidURL(input: input, reason: "the port '\(portText)' is not a number")
            }
            guard (1...65535).contains(value) else { throw .portOutOfRange(input: input, port: String(portText)) }
            port = value
        }
        var target = ProbeTarget(scheme: scheme, host: String(host).lowercased(), port: port, path: pathPart)
        target.url = text
        return target
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            view.removeFirst()
        }
        while let last = view.last, last == " " || last == "\t" || last == "\n" || last == "\r" { view.removeLast() }
        return String(view)
    }
}
