import Foundation

/// AWS credentials: an access key id, its secret, and for temporary credentials a session token and expiry.
///
/// `description` and `debugDescription` never show the secret key or the session token, so a
/// credentials value can be interpolated into a log line or an error without leaking anything.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones). Not a secret, but masked in output.
    public var accessKeyID: String
    /// The secret access key. Never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials. Never printed.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// The access key id with all but its first four and last four characters replaced by `*`.
    public var maskedAccessKeyID: String {
        Self.mask(accessKeyID)
    }

    /// Masks a key-like string, keeping at most the first four and last four characters.
    public static func mask(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8)
            + String(characters.suffix(4))
    }

    /// Whether these credentials expire within `margin` seconds of `now` (always false without an expiry).
    public func expires(within margin: TimeInterval, of now: Date) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }

    public var description: String {
        var text = "AWSCredentials(accessKeyID: \(maskedAccessKeyID), secretAccessKey: <redacted>"
        if sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(AWSDateFormat.iso8601(expiration))" }
        return text + ")"
    }

    public var debugDescription: String { description }
}
