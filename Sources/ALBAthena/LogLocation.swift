/// An access-log folder in S3: `s3://bucket[/prefix]/AWSLogs/<account>/elasticloadbalancing/<region>/`.
public struct LogLocation: Sendable, Hashable, CustomStringConvertible {
    /// The URL, always ending in `/`.
    public let url: String
    /// The 12-digit account id and the region read from the URL.
    public let account: String
    public let region: String
    /// The bucket.
    public let bucket: String

    /// A location that does not have the access-log folder layout.
    public struct Invalid: Error, CustomStringConvertible {
        public var url: String
        public var reason: String
        public var description: String {
            "\(url): \(reason); expected s3://BUCKET[/PREFIX]/AWSLogs/ACCOUNT/elasticloadbalancing/REGION/"
        }
    }

    /// Parses and checks a URL; a date folder after the region (`…/2026/11/24/`) is cut off.
    public init(_ text: String) throws(Invalid) {
        guard text.hasPrefix("s3://") else { throw Invalid(url: text, reason: "not an s3:// URL") }
        let parts = text.dropFirst(5).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let logs = parts.firstIndex(of: "AWSLogs"), logs >= 1 else {
            throw Invalid(url: text, reason: "no AWSLogs folder")
        }
        guard parts.count >= logs + 4, parts[logs + 2] == "elasticloadbalancing" else {
            throw Invalid(url: text, reason: "no elasticloadbalancing/REGION after the account")
        }
        let account = parts[logs + 1]
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw Invalid(url: text, reason: "\(account) is not a 12-digit account id")
        }
        bucket = parts[0]
        self.account = account
        region = parts[logs + 3]
        url = "s3://" + parts[0...(logs + 3)].joined(separator: "/") + "/"
    }

    public var description: String { url }
}
