/// An error that stops a probe before it can talk to the target: bad input or a name that does not resolve.
///
/// What happens on the wire (refused, reset, timeout, TLS alert) is never an error: it is a result,
/// reported in ``ProbeResult``.
public enum ProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not an `http://` or `https://` URL the probe can use.
    case invalidURL(input: String, reason: String)
    /// The URL uses a scheme other than `http` or `https`.
    case unsupportedScheme(input: String, scheme: String)
    /// The port is not a number between 1 and 65535.
    case portOutOfRange(input: String, port: String)
    /// The host name did not resolve to an address.
    case nameDidNotResolve(host: String, detail: String)
    /// The back-end security policy name is not one the probe knows.
    case unknownBackendPolicy(name: String, known: [String])
    /// A configuration value is outside its allowed range.
    case invalidConfiguration(field: String, value: String, expected: String)

    /// A stable machine-readable code without dynamic values.
    public var code: String {
        switch self {
        case .invalidURL: "invalid-url"
        case .unsupportedScheme: "unsupported-scheme"
        case .portOutOfRange: "port-out-of-range"
        case .nameDidNotResolve: "name-did-not-resolve"
        case .unknownBackendPolicy: "unknown-backend-policy"
        case .invalidConfiguration: "invalid-configuration"
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let input, let reason):
            "invalid target URL '\(input)': \(reason) (expected e.g. http://10.0.3.17:8080/health)"
        case .unsupportedScheme(let input, let scheme):
            "invalid target URL '\(input)': scheme '\(scheme)' is not supported (expected http or https)"
        case .portOutOfRange(let input, let port):
            "invalid target URL '\(input)': port '\(port)' is outside 1-65535"
        case .nameDidNotResolve(let host, let detail):
            "target host '\(host)' does not resolve to an address: \(detail)"
        case .unknownBackendPolicy(let name, let known):
            "unknown back-end security policy '\(name)' (expected one of: \(known.joined(separator: ", ")))"
        case .invalidConfiguration(let field, let value, let expected):
            "invalid \(field) '\(value)': expected \(expected)"
        }
    }
}
